#include "plots/pareto_front.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using sextant::Better;
using sextant::ui::pareto_front;
using sextant::ui::TradeoffPoint;
using Front = std::vector<std::size_t>;

TEST(ParetoFront, BothHigherIsBetter) {
    // (1,1) (2,0) (0,2) are mutually non-dominated; (1,0.5) is beaten by (1,1).
    const std::vector<TradeoffPoint> p = {{1, 1}, {2, 0}, {0, 2}, {1, 0.5}};
    EXPECT_EQ(pareto_front(p, Better::Higher, Better::Higher), (Front{2, 0, 1}));
}

TEST(ParetoFront, BothLowerIsBetter) {
    const std::vector<TradeoffPoint> p = {{1, 1}, {2, 0}, {0, 2}, {1, 0.5}, {3, 3}};
    // Minimising both: (0,2), (1,0.5), (2,0); (1,1) is beaten by (1,0.5); (3,3) by all.
    EXPECT_EQ(pareto_front(p, Better::Lower, Better::Lower), (Front{2, 3, 1}));
}

TEST(ParetoFront, MixedDirectionsThroughputAgainstLoss) {
    // x = time (lower better), y = accuracy (higher better).
    const std::vector<TradeoffPoint> p = {{1, 1}, {2, 2}, {3, 1}, {0, 0}};
    // (0,0) fastest; (1,1) not beaten; (2,2) most accurate; (3,1) beaten by (1,1) and (2,2).
    EXPECT_EQ(pareto_front(p, Better::Lower, Better::Higher), (Front{3, 0, 1}));
    // The other way round the front flips.
    EXPECT_EQ(pareto_front(p, Better::Higher, Better::Lower), (Front{3, 2}));
}

TEST(ParetoFront, IdenticalPointsAreAllOnTheFront) {
    const std::vector<TradeoffPoint> p = {{1, 1}, {0, 0}, {1, 1}};
    EXPECT_EQ(pareto_front(p, Better::Higher, Better::Higher), (Front{0, 2}));
}

TEST(ParetoFront, TiesOnOneAxisKeepOnlyTheBetterOther) {
    // Same x: the higher y wins. Same y: the higher x wins.
    EXPECT_EQ(pareto_front({{1, 1}, {1, 2}}, Better::Higher, Better::Higher), (Front{1}));
    EXPECT_EQ(pareto_front({{1, 2}, {2, 2}}, Better::Higher, Better::Higher), (Front{1}));
    // Weak domination removes a point: (2,1) and (1,2) both lose to (2,2).
    EXPECT_EQ(pareto_front({{2, 2}, {2, 1}, {1, 2}}, Better::Higher, Better::Higher), (Front{0}));
}

TEST(ParetoFront, AxisWithoutDirectionIsIgnored) {
    // Only y counts: every point with the best y is on the front.
    const std::vector<TradeoffPoint> p = {{0, 1}, {5, 3}, {7, 3}};
    EXPECT_EQ(pareto_front(p, Better::Neither, Better::Higher), (Front{1, 2}));
    EXPECT_TRUE(pareto_front(p, Better::Neither, Better::Neither).empty());
}

TEST(ParetoFront, NanAndEmpty) {
    EXPECT_TRUE(pareto_front({}, Better::Higher, Better::Higher).empty());
    const std::vector<TradeoffPoint> p = {{NAN, 10}, {1, 1}, {2, NAN}};
    EXPECT_EQ(pareto_front(p, Better::Higher, Better::Higher), (Front{1}));
}

// The definition, checked pair by pair, against the sweep on random grids full of ties.
TEST(ParetoFront, MatchesTheDefinitionOnRandomPointsWithTies) {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> coord(0, 5);
    const Better dirs[] = {Better::Higher, Better::Lower, Better::Neither};
    for (int trial = 0; trial < 300; ++trial) {
        std::vector<TradeoffPoint> p(1 + trial % 25);
        for (auto& q : p) q = {static_cast<double>(coord(rng)), static_cast<double>(coord(rng))};
        const Better bx = dirs[trial % 3], by = dirs[(trial / 3) % 3];
        if (bx == Better::Neither && by == Better::Neither) continue;
        auto good = [](double v, Better b) { return b == Better::Higher ? v : b == Better::Lower ? -v : 0.0; };
        Front expected;
        for (std::size_t i = 0; i < p.size(); ++i) {
            bool dominated = false;
            for (std::size_t j = 0; j < p.size() && !dominated; ++j) {
                const double xi = good(p[i].x, bx), yi = good(p[i].y, by), xj = good(p[j].x, bx), yj = good(p[j].y, by);
                dominated = xj >= xi && yj >= yi && (xj > xi || yj > yi);
            }
            if (!dominated) expected.push_back(i);
        }
        Front got = pareto_front(p, bx, by);
        std::sort(got.begin(), got.end());
        EXPECT_EQ(got, expected) << "trial " << trial;
    }
}
