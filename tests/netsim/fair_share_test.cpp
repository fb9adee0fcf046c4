// Max-min fair sharing by progressive filling (netsim::FairShare): textbook cases, hop
// weights, uncapped flows, and the max-min property on random networks.
#include "netsim/fair_share.hpp"

#include "seeded_random.hpp"

#include <gtest/gtest.h>

using namespace netsim;

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
    Random rng{std::mt19937_64(42)};
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
            EXPECT_LE(r[f], demand[f].cap * (1 + 1e-9));
            if (r[f] >= demand[f].cap * (1 - 1e-6)) continue;
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

TEST(FairShare, UncappedFlowsShareByTheirBottleneck) {
    // As FlowNetwork uses it: messages without a cap, each crossing its path once.
    LinkUse both = {{0, 1}, {1, 1}}, a = {{0, 1}};
    std::vector<double> r;
    FairShare fs({10, 4});
    fs.solve({{&both, kUncapped}, {&a, kUncapped}}, r);
    EXPECT_NEAR(r[0], 4, 1e-9);  // held by link 1
    EXPECT_NEAR(r[1], 6, 1e-9);  // takes what is left of link 0
}
