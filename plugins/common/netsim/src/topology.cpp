#include "netsim/topology.hpp"

#include <deque>
#include <limits>
#include <stdexcept>

namespace netsim {

NodeId Topology::add_host(std::string name) {
    nodes_.push_back(Node{std::move(name), NodeKind::Host, 0.0});
    out_links_.emplace_back();
    routes_.clear();
    return static_cast<NodeId>(nodes_.size() - 1);
}

NodeId Topology::add_switch(std::string name, double forwarding_latency_s) {
    if (!(forwarding_latency_s >= 0.0)) {
        throw std::invalid_argument("switch '" + name + "': forwarding latency must be >= 0 s");
    }
    nodes_.push_back(Node{std::move(name), NodeKind::Switch, forwarding_latency_s});
    out_links_.emplace_back();
    routes_.clear();
    return static_cast<NodeId>(nodes_.size() - 1);
}

std::pair<LinkId, LinkId> Topology::connect(NodeId a, NodeId b, const LinkSpec& spec) {
    check_node(a, "connect: first node");
    check_node(b, "connect: second node");
    if (a == b) throw std::invalid_argument("connect: a node cannot be linked to itself");
    spec.validate("link " + nodes_[a].name + "<->" + nodes_[b].name);
    auto ab = static_cast<LinkId>(links_.size());
    links_.push_back(DirectedLink{a, b, spec});
    out_links_[a].push_back(ab);
    auto ba = static_cast<LinkId>(links_.size());
    links_.push_back(DirectedLink{b, a, spec});
    out_links_[b].push_back(ba);
    routes_.clear();
    return {ab, ba};
}

const Node& Topology::node(NodeId id) const {
    check_node(id, "node");
    return nodes_[id];
}

const DirectedLink& Topology::link(LinkId id) const {
    if (id >= links_.size()) throw std::out_of_range("link id " + std::to_string(id) + " does not exist");
    return links_[id];
}

void Topology::check_node(NodeId id, const char* what) const {
    if (id >= nodes_.size()) {
        throw std::out_of_range(std::string(what) + ": node id " + std::to_string(id) + " does not exist");
    }
}

const std::vector<LinkId>& Topology::route(NodeId src, NodeId dst) const {
    check_node(src, "route: source");
    check_node(dst, "route: destination");
    auto key = std::make_pair(src, dst);
    if (auto it = routes_.find(key); it != routes_.end()) return it->second;

    // Breadth-first search; out_links_ are in creation order, so the first parent found
    // is the lowest link id at the shortest distance.
    constexpr LinkId none = std::numeric_limits<LinkId>::max();
    std::vector<LinkId> via(nodes_.size(), none);
    std::vector<bool> seen(nodes_.size(), false);
    std::deque<NodeId> frontier{src};
    seen[src] = true;
    while (!frontier.empty() && !seen[dst]) {
        NodeId n = frontier.front();
        frontier.pop_front();
        // Only switches forward; a host is an end point, never a transit hop.
        if (n != src && nodes_[n].kind == NodeKind::Host) continue;
        for (LinkId l : out_links_[n]) {
            NodeId next = links_[l].to;
            if (seen[next]) continue;
            seen[next] = true;
            via[next] = l;
            frontier.push_back(next);
        }
    }
    if (!seen[dst]) {
        throw std::invalid_argument("no route from " + nodes_[src].name + " to " + nodes_[dst].name);
    }
    std::vector<LinkId> path;
    for (NodeId n = dst; n != src; n = links_[via[n]].from) path.push_back(via[n]);
    std::vector<LinkId> forward(path.rbegin(), path.rend());
    return routes_.emplace(key, std::move(forward)).first->second;
}

Star make_star(std::uint32_t hosts, const LinkSpec& link, double switch_latency_s) {
    if (hosts == 0) throw std::invalid_argument("make_star: hosts must be at least 1 (got 0)");
    Star s;
    s.hub = s.topology.add_switch("switch", switch_latency_s);
    for (std::uint32_t i = 0; i < hosts; ++i) {
        NodeId h = s.topology.add_host("host" + std::to_string(i));
        auto [up, down] = s.topology.connect(h, s.hub, link);
        s.hosts.push_back(h);
        s.uplinks.push_back(up);
        s.downlinks.push_back(down);
    }
    return s;
}

}  // namespace netsim
