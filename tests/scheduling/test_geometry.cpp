// CASSINI geometry: unified circle, compatibility score, rotation search.
#include "scheduling/circle.hpp"
#include "scheduling/compatibility.hpp"
#include "scheduling/trace.hpp"

#include <gtest/gtest.h>

using namespace sextant::scheduling;

namespace {

Pattern job(const char* name, double period, double start, double duration, double gbps) {
    return {name, period, {{start, duration, gbps}}};
}

// Best rotation of `jobs` on one link of `capacity`, with `bins` arcs per longest period.
Rotation solve(const std::vector<Pattern>& jobs, double capacity, int bins_per_period, CircleDemand* out = nullptr) {
    std::vector<double> periods;
    std::vector<const Pattern*> ptrs;
    double longest = 0;
    for (const auto& j : jobs)
        periods.push_back(j.iteration_ms), ptrs.push_back(&j), longest = std::max(longest, j.iteration_ms);
    UnifiedCircle circle = unify(periods, 0.05, 16);
    int k = static_cast<int>(std::lround(circle.perimeter_ms / longest));
    CircleDemand d = rasterise(ptrs, std::vector<double>(jobs.size(), 1.0), circle, bins_per_period * k);
    if (out) *out = d;
    return best_rotation(d, capacity);
}

}  // namespace

TEST(Compatibility, HalfDutyJobsInterleaveFully) {
    // Two 100 ms jobs, each sending 50 Gbps for 50 ms, on a 50 Gbps link: shifting one by
    // 50 ms removes all overlap, so the score is exactly 1.
    Rotation r = solve({job("a", 100, 0, 50, 50), job("b", 100, 0, 50, 50)}, 50, 100);
    EXPECT_DOUBLE_EQ(r.score, 1.0);
    EXPECT_NEAR(std::abs(r.shift_ms[1] - r.shift_ms[0]), 50.0, 1e-9);
}

TEST(Compatibility, PartialOverlapByHand) {
    // 60 ms phases in 100 ms periods overlap at least 20 ms: excess 50 Gbps x 20 of 100 arcs,
    // score = 1 - (50 * 20) / (100 * 50) = 0.8.
    Rotation r = solve({job("a", 100, 0, 60, 50), job("b", 100, 0, 60, 50)}, 50, 100);
    EXPECT_NEAR(r.score, 0.8, 1e-12);
}

TEST(Compatibility, UnalignedScoreByHand) {
    // Without rotation the two 50 ms phases coincide: excess 50 Gbps on 50 of 100 arcs.
    std::vector<Pattern> jobs = {job("a", 100, 0, 50, 50), job("b", 100, 0, 50, 50)};
    CircleDemand d;
    solve(jobs, 50, 100, &d);
    EXPECT_NEAR(compatibility(d, {0, 0}, 50), 0.5, 1e-12);
    EXPECT_NEAR(compatibility(d, {0, 25}, 50), 0.75, 1e-12);
}

TEST(Compatibility, CanGoBelowZero) {
    // Three jobs each sending 100 Gbps all the time on a 50 Gbps link:
    // excess 250 on every arc -> 1 - 250/50 = -4.
    Rotation r = solve({job("a", 10, 0, 10, 100), job("b", 10, 0, 10, 100), job("c", 10, 0, 10, 100)}, 50, 10);
    EXPECT_NEAR(r.score, -4.0, 1e-12);
}

TEST(UnifiedCircle, DifferentPeriodsFitByHand) {
    // A: 100 ms with a 25 ms phase; B: 200 ms with a 50 ms phase. Circle of 200 ms: A goes
    // round twice ([0,25) and [100,125)), leaving two 75 ms gaps: B fits: score 1.
    Rotation r = solve({job("a", 100, 0, 25, 50), job("b", 200, 0, 50, 50)}, 50, 200);
    EXPECT_DOUBLE_EQ(r.score, 1.0);
    // With a 100 ms phase B must overlap A by at least 25 ms:
    // score = 1 - (50 * 25) / (200 * 50) = 0.875.
    Rotation r2 = solve({job("a", 100, 0, 25, 50), job("b", 200, 0, 100, 50)}, 50, 200);
    EXPECT_NEAR(r2.score, 0.875, 1e-12);
}

TEST(UnifiedCircle, ToleranceAndPadding) {
    UnifiedCircle exact = unify({100, 150}, 0.0, 8);
    EXPECT_DOUBLE_EQ(exact.perimeter_ms, 300);  // LCM
    EXPECT_EQ(exact.turns, (std::vector<int>{3, 2}));
    EXPECT_TRUE(exact.within_tolerance);
    // 99 and 200: 200 / 99 = 2.02 -> two turns, 99 padded to 100 (1%): accepted at 5%.
    UnifiedCircle near = unify({99, 200}, 0.05, 8);
    EXPECT_DOUBLE_EQ(near.perimeter_ms, 200);
    EXPECT_EQ(near.turns, (std::vector<int>{2, 1}));
    EXPECT_NEAR(near.worst_error, 200.0 / 198.0 - 1.0, 1e-12);
    // Turns are rounded down: a period is padded, never squeezed. 101 vs 200: k = 8 gives
    // 1600 ms = 15 x 106.7 (5.6% padding), the best up to 8 turns, but not within 5%.
    UnifiedCircle pad = unify({101, 200}, 0.05, 8);
    EXPECT_FALSE(pad.within_tolerance);
    EXPECT_DOUBLE_EQ(pad.perimeter_ms, 1600);
    EXPECT_EQ(pad.turns, (std::vector<int>{15, 8}));
    EXPECT_TRUE(unify({101, 200}, 0.06, 8).within_tolerance);
    // Nothing fits within 0 tolerance and 2 turns: best effort, flagged.
    UnifiedCircle none = unify({97, 200}, 0.0, 2);
    EXPECT_FALSE(none.within_tolerance);
}

TEST(Rotation, TwoJobsMatchBruteForce) {
    // The search tries every relative shift of two jobs: it must equal exhaustive search.
    Random rng(7);
    for (int trial = 0; trial < 40; ++trial) {
        std::vector<Pattern> jobs;
        for (int j = 0; j < 2; ++j) {
            Pattern p{"j" + std::to_string(j), 50.0 + 10 * rng.below(6), {}};
            double start = 0;
            for (int k = 0; k < 2; ++k) {
                double dur = 1 + rng.uniform() * (p.iteration_ms / 3);
                if (start + dur > p.iteration_ms) break;
                p.phases.push_back({start, dur, 10 + 40 * rng.uniform()});
                start += dur + rng.uniform() * 10;
            }
            jobs.push_back(p);
        }
        CircleDemand d;
        Rotation fast = solve(jobs, 50, 24, &d);
        Rotation brute = brute_force_rotation(d, 50);
        EXPECT_NEAR(fast.score, brute.score, 1e-9) << "trial " << trial;
    }
}

TEST(Rotation, ThreeThirdDutyJobsFindFullCompatibility) {
    Rotation r = solve({job("a", 90, 0, 30, 50), job("b", 90, 0, 30, 50), job("c", 90, 0, 30, 50)}, 50, 90);
    EXPECT_DOUBLE_EQ(r.score, 1.0);
    CircleDemand d;
    solve({job("a", 90, 0, 30, 50), job("b", 90, 0, 30, 50), job("c", 90, 0, 30, 50)}, 50, 18, &d);
    EXPECT_NEAR(best_rotation(d, 50).score, brute_force_rotation(d, 50).score, 1e-9);
}

TEST(Rotation, ShiftIsWithinOwnPeriod) {
    Rotation r = solve({job("a", 100, 0, 25, 50), job("b", 200, 0, 50, 50)}, 50, 200);
    EXPECT_LT(r.shift_ms[0], 100.0 + 1e-9);
    EXPECT_LT(r.shift_ms[1], 200.0 + 1e-9);
}

TEST(UnifiedCircle, LcmOfPeriodsRoundedToTheQuantum) {
    // 100 and 150 ms: LCM 300, no rounding.
    UnifiedCircle exact = unify_lcm({100, 150}, 1.0, 16, 0.05);
    EXPECT_DOUBLE_EQ(exact.perimeter_ms, 300);
    EXPECT_EQ(exact.turns, (std::vector<int>{3, 2}));
    EXPECT_FALSE(exact.truncated);
    EXPECT_DOUBLE_EQ(exact.worst_error, 0);
    // 99.6 ms rounds to 100 (error 0.4%, reported per job), 200 stays: LCM 200.
    UnifiedCircle rounded = unify_lcm({99.6, 200}, 1.0, 16, 0.05);
    EXPECT_DOUBLE_EQ(rounded.perimeter_ms, 200);
    EXPECT_EQ(rounded.turns, (std::vector<int>{2, 1}));
    ASSERT_EQ(rounded.period_error.size(), 2u);
    EXPECT_NEAR(rounded.period_error[0], 100 / 99.6 - 1, 1e-12);
    EXPECT_DOUBLE_EQ(rounded.period_error[1], 0);
    // 101 and 200: LCM 20,200 ms > 16 x 200: truncated to the fit, flagged.
    UnifiedCircle capped = unify_lcm({101, 200}, 1.0, 16, 0.05);
    EXPECT_TRUE(capped.truncated);
    EXPECT_LE(capped.perimeter_ms, 16 * 200.0);
    // A coarser quantum rounds 101 to 100: no truncation.
    UnifiedCircle coarse = unify_lcm({101, 200}, 10.0, 16, 0.05);
    EXPECT_FALSE(coarse.truncated);
    EXPECT_DOUBLE_EQ(coarse.perimeter_ms, 200);
    EXPECT_THROW(unify_lcm({100}, 0.0, 16, 0.05), std::invalid_argument);
}
