// Topology routes (the max-min solver is netsim's: tests/netsim/fair_share_test.cpp).
#include "scheduling/topology.hpp"
#include "scheduling/trace.hpp"

#include <gtest/gtest.h>

using namespace sextant::scheduling;

TEST(Topology, LeafSpineLinksAndRoutes) {
    Topology t({8, 1, 50, TopologyKind::LeafSpine, 4, 2});
    ASSERT_EQ(t.links().size(), 8u * 2 + 2u * 2);
    EXPECT_DOUBLE_EQ(t.links()[16].capacity_gbps, 4 * 50 / 2.0);  // leaf0.up
    EXPECT_EQ(t.links()[16].name, "leaf0.up");
    EXPECT_EQ(t.route(0, 1), (std::vector<int>{0, 3}));           // same leaf
    EXPECT_EQ(t.route(1, 5), (std::vector<int>{2, 16, 19, 11}));  // s1.up, leaf0.up, leaf1.down, s5.down
    EXPECT_TRUE(t.route(3, 3).empty());
    // A ring 0 -> 1 -> 4 -> 5 crosses the spine twice: once up from each leaf.
    LinkUse ring = t.ring_links({0, 1, 4, 5});
    int leaf_hops = 0;
    for (auto [l, h] : ring)
        if (t.links()[l].spine) {
            leaf_hops += h;
            EXPECT_EQ(h, 1);
        }
    EXPECT_EQ(leaf_hops, 4);
    EXPECT_TRUE(t.ring_links({2}).empty());
}

TEST(Topology, RejectsBadConfig) {
    EXPECT_THROW(Topology({0, 1, 50, TopologyKind::SingleSwitch, 4, 1}), std::invalid_argument);
    EXPECT_THROW(Topology({4, 1, 50, TopologyKind::LeafSpine, 2, 0.5}), std::invalid_argument);
    EXPECT_THROW(parse_topology_kind("torus"), std::invalid_argument);
}
