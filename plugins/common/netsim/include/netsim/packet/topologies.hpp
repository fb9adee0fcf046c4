// The fabric shapes the congestion study uses, built as netsim::Topology, and a reader
// for arbitrary ones in the HPCC ns-3 code's topology format (simulation/mix/*.txt).
#pragma once

#include "netsim/topology.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace netsim::packet {

struct Network {
    Topology topology;
    std::vector<NodeId> hosts;  // in rank order
    std::string description;
};

struct ShapeLinks {
    double host_gbps = 100;
    double fabric_gbps = 0;       // switch-to-switch links; 0: same as host_gbps
    double latency_s = 1e-6;      // every link (fat.txt: 1 us)
    double switch_latency_s = 0;  // forwarding pipeline (the reference models none)
};

// N hosts on one switch.
Network make_single_switch(std::uint32_t hosts, const ShapeLinks& links);
// N senders on switch A, N receivers on switch B, one A-B bottleneck of fabric_gbps.
// hosts[0..N) are senders, hosts[N..2N) receivers.
Network make_dumbbell(std::uint32_t senders, const ShapeLinks& links);
// Two-level leaf-spine: `leaves` leaves of `hosts_per_leaf` hosts; each leaf has
// hosts_per_leaf * host_gbps / oversubscription of uplink capacity, one fabric_gbps link
// to each spine (so spines = that capacity / fabric_gbps, which must be a whole number).
Network make_leaf_spine(std::uint32_t leaves, std::uint32_t hosts_per_leaf, double oversubscription,
                        const ShapeLinks& links);

// "single-switch:N", "dumbbell:N", "leaf-spine:LxH:O" (O optional, default 1), or
// "file:PATH". Throws std::invalid_argument naming what was expected.
Network make_network(const std::string& spec, const ShapeLinks& links);

// The reference's format: line 1 "NODES SWITCHES LINKS"; line 2 the switch ids; then one
// line per cable "A B RATE DELAY LOSS" with RATE like 100Gbps and DELAY like 0.001ms.
Network read_topology_file(const std::string& path, double switch_latency_s = 0);

}  // namespace netsim::packet
