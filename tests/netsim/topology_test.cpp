#include "netsim/topology.hpp"

#include <gtest/gtest.h>

namespace netsim {
namespace {

TEST(Topology, StarRoutesHostToHostThroughTheSwitch) {
    Star s = make_star(4, LinkSpec{}, 1e-6);
    const auto& path = s.topology.route(s.hosts[1], s.hosts[3]);
    ASSERT_EQ(path.size(), 2u);
    EXPECT_EQ(path[0], s.uplinks[1]);
    EXPECT_EQ(path[1], s.downlinks[3]);
    EXPECT_TRUE(s.topology.route(s.hosts[2], s.hosts[2]).empty());
}

TEST(Topology, HostsDoNotForwardTraffic) {
    // a - h - b where h is a host: no route from a to b.
    Topology t;
    NodeId a = t.add_host("a");
    NodeId h = t.add_host("h");
    NodeId b = t.add_host("b");
    t.connect(a, h, LinkSpec{});
    t.connect(h, b, LinkSpec{});
    EXPECT_THROW(t.route(a, b), std::invalid_argument);
}

TEST(Topology, TwoTierRouteTakesFewestHops) {
    Topology t;
    NodeId s1 = t.add_switch("leaf1", 0);
    NodeId s2 = t.add_switch("leaf2", 0);
    NodeId spine = t.add_switch("spine", 0);
    NodeId a = t.add_host("a");
    NodeId b = t.add_host("b");
    t.connect(a, s1, LinkSpec{});
    t.connect(b, s2, LinkSpec{});
    t.connect(s1, spine, LinkSpec{});
    t.connect(s2, spine, LinkSpec{});
    EXPECT_EQ(t.route(a, b).size(), 4u);
}

TEST(Topology, BadLinkSpecNamesTheField) {
    Topology t;
    NodeId a = t.add_host("a");
    NodeId b = t.add_host("b");
    LinkSpec bad;
    bad.gbps = 0;
    try {
        t.connect(a, b, bad);
        FAIL() << "expected an error";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("gbps"), std::string::npos) << e.what();
    }
    LinkSpec lossy;
    lossy.loss = 1.0;
    EXPECT_THROW(t.connect(a, b, lossy), std::invalid_argument);
}

TEST(PacketFormat, CountsPacketsAndHeaders) {
    PacketFormat p{1000, 50};
    EXPECT_EQ(p.packets(0), 0u);
    EXPECT_EQ(p.packets(1), 1u);
    EXPECT_EQ(p.packets(1000), 1u);
    EXPECT_EQ(p.packets(1001), 2u);
    EXPECT_EQ(p.wire_bytes(2500), 2500u + 3 * 50);
    EXPECT_EQ(p.last_packet_wire_bytes(2500), 500u + 50);
    EXPECT_EQ(p.last_packet_wire_bytes(2000), 1000u + 50);
}

}  // namespace
}  // namespace netsim
