// Coasting (SimConfig::stepping): jobs whose links cannot fill take their steps without
// events. The results must be those of per-iteration stepping: the same per-job finish
// times, bit for bit, and the same carried volume and timelines to summation order.
#include "scheduling/simulator.hpp"
#include "scheduling/trace.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

using namespace sextant::scheduling;

namespace {

struct Outcome {
    SimResult result;
    double timeline_sum = 0;
    int bins = 0;
};

// A loaded leaf-spine trace in which some jobs share links that can fill and others do
// not, with preemption (Themis rounds) and, optionally, CASSINI's time shifts. The fabric
// counts as large (whole_fabric_links = 0), as the 1,024-GPU cluster does, so a free job's
// rate is exactly its cap on both paths.
Outcome simulate_trace(Stepping stepping, bool cassini, std::uint64_t seed) {
    GeneratorConfig g;
    g.jobs = 40;
    g.jobs_per_hour = 240;
    g.gpu_sizes = {1, 2, 4, 8};
    g.min_iterations = 200;
    g.max_iterations = 2000;
    g.seed = seed;
    const auto jobs = generate_jobs(g, ProfileTable::builtin());
    SimConfig c;
    c.topology = {16, 2, 50.0, TopologyKind::LeafSpine, 4, 2.0};
    c.policy = Policy::Themis;
    c.round_s = 60;
    c.whole_fabric_links = 0;
    c.timeline_bin_s = 30;
    c.cassini = cassini;
    c.seed = seed;
    c.stepping = stepping;
    Outcome out;
    SimHooks hooks;
    hooks.timeline = [&](double a, double b, const std::vector<double>& u, const std::vector<double>& e) {
        out.timeline_sum += a + b;
        for (size_t l = 0; l < u.size(); ++l) out.timeline_sum += u[l] * (l + 1) + e[l] * (l + 7);
        ++out.bins;
    };
    out.result = simulate(jobs, ProfileTable::builtin(), c, hooks);
    return out;
}

double carried(const SimResult& r) {
    double sum = 0;
    for (const LinkTotals& l : r.links) sum += l.carried_gbit;
    return sum;
}

}  // namespace

TEST(Coasting, SameJobCompletionTimesAsPerIterationStepping) {
    int coasted_runs = 0, constrained_runs = 0;
    for (bool cassini : {false, true})
        for (std::uint64_t seed = 1; seed <= 3; ++seed) {
            SCOPED_TRACE("cassini " + std::to_string(cassini) + ", seed " + std::to_string(seed));
            const Outcome a = simulate_trace(Stepping::Iteration, cassini, seed);
            const Outcome b = simulate_trace(Stepping::Coast, cassini, seed);
            ASSERT_EQ(a.result.jobs.size(), b.result.jobs.size());
            for (size_t i = 0; i < a.result.jobs.size(); ++i) {
                // Exact: a coasting job's steps are the same additions as its events.
                EXPECT_EQ(a.result.jobs[i].finish_s, b.result.jobs[i].finish_s) << "job " << i;
                EXPECT_EQ(a.result.jobs[i].preemptions, b.result.jobs[i].preemptions) << "job " << i;
            }
            EXPECT_EQ(a.result.realignments, b.result.realignments);
            // The meter adds coasting transfers separately: equal to summation order.
            EXPECT_NEAR(carried(a.result), carried(b.result), 1e-9 * carried(a.result));
            EXPECT_EQ(a.result.excess_gbit, b.result.excess_gbit);
            EXPECT_EQ(a.bins, b.bins);
            EXPECT_NEAR(a.timeline_sum, b.timeline_sum, 1e-9 * a.timeline_sum);
            // Coasting took steps off the event queue; per-iteration stepping took none.
            EXPECT_EQ(a.result.coasted_steps, 0);
            EXPECT_LT(b.result.events, a.result.events);
            coasted_runs += b.result.coasted_steps > 0;
            constrained_runs += a.result.excess_gbit > 0;  // some links filled: not every job coasted
        }
    EXPECT_EQ(coasted_runs, 6);
    EXPECT_GT(constrained_runs, 0);
}

TEST(Coasting, FreeTransfersEndAtTheirOwnTimeWithEitherStepping) {
    // 300 jobs on the 1,024-GPU benchmark cluster, where no link fills: every multi-server
    // job is free. Per-iteration stepping used to finish a transfer due within a nanosecond
    // of another event early, which a coasting job's transfer (no event) cannot be: 4 jobs
    // then ended up to 4e-13 apart. Free transfers now end at their own time on both paths.
    GeneratorConfig g;
    g.jobs = 300;
    g.jobs_per_hour = 320;
    g.gpu_sizes = {1, 2, 4, 8, 16};
    g.min_iterations = 2000;
    g.max_iterations = 20000;
    g.seed = 1;
    const auto jobs = generate_jobs(g, ProfileTable::builtin());
    SimConfig c;
    c.topology = {256, 4, 50.0, TopologyKind::LeafSpine, 4, 2.0};
    c.timeline_bin_s = 0;
    c.seed = 1;
    c.stepping = Stepping::Iteration;
    const SimResult a = simulate(jobs, ProfileTable::builtin(), c);
    c.stepping = Stepping::Coast;
    const SimResult b = simulate(jobs, ProfileTable::builtin(), c);
    for (size_t i = 0; i < a.jobs.size(); ++i) EXPECT_EQ(a.jobs[i].finish_s, b.jobs[i].finish_s) << "job " << i;
    EXPECT_LT(b.events * 1000, a.events);  // a few events per job instead of one per step
}

TEST(Coasting, AutoCoastsOnlyWhereAFreeJobsRateIsExactlyItsCap) {
    // The 128-GPU benchmark's fabric (80 links) solves few flows as one problem: auto keeps
    // per-iteration steps there (its regression pins stay bit for bit); above
    // whole_fabric_links it coasts.
    GeneratorConfig g;
    g.jobs = 10;
    g.min_iterations = 100;
    g.max_iterations = 300;
    g.seed = 5;
    const auto jobs = generate_jobs(g, ProfileTable::builtin());
    SimConfig c;
    c.topology = {32, 4, 50.0, TopologyKind::LeafSpine, 4, 2.0};
    c.timeline_bin_s = 0;
    EXPECT_EQ(simulate(jobs, ProfileTable::builtin(), c).coasted_steps, 0);
    c.whole_fabric_links = 0;
    EXPECT_GT(simulate(jobs, ProfileTable::builtin(), c).coasted_steps, 0);
    c.stepping = Stepping::Coast;
    c.fast_network = false;
    EXPECT_THROW(simulate(jobs, ProfileTable::builtin(), c), std::invalid_argument);
    c.fast_network = true;
    c.whole_fabric_links = SimConfig{}.whole_fabric_links;  // 80 links: a small fabric
    EXPECT_THROW(simulate(jobs, ProfileTable::builtin(), c), std::invalid_argument);
}
