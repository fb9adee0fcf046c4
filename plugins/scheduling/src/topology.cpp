#include "scheduling/topology.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace sextant::scheduling {

namespace {
int server_up(int s) { return 2 * s; }
int server_down(int s) { return 2 * s + 1; }
}  // namespace

Topology::Topology(const TopologyConfig& config) : config_(config) {
    if (config.servers < 1) throw std::invalid_argument("topology: servers must be at least 1");
    if (config.gpus_per_server < 1) throw std::invalid_argument("topology: gpus_per_server must be at least 1");
    if (!(config.nic_gbps > 0)) throw std::invalid_argument("topology: nic_gbps must be positive");
    if (config.kind == TopologyKind::LeafSpine) {
        if (config.servers_per_leaf < 1) throw std::invalid_argument("topology: servers_per_leaf must be at least 1");
        if (!(config.oversubscription >= 1.0))
            throw std::invalid_argument("topology: oversubscription must be >= 1 (1 = non-blocking)");
        leaves_ = (config.servers + config.servers_per_leaf - 1) / config.servers_per_leaf;
    }
    for (int s = 0; s < config.servers; ++s) {
        links_.push_back({"s" + std::to_string(s) + ".up", config.nic_gbps, false});
        links_.push_back({"s" + std::to_string(s) + ".down", config.nic_gbps, false});
    }
    if (config.kind == TopologyKind::LeafSpine && leaves_ > 1) {
        for (int l = 0; l < leaves_; ++l) {
            // A leaf's uplink carries its servers' aggregate NIC rate divided by the
            // oversubscription ratio (the last leaf may hold fewer servers).
            int members = std::min(config.servers_per_leaf, config.servers - l * config.servers_per_leaf);
            double cap = members * config.nic_gbps / config.oversubscription;
            links_.push_back({"leaf" + std::to_string(l) + ".up", cap, true});
            links_.push_back({"leaf" + std::to_string(l) + ".down", cap, true});
        }
    }
}

int Topology::leaf_of(int server) const {
    if (config_.kind != TopologyKind::LeafSpine) return 0;
    return server / config_.servers_per_leaf;
}

std::vector<int> Topology::route(int from, int to) const {
    if (from == to) return {};
    std::vector<int> path{server_up(from)};
    int la = leaf_of(from), lb = leaf_of(to);
    if (la != lb) {
        int base = 2 * config_.servers;
        path.push_back(base + 2 * la);      // leaf la -> spine
        path.push_back(base + 2 * lb + 1);  // spine -> leaf lb
    }
    path.push_back(server_down(to));
    return path;
}

LinkUse Topology::ring_links(const std::vector<int>& servers) const {
    std::map<int, int> hops;
    if (servers.size() < 2) return {};
    for (size_t i = 0; i < servers.size(); ++i) {
        int from = servers[i], to = servers[(i + 1) % servers.size()];
        for (int link : route(from, to)) ++hops[link];
    }
    return LinkUse(hops.begin(), hops.end());
}

LinkUse Topology::up_half(const LinkUse& use) {
    LinkUse up;
    for (size_t i = 0; i < use.size(); ++i) {
        auto [l, hops] = use[i];
        if (l % 2 != 0) continue;
        // Sorted by link id, so the down twin (l + 1) is next.
        if (i + 1 >= use.size() || use[i + 1].first != twin(l) || use[i + 1].second != hops)
            throw std::logic_error("link use is not symmetric: link " + std::to_string(l) + " and its twin differ");
        up.emplace_back(l, hops);
    }
    if (up.size() * 2 != use.size())
        throw std::logic_error("link use is not symmetric: a down link without its up twin");
    return up;
}

TopologyKind parse_topology_kind(const std::string& text) {
    if (text == "single-switch") return TopologyKind::SingleSwitch;
    if (text == "leaf-spine") return TopologyKind::LeafSpine;
    throw std::invalid_argument("topology: expected 'single-switch' or 'leaf-spine', got '" + text + "'");
}

}  // namespace sextant::scheduling
