// Hosts and switches joined by full-duplex links, with fewest-hop routing.
// The star (every host on one switch) is what a rack with a programmable top-of-rack
// switch looks like; other shapes (leaf-spine, rings) are built with connect().
#pragma once

#include "netsim/link.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace netsim {

using NodeId = std::uint32_t;
using LinkId = std::uint32_t;

enum class NodeKind { Host, Switch };

struct Node {
    std::string name;
    NodeKind kind = NodeKind::Host;
    double forwarding_latency_s = 0.0;  // switches: ingress-to-egress pipeline delay
};

struct DirectedLink {
    NodeId from = 0;
    NodeId to = 0;
    LinkSpec spec;
};

class Topology {
public:
    NodeId add_host(std::string name);
    NodeId add_switch(std::string name, double forwarding_latency_s);
    // A full-duplex cable: two directed links (a->b, b->a) with the same spec.
    std::pair<LinkId, LinkId> connect(NodeId a, NodeId b, const LinkSpec& spec);

    const Node& node(NodeId id) const;
    const DirectedLink& link(LinkId id) const;
    std::size_t node_count() const { return nodes_.size(); }
    std::size_t link_count() const { return links_.size(); }

    // Fewest-hop path from src to dst as directed links (empty when src == dst).
    // Ties go to the lowest link ids so routes never depend on container order.
    // Throws std::invalid_argument when dst cannot be reached.
    const std::vector<LinkId>& route(NodeId src, NodeId dst) const;

private:
    void check_node(NodeId id, const char* what) const;

    std::vector<Node> nodes_;
    std::vector<DirectedLink> links_;
    std::vector<std::vector<LinkId>> out_links_;
    mutable std::map<std::pair<NodeId, NodeId>, std::vector<LinkId>> routes_;
};

// `hosts` hosts on one switch, every cable the same.
struct Star {
    Topology topology;
    NodeId hub = 0;
    std::vector<NodeId> hosts;
    std::vector<LinkId> uplinks;    // host -> switch
    std::vector<LinkId> downlinks;  // switch -> host
};
Star make_star(std::uint32_t hosts, const LinkSpec& link, double switch_latency_s);

}  // namespace netsim
