// The simulated network a run uses: K workers on one programmable switch (a rack with an
// aggregating top-of-rack switch), every number a user parameter. Where each default
// comes from is stated beside its declaration (target.cpp) and in docs/netsim.md.
#pragma once

#include "netsim/collectives.hpp"
#include "netsim/switch_aggregation.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace compression::simulated {

enum class HostCollective { ring, parameter_server };
HostCollective parse_host_collective(const std::string& text);  // "ring" | "parameter-server"
const char* to_string(HostCollective c);

// A fabric value, or values together, the simulation cannot run: what() says so in a
// sentence; params (as the plugins declare them) and expected let a plugin's check say it.
class FabricError : public std::invalid_argument {
public:
    FabricError(std::vector<std::string> params, std::string expected, const std::string& message)
        : std::invalid_argument(message), params(std::move(params)), expected(std::move(expected)) {}
    std::vector<std::string> params;
    std::string expected;
};

struct Fabric {
    std::uint32_t workers = 8;
    double link_gbps = 100.0;
    double link_latency_us = 1.0;    // one way, per link: cable + PHY + NIC
    double switch_latency_us = 0.5;  // switch pipeline, ingress to egress
    double loss_rate = 0.0;          // per packet, each direction of each switch link
    double retransmit_timeout_ms = 10.0;
    std::uint32_t switch_slots = 256;  // aggregation slots per pool (two pools: shadow copy)
    std::uint32_t switch_payload_bytes = 1024;
    std::uint32_t switch_header_bytes = 74;
    std::uint32_t host_payload_bytes = 4096;
    std::uint32_t host_header_bytes = 82;
    HostCollective host_collective = HostCollective::ring;
    std::uint32_t aggregators = 0;  // parameter server / OmniReduce hosts; 0 = one per worker
    bool aggregators_colocated = false;
    std::uint32_t aggregator_rounds = 32;  // pipelining depth of host aggregation
    std::uint64_t seed = 0;                // packet-loss draws

    // Throws FabricError naming the user parameter (link_gbps, switch_slots, ...) and what
    // it must be.
    void validate() const;

    netsim::SwitchAggregationConfig switch_config() const;
    netsim::StarFabric host_fabric() const;
    netsim::AggregatorSetup aggregator_setup() const;
};

}  // namespace compression::simulated
