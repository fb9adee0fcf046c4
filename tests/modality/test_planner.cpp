// The offline planner: exact on hand-made and random profiles (a brute force over batch
// counts agrees), plans are consistent with their profile, menus are Pareto fronts.
#include "modality/planner.hpp"
#include "test_profiles.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <set>

using namespace sextant::modality;
using sextant::modality::testing::hand_profile;
using sextant::modality::testing::random_profile;

namespace {

struct Brute {
    bool feasible = false;
    double time = INFINITY;
    double best_accuracy = 0;
};

// (time, accuracy) of every choice of batch counts, each with its most accurate assignment.
using Options = std::vector<std::pair<double, double>>;

Brute best_for(const Options& options, double floor) {
    Brute r;
    for (auto [time, acc] : options) {
        r.best_accuracy = std::max(r.best_accuracy, acc);
        if (acc >= floor - 1e-9 && time < r.time) r.time = time, r.feasible = true;
    }
    return r;
}

// Every choice of batch counts k_{c,b} (each up to ceil(n/b)); for given counts the most
// accurate assignment fills the most accurate configurations' capacity first.
Options brute_force(const Profile& p, int n) {
    const size_t C = p.configs.size();
    std::vector<std::vector<int>> k(C);
    for (size_t c = 0; c < C; ++c) k[c].assign(p.configs[c].latency_ms.size(), 0);
    std::vector<size_t> by_acc(C);
    for (size_t c = 0; c < C; ++c) by_acc[c] = c;
    std::sort(by_acc.begin(), by_acc.end(),
              [&](size_t a, size_t b) { return p.configs[a].accuracy > p.configs[b].accuracy; });
    Options r;
    std::function<void(size_t, size_t)> rec = [&](size_t c, size_t bi) {
        if (c == C) {
            double time = 0;
            std::vector<int> cap(C, 0);
            for (size_t i = 0; i < C; ++i)
                for (size_t j = 0; j < k[i].size(); ++j) {
                    time += k[i][j] * p.configs[i].latency_ms[j].second;
                    cap[i] += k[i][j] * p.configs[i].latency_ms[j].first;
                }
            int left = n;
            double acc = 0;
            for (size_t i : by_acc) {
                int x = std::min(left, cap[i]);
                acc += x * p.configs[i].accuracy;
                left -= x;
            }
            if (left > 0) return;
            r.emplace_back(time, acc / n);
            return;
        }
        if (bi == k[c].size()) return rec(c + 1, 0);
        int b = p.configs[c].latency_ms[bi].first;
        for (int v = 0; v <= (n + b - 1) / b; ++v) {
            k[c][bi] = v;
            rec(c, bi + 1);
        }
        k[c][bi] = 0;
    };
    rec(0, 0);
    return r;
}

void expect_consistent(const Profile& p, const Plan& plan, int n) {
    int requests = 0;
    double time = 0, acc = 0;
    for (const auto& row : plan.rows) {
        EXPECT_GT(row.batches, 0);
        EXPECT_GT(row.requests, 0);
        EXPECT_LE(row.requests, row.batch * row.batches);
        requests += row.requests;
        time += row.batches * p.config(row.mask).latency(row.batch);
        acc += row.requests * p.config(row.mask).accuracy;
    }
    EXPECT_EQ(requests, n);
    EXPECT_NEAR(time, plan.time_ms, 1e-9 * std::max(1.0, time));
    EXPECT_NEAR(acc / n, plan.accuracy, 1e-12);
}

}  // namespace

TEST(Planner, BruteForceAgreesOnRandomProfiles) {
    std::mt19937 rng(7);
    const std::vector<std::vector<int>> batch_sets{{1, 2, 3}, {1, 4}, {2, 3}, {1, 2, 5}};
    int checked = 0;
    for (int trial = 0; trial < 40; ++trial) {
        std::vector<unsigned> masks = all_masks();
        std::shuffle(masks.begin(), masks.end(), rng);
        masks.resize(2 + trial % 2);
        std::sort(masks.begin(), masks.end());
        Profile p = random_profile(rng, masks, batch_sets[trial % batch_sets.size()]);
        Planner planner(p, 6);
        for (int n = 1; n <= 6; ++n) {
            Options options = brute_force(p, n);
            for (double floor : {0.0, 0.5, 0.7, 0.8, 0.9, 0.97, 1.0}) {
                Brute b = best_for(options, floor);
                Plan plan = planner.plan(n, floor);
                ASSERT_EQ(plan.feasible, b.feasible) << "trial " << trial << " n " << n << " floor " << floor;
                if (b.feasible) {
                    EXPECT_NEAR(plan.time_ms, b.time, 1e-9) << "trial " << trial << " n " << n << " floor " << floor;
                    EXPECT_GE(plan.accuracy, floor - 1e-12);
                } else {
                    EXPECT_NEAR(plan.accuracy, b.best_accuracy, 1e-12);
                }
                expect_consistent(p, plan, n);
                ++checked;
            }
        }
    }
    EXPECT_EQ(checked, 40 * 6 * 7);
}

TEST(Planner, HandProfileLowFloorUsesTextOnlyInOneBatch) {
    Profile p = hand_profile();
    Planner planner(p, 64);
    Plan plan = planner.plan(13, 0.0);
    ASSERT_TRUE(plan.feasible);
    ASSERT_EQ(plan.rows.size(), 1u);
    EXPECT_EQ(plan.rows[0].mask, kT);   // the cheapest encoder
    EXPECT_EQ(plan.rows[0].batch, 16);  // one padded batch beats 8 + 4 + 1
    EXPECT_EQ(plan.rows[0].requests, 13);
    expect_consistent(p, plan, 13);
}

TEST(Planner, FloorAboveBestIsInfeasibleWithTheBestAccuracy) {
    Profile p = hand_profile();
    Planner planner(p, 16);
    Plan plan = planner.plan(10, 0.99);
    EXPECT_FALSE(plan.feasible);
    EXPECT_NEAR(plan.accuracy, 0.95, 1e-12);  // everything with V+A+T
    for (const auto& row : plan.rows) EXPECT_EQ(row.mask, kAllModalities);
    // Exactly the best is reachable.
    EXPECT_TRUE(planner.plan(10, 0.95).feasible);
}

TEST(Planner, MenuIsAParetoFrontAndPlansMeetTheirFloors) {
    Profile p = hand_profile();
    Planner planner(p, 64);
    for (int n : {1, 7, 16, 64}) {
        const auto& menu = planner.menu(n);
        ASSERT_FALSE(menu.empty());
        for (size_t i = 1; i < menu.size(); ++i) {
            EXPECT_GT(menu[i].time_ms, menu[i - 1].time_ms);
            EXPECT_GT(menu[i].accuracy, menu[i - 1].accuracy);
        }
        for (double floor = 0.5; floor <= 0.95; floor += 0.01) {
            Plan plan = planner.plan(n, floor);
            ASSERT_TRUE(plan.feasible);
            EXPECT_GE(plan.accuracy, floor - 1e-12);
            expect_consistent(p, plan, n);
            // Monotone: a higher floor never costs less.
            EXPECT_LE(planner.plan(n, floor - 0.01).time_ms, plan.time_ms + 1e-12);
        }
    }
}

TEST(Planner, MixesConfigurationsToMeetAFloorCheaply) {
    // Between the accuracies of A+T (0.80) and V (0.88): a mix must beat using V for all.
    Profile p = hand_profile();
    Planner planner(p, 64);
    Plan plan = planner.plan(32, 0.84);
    ASSERT_TRUE(plan.feasible);
    std::set<unsigned> used;
    for (const auto& row : plan.rows) used.insert(row.mask);
    EXPECT_GT(used.size(), 1u);
    EXPECT_LT(plan.time_ms, planner.plan(32, 0.88).time_ms);
}

TEST(Planner, StrategyMatrixUsesTheBucketAboveAndTheFloorAbove) {
    Profile p = hand_profile();
    Planner planner(p, 64);
    StrategyMatrix m = strategy_matrix(planner, {64, 1, 4, 16}, {0.9, 0.8});
    EXPECT_EQ(m.job_sizes, (std::vector<int>{1, 4, 16, 64}));
    EXPECT_EQ(m.plans.size(), 4u);
    EXPECT_EQ(&m.lookup(5, 0.85), &m.plans[2][1]);
    EXPECT_EQ(&m.lookup(1, 0.7), &m.plans[0][0]);
    EXPECT_EQ(m.lookup(16, 0.9).job_size, 16);
    EXPECT_THROW(m.lookup(65, 0.8), std::out_of_range);
    EXPECT_THROW(m.lookup(3, 0.95), std::out_of_range);
}

TEST(Planner, RejectsAnInvalidProfile) {
    Profile p = hand_profile({1, 2});
    p.configs[0].latency_ms[1].second = 0.1;  // falls with the batch
    EXPECT_THROW(Planner(p, 4), std::invalid_argument);
    EXPECT_THROW(Planner(hand_profile(), 0), std::invalid_argument);
    EXPECT_THROW(Planner(hand_profile(), 4).menu(5), std::out_of_range);
}
