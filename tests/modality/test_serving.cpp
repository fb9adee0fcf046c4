// The serving loop on the simulated executor: every request served once, determinism,
// MOSEL keeps floors and trades accuracy for deadlines only under load, admission control,
// the oracle, and the SLO search.
#include "modality/metrics.hpp"
#include "modality/serving.hpp"
#include "test_profiles.hpp"

#include <gtest/gtest.h>

using namespace sextant::modality;
using sextant::modality::testing::hand_profile;

namespace {

std::vector<Job> stream(const Planner& planner, double load, int jobs, uint64_t seed = 1, double slack = 5) {
    WorkloadSpec spec;
    spec.load = load;
    spec.slack = slack;
    spec.floor_lo = 0.8, spec.floor_hi = 0.9;
    spec.jobs = jobs;
    spec.seed = seed;
    return generate_workload(planner, spec);
}

ServingResult run(const Planner& planner, const std::vector<Job>& jobs, Policy p, bool admission = false,
                  uint64_t seed = 9) {
    SimulatedExecutor ex(planner.profile(), seed);
    return serve(planner, jobs, ex, {p, admission});
}

}  // namespace

TEST(Serving, EveryRequestOnceAndJobsNoFasterThanTheirPlans) {
    Planner planner(hand_profile(), 64);
    auto jobs = stream(planner, 0.8, 400);
    for (Policy p : {Policy::mosel, Policy::all_modalities, Policy::offline_only, Policy::per_job, Policy::oracle}) {
        ServingResult r = run(planner, jobs, p);
        int64_t served = 0;
        for (const auto& b : r.batches) served += b.requests;
        EXPECT_EQ(served, jobs.back().first_request + jobs.back().size) << policy_name(p);
        for (size_t i = 0; i < jobs.size(); ++i) {
            EXPECT_GE(r.jobs[i].start_s, jobs[i].arrival_s) << policy_name(p);
            EXPECT_GT(r.jobs[i].finish_s, r.jobs[i].start_s);
            EXPECT_LE(r.jobs[i].correct, jobs[i].size);
        }
    }
}

TEST(Serving, Deterministic) {
    Planner planner(hand_profile(), 64);
    auto jobs = stream(planner, 1.2, 300);
    Summary a = summarize(jobs, run(planner, jobs, Policy::mosel));
    Summary b = summarize(jobs, run(planner, jobs, Policy::mosel));
    EXPECT_EQ(a.jct_mean_s, b.jct_mean_s);
    EXPECT_EQ(a.accuracy, b.accuracy);
    EXPECT_EQ(a.mix, b.mix);
}

TEST(Serving, MoselIsMostAccurateWhenIdleAndDowngradesUnderLoadKeepingFloors) {
    Planner planner(hand_profile(), 64);
    auto light = stream(planner, 0.05, 300);
    Summary idle = summarize(light, run(planner, light, Policy::mosel));
    EXPECT_NEAR(idle.mix[kAllModalities], 1.0, 0.02);
    EXPECT_NEAR(idle.planned_accuracy, 0.95, 0.002);
    auto heavy = stream(planner, 2.0, 600);
    Summary busy = summarize(heavy, run(planner, heavy, Policy::mosel));
    EXPECT_LT(busy.mix[kAllModalities], 0.5);
    EXPECT_DOUBLE_EQ(busy.floor_met_share, 1.0);  // floors 0.8-0.9 are all reachable
    Summary agnostic = summarize(heavy, run(planner, heavy, Policy::all_modalities));
    EXPECT_LT(busy.deadline_miss_rate, agnostic.deadline_miss_rate);
    EXPECT_LT(busy.jct_mean_s, agnostic.jct_mean_s);
}

TEST(Serving, RealisedAccuracyFollowsThePlans) {
    Planner planner(hand_profile(), 64);
    auto jobs = stream(planner, 0.5, 2000);
    Summary s = summarize(jobs, run(planner, jobs, Policy::offline_only));
    EXPECT_NEAR(s.accuracy, s.planned_accuracy, 0.01);  // ~42k requests
}

TEST(Serving, AdmissionControlRejectsInsteadOfServingLate) {
    Planner planner(hand_profile(), 64);
    auto jobs = stream(planner, 3.0, 500, 2, 2);
    Summary open = summarize(jobs, run(planner, jobs, Policy::mosel, false));
    ServingResult r = run(planner, jobs, Policy::mosel, true);
    Summary guarded = summarize(jobs, r);
    EXPECT_GT(guarded.rejected_share, 0);
    EXPECT_EQ(open.rejected_share, 0);
    int64_t late_served = 0, served = 0;
    for (const auto& o : r.jobs)
        if (!o.rejected) ++served, late_served += !o.on_time;
    EXPECT_LT(static_cast<double>(late_served) / served, open.deadline_miss_rate);
    EXPECT_GT(guarded.goodput_rps, open.goodput_rps);
}

TEST(Serving, OracleIsAsAccurateAsTheBestConfigurationAndCheaper) {
    Planner planner(hand_profile(), 64);
    auto jobs = stream(planner, 0.5, 1000);
    Summary oracle = summarize(jobs, run(planner, jobs, Policy::oracle));
    Summary all = summarize(jobs, run(planner, jobs, Policy::all_modalities));
    EXPECT_NEAR(oracle.accuracy, all.accuracy, 1e-12);  // same draws: right iff u < 0.95
    EXPECT_LT(oracle.mix[kAllModalities], 0.2);
    EXPECT_GT(oracle.mix[kT], 0.3);  // u < 0.55: text alone is right
}

TEST(Serving, RejectsJobsAbovePlannerSize) {
    Planner planner(hand_profile(), 8);
    std::vector<Job> jobs{{0, 0, 9, 1, 0.5, 0}};
    EXPECT_THROW(run(planner, jobs, Policy::mosel), std::invalid_argument);
}

TEST(Metrics, SloSearchFindsTheThreshold) {
    auto fake = [](double load) {
        Summary s;
        s.slo_miss_rate = load > 1.37 ? 0.5 : 0.0;
        return s;
    };
    SloSearch s = throughput_at_slo(fake, 0.01, 0.25, 64, 12);
    EXPECT_NEAR(s.load, 1.37, 0.01);
    EXPECT_LE(s.load, 1.37);
    auto never = [](double) {
        Summary s;
        s.slo_miss_rate = 1;
        return s;
    };
    EXPECT_EQ(throughput_at_slo(never).load, 0);
}

TEST(Metrics, MixOverTimeSharesSumToOne) {
    ServingResult r;
    r.batches = {{0.1, kV, 3}, {0.2, kT, 1}, {0.9, kA, 2}};
    auto mix = mix_over_time(r, 1.0, 2);
    EXPECT_DOUBLE_EQ(mix[0][kV], 0.75);
    EXPECT_DOUBLE_EQ(mix[0][kT], 0.25);
    EXPECT_DOUBLE_EQ(mix[1][kA], 1.0);
}
