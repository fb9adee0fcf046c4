// The simulated cluster: servers with GPUs joined by one switch or a two-tier leaf-spine
// fabric. Links are directed (full-duplex NICs), so a ring's hop A->B loads A's uplink
// and B's downlink but not the reverse direction.
#pragma once

#include <netsim/fair_share.hpp>

#include <string>
#include <utility>
#include <vector>

namespace sextant::scheduling {

enum class TopologyKind { SingleSwitch, LeafSpine };

struct TopologyConfig {
    int servers = 24;
    int gpus_per_server = 1;
    double nic_gbps = 50.0;  // CASSINI testbed: one 50 Gbps RoCE NIC per server
    TopologyKind kind = TopologyKind::LeafSpine;
    int servers_per_leaf = 4;
    double oversubscription = 2.0;  // leaf downlink capacity : leaf uplink capacity
};

struct Link {
    std::string name;  // "s3.up", "s3.down", "leaf1.up", "leaf1.down"
    double capacity_gbps = 0.0;
    bool spine = false;  // leaf <-> spine link (false: server <-> switch)
};

// A job's footprint on the fabric: each link with how many of its ring hops cross it
// (netsim's max-min solver takes it as it is).
using netsim::LinkUse;

class Topology {
public:
    explicit Topology(const TopologyConfig& config);  // throws std::invalid_argument

    const TopologyConfig& config() const { return config_; }
    int servers() const { return config_.servers; }
    int gpus_per_server() const { return config_.gpus_per_server; }
    int total_gpus() const { return config_.servers * config_.gpus_per_server; }
    int leaves() const { return leaves_; }
    int leaf_of(int server) const;
    const std::vector<Link>& links() const { return links_; }

    // Directed links that traffic from server `from` to server `to` crosses.
    std::vector<int> route(int from, int to) const;

    // Links used by a ring all-reduce over `servers` (visited in the given order).
    // One server: no network traffic (intra-server transfers are not modelled).
    LinkUse ring_links(const std::vector<int>& servers) const;

    // Links come in twins of equal capacity, the two directions of one cable: 2k (up) and
    // 2k+1 (down).
    static int twin(int link) { return link ^ 1; }
    // The up links of `use`, for a use that loads every link exactly as its twin (a ring
    // leaves each server and each leaf as often as it enters). Such a use's fair-share
    // constraints on a down link repeat those on its twin, so the up half suffices.
    // Throws std::logic_error for a use that is not symmetric.
    static LinkUse up_half(const LinkUse& use);

private:
    TopologyConfig config_;
    int leaves_ = 1;
    std::vector<Link> links_;
};

TopologyKind parse_topology_kind(const std::string& text);  // "single-switch" | "leaf-spine"

}  // namespace sextant::scheduling
