// Topology routes and the max-min fair flow model.
#include "scheduling/network.hpp"
#include "scheduling/topology.hpp"
#include "scheduling/trace.hpp"

#include <gtest/gtest.h>

using namespace sextant::scheduling;

TEST(Topology, LeafSpineLinksAndRoutes) {
    Topology t({8, 1, 50, TopologyKind::LeafSpine, 4, 2});
    ASSERT_EQ(t.links().size(), 8u * 2 + 2u * 2);
    EXPECT_DOUBLE_EQ(t.links()[16].capacity_gbps, 4 * 50 / 2.0);  // leaf0.up
    EXPECT_EQ(t.links()[16].name, "leaf0.up");
    EXPECT_EQ(t.route(0, 1), (std::vector<int>{0, 3}));                 // same leaf
    EXPECT_EQ(t.route(1, 5), (std::vector<int>{2, 16, 19, 11}));        // s1.up, leaf0.up, leaf1.down, s5.down
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

TEST(FairShare, EqualSplitAndCaps) {
    FairShare fs({100});
    LinkUse l = {{0, 1}};
    std::vector<double> r;
    fs.solve({{&l, 80}, {&l, 80}}, r);
    EXPECT_NEAR(r[0], 50, 1e-9);
    EXPECT_NEAR(r[1], 50, 1e-9);
    fs.solve({{&l, 20}, {&l, 80}}, r);  // the capped flow leaves its share to the other
    EXPECT_NEAR(r[0], 20, 1e-9);
    EXPECT_NEAR(r[1], 80, 1e-9);
}

TEST(FairShare, ClassicParkingLot) {
    // Links A (10) and B (10); flow 0 crosses both, flow 1 only A, flow 2 only B: all get 5.
    // Then widen B to 20: flow 2 takes the 15 that flow 0 cannot use.
    LinkUse both = {{0, 1}, {1, 1}}, a = {{0, 1}}, b = {{1, 1}};
    std::vector<double> r;
    FairShare fs({10, 10});
    fs.solve({{&both, 100}, {&a, 100}, {&b, 100}}, r);
    EXPECT_NEAR(r[0], 5, 1e-9);
    EXPECT_NEAR(r[1], 5, 1e-9);
    EXPECT_NEAR(r[2], 5, 1e-9);
    FairShare wide({10, 20});
    wide.solve({{&both, 100}, {&a, 100}, {&b, 100}}, r);
    EXPECT_NEAR(r[0], 5, 1e-9);
    EXPECT_NEAR(r[2], 15, 1e-9);
}

TEST(FairShare, HopsCountAgainstCapacity) {
    // A ring with two hops on one link uses twice its rate there.
    FairShare fs({90});
    LinkUse two = {{0, 2}}, one = {{0, 1}};
    std::vector<double> r;
    fs.solve({{&two, 100}, {&one, 100}}, r);
    EXPECT_NEAR(r[0], 30, 1e-9);
    EXPECT_NEAR(r[1], 30, 1e-9);
}

TEST(FairShare, ConservationAndBottlenecksOnRandomNetworks) {
    // Property: no link carries more than its capacity, and every flow is either at its cap
    // or crosses a full link on which no other flow gets more (max-min optimality).
    Random rng(42);
    for (int trial = 0; trial < 200; ++trial) {
        const int links = 1 + static_cast<int>(rng.below(8)), flows = 1 + static_cast<int>(rng.below(12));
        std::vector<double> cap;
        for (int l = 0; l < links; ++l) cap.push_back(10 + 90 * rng.uniform());
        std::vector<LinkUse> uses(flows);
        std::vector<FlowDemand> demand;
        for (int f = 0; f < flows; ++f) {
            for (int l = 0; l < links; ++l)
                if (rng.uniform() < 0.4) uses[f].emplace_back(l, 1 + static_cast<int>(rng.below(2)));
            if (uses[f].empty()) uses[f].emplace_back(static_cast<int>(rng.below(links)), 1);
            demand.push_back({&uses[f], 5 + 60 * rng.uniform()});
        }
        FairShare fs(cap);
        std::vector<double> r;
        fs.solve(demand, r);
        std::vector<double> load(links, 0.0);
        for (int f = 0; f < flows; ++f)
            for (auto [l, h] : uses[f]) load[l] += r[f] * h;
        for (int l = 0; l < links; ++l) EXPECT_LE(load[l], cap[l] * (1 + 1e-9)) << "trial " << trial;
        for (int f = 0; f < flows; ++f) {
            EXPECT_LE(r[f], demand[f].cap_gbps * (1 + 1e-9));
            if (r[f] >= demand[f].cap_gbps * (1 - 1e-6)) continue;
            bool bottleneck = false;
            for (auto [l, h] : uses[f]) {
                if (load[l] < cap[l] * (1 - 1e-6)) continue;
                bool largest = true;
                for (int g = 0; g < flows; ++g)
                    for (auto [l2, h2] : uses[g])
                        if (l2 == l && r[g] > r[f] * (1 + 1e-6)) largest = false;
                bottleneck = bottleneck || largest;
            }
            EXPECT_TRUE(bottleneck) << "trial " << trial << " flow " << f;
        }
    }
}
