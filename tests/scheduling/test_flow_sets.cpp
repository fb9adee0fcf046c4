// Shared sets at flow level (flow_method shared-sets, flow_sets.hpp): each set of jobs
// sharing a link that can fill is run once on that link alone in the fluid model, and the
// cluster simulation runs jobs at their sets' slowdowns, coasting between placement changes.
#include "scheduling/flow_sets.hpp"
#include "scheduling/simulator.hpp"
#include "scheduling/trace.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

using namespace sextant::scheduling;

namespace {

// 60 ms of compute, then 1 Gbit per hop at 50 Gbps (20 ms): a quarter of the period communicates.
SetMember member(double offset_s, int hops = 1) {
    SetMember m;
    m.compute_s = 0.06;
    m.gbit = 1.0;
    m.hops = hops;
    m.peak_gbps = 50.0;
    m.offset_s = offset_s;
    return m;
}

std::vector<JobSpec> trace(std::uint64_t seed) {
    GeneratorConfig g;
    g.jobs = 40;
    g.jobs_per_hour = 240;
    g.gpu_sizes = {1, 2, 4, 8};
    g.min_iterations = 200;
    g.max_iterations = 2000;
    g.seed = seed;
    return generate_jobs(g, ProfileTable::builtin());
}

// The loaded leaf-spine trace of test_coasting.cpp at 4:1, so leaf uplinks fill.
SimConfig cluster(FlowMethod method, bool cassini, std::uint64_t seed) {
    SimConfig c;
    c.topology = {16, 2, 50.0, TopologyKind::LeafSpine, 4, 4.0};
    c.policy = Policy::Themis;
    c.round_s = 60;
    c.whole_fabric_links = 0;
    c.cassini = cassini;
    c.seed = seed;
    c.flow_method = method;
    return c;
}

}  // namespace

TEST(FlowSets, AJobAloneOrOutOfPhaseRunsAtItsPeak) {
    const auto alone = simulate_shared_set_fluid({50.0, 50.0, {member(0)}}, 8);
    EXPECT_DOUBLE_EQ(alone[0].comm_stretch, 1.0);
    EXPECT_DOUBLE_EQ(alone[0].link_excess_gbps, 0.0);
    // Half a period apart, the transfers (a quarter of the period each) never meet.
    const auto apart = simulate_shared_set_fluid({50.0, 50.0, {member(0), member(0.04)}}, 8);
    EXPECT_NEAR(apart[0].comm_stretch, 1.0, 1e-9);
    EXPECT_NEAR(apart[1].comm_stretch, 1.0, 1e-9);
    EXPECT_NEAR(apart[0].link_excess_gbps, 0.0, 1e-9);
}

TEST(FlowSets, InPhaseJobsShareTheLinkMaxMinFairly) {
    // In phase, both transfer together for ever: each gets half the link, twice as long.
    const auto together = simulate_shared_set_fluid({50.0, 50.0, {member(0), member(0)}}, 8);
    EXPECT_NEAR(together[0].comm_stretch, 2.0, 1e-9);
    EXPECT_NEAR(together[1].comm_stretch, 2.0, 1e-9);
    // 100 Gbps offered on 50 for 40 of every 100 ms.
    EXPECT_NEAR(together[0].link_excess_gbps, 50.0 * 0.04 / 0.10, 0.5);
    // A job crossing the link twice has two flows: the three flows share it equally (max-min
    // per flow), so each hop of either job moves its 1 Gbit at 50/3 Gbps.
    const auto hops = simulate_shared_set_fluid({50.0, 50.0, {member(0, 2), member(0)}}, 1);
    EXPECT_NEAR(hops[0].comm_stretch, 3.0, 1e-9);
    EXPECT_NEAR(hops[1].comm_stretch, 3.0, 1e-9);
    EXPECT_THROW(simulate_shared_set_fluid({50.0, 50.0, {member(0, 0)}}, 8), std::invalid_argument);
}

TEST(FlowSets, ClusterRunSlowsJobsOnSharedLinksAndCoasts) {
    const std::vector<JobSpec> jobs = trace(1);
    const SimResult sets = simulate(jobs, ProfileTable::builtin(), cluster(FlowMethod::SharedSets, false, 1));
    SimConfig ideal_config = cluster(FlowMethod::SharedSets, false, 1);
    ideal_config.network_contention = false;
    const SimResult ideal = simulate(jobs, ProfileTable::builtin(), ideal_config);
    const SimResult maxmin = simulate(jobs, ProfileTable::builtin(), cluster(FlowMethod::MaxMin, false, 1));
    // The sets' slowdowns are applied (without them this run is the ideal one) ...
    EXPECT_GT(sets.packet_runs, 0);
    EXPECT_GT(sets.avg_jct_s, 1.02 * ideal.avg_jct_s);
    EXPECT_GT(sets.excess_gbit, 0);
    // ... and most steps are taken without events.
    EXPECT_GT(sets.coasted_steps, 10 * sets.events);
    // An approximation of the max-min run: the same trace within a few percent here
    // (docs/scheduling.md has the check on larger traces).
    EXPECT_NEAR(sets.avg_jct_s / maxmin.avg_jct_s, 1.0, 0.05);
}

TEST(FlowSets, CoastingGivesTheSetsRatesAsEventsWould) {
    // With every step an event, the same sets and rates: the same finish times to rounding.
    for (bool cassini : {false, true}) {
        SCOPED_TRACE("cassini " + std::to_string(cassini));
        const std::vector<JobSpec> jobs = trace(2);
        SimConfig events = cluster(FlowMethod::SharedSets, cassini, 2);
        events.stepping = Stepping::Iteration;
        const SimResult a = simulate(jobs, ProfileTable::builtin(), events);
        const SimResult b = simulate(jobs, ProfileTable::builtin(), cluster(FlowMethod::SharedSets, cassini, 2));
        EXPECT_EQ(a.coasted_steps, 0);
        EXPECT_GT(b.coasted_steps, 0);
        EXPECT_GT(b.whole_iterations, b.coasted_steps / 20);  // most iterations are taken whole
        ASSERT_EQ(a.jobs.size(), b.jobs.size());
        for (size_t i = 0; i < a.jobs.size(); ++i)
            EXPECT_NEAR(a.jobs[i].finish_s, b.jobs[i].finish_s, 1e-6 * a.jobs[i].finish_s) << "job " << i;
        // Whole iterations meter their volumes at once: the links carry the same.
        EXPECT_NEAR(b.delivered_gb, a.delivered_gb, 1e-6 * a.delivered_gb);
        ASSERT_EQ(a.links.size(), b.links.size());
        for (size_t l = 0; l < a.links.size(); ++l)
            EXPECT_NEAR(b.links[l].carried_gbit, a.links[l].carried_gbit, 1e-6 * a.links[l].carried_gbit + 1e-6)
                << a.link_names[l];
    }
}

TEST(FlowSets, BadSettingsAreRefusedByName) {
    SimConfig c = cluster(FlowMethod::SharedSets, false, 1);
    c.flow_sets.horizon_periods = 0;
    try {
        simulate(trace(1), ProfileTable::builtin(), c);
        FAIL() << "expected a refusal";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("flow_sets_horizon_periods"), std::string::npos) << e.what();
    }
    EXPECT_THROW(parse_flow_method("exact"), std::invalid_argument);
    EXPECT_EQ(parse_flow_method("shared-sets"), FlowMethod::SharedSets);
}
