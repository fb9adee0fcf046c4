// Data-parallel gradient buckets overlapped with the backward pass (profile segment
// `backward`): the plan, a job alone against the closed form, coasting, and parse errors.
#include "scheduling/job.hpp"
#include "scheduling/simulator.hpp"
#include "scheduling/trace.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace sextant::scheduling;

namespace {

// 10 M parameters of 4 B: 0.32 Gbit of gradients. On 2 servers a ring hop carries
// 2 (S - 1) / S = 1x its buffer, so each half-bucket is 0.16 Gbit: 3.2 ms at 50 Gb/s, shorter
// than the 5 ms of backward beside it. "Serial" is the same work with no overlap.
const char* kModels = R"({"models":[
  {"name":"Bucketed","parameters_millions":{"value":10,"source":"test"},"gradient_bytes":{"value":4,"source":"test"},
   "iteration":[{"compute_ms":{"value":10,"source":"test"}},
                {"backward":{"value":[{"compute_ms":5,"gradients":0.5},{"compute_ms":5,"gradients":0.5}],"source":"test"}}]},
  {"name":"Serial","parameters_millions":{"value":10,"source":"test"},"gradient_bytes":{"value":4,"source":"test"},
   "iteration":[{"compute_ms":{"value":20,"source":"test"}},{"allreduce":{"value":1,"source":"test"}}]}]})";

const ProfileTable& table() {
    static const ProfileTable t = ProfileTable::parse(kModels, "test.json");
    return t;
}

constexpr double kBucketS = 0.16 / 50;  // one bucket's all-reduce at 50 Gb/s

std::string parse_error(const std::string& backward) {
    const std::string doc = R"({"models":[{"name":"X","parameters_millions":{"value":1,"source":"a"},
        "gradient_bytes":{"value":4,"source":"a"},"iteration":[{"backward":)" +
                            backward + "}]}]}";
    try {
        ProfileTable::parse(doc, "p.json");
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(BackwardBuckets, PlanOverlapsEachBucketsAllReduceWithTheNextBucket) {
    const IterationPlan plan = plan_iteration(*table().find("Bucketed"), 2, 50);
    ASSERT_EQ(plan.steps.size(), 4u);  // forward, bucket 1, all-reduce 1 beside bucket 2, all-reduce 2
    EXPECT_FALSE(plan.steps[0].comm);
    EXPECT_DOUBLE_EQ(plan.steps[1].seconds, 0.005);
    EXPECT_TRUE(plan.steps[2].comm);
    EXPECT_DOUBLE_EQ(plan.steps[2].seconds, 0.005);
    EXPECT_NEAR(plan.steps[2].gbit, 0.16, 1e-12);
    EXPECT_DOUBLE_EQ(plan.steps[3].seconds, 0);
    // 10 + 5 + max(5, 3.2) + 3.2 ms; the serial profile takes 10 + 10 + 6.4.
    EXPECT_NEAR(plan.ideal_seconds(), 0.015 + 0.005 + kBucketS, 1e-12);
    EXPECT_NEAR(plan_iteration(*table().find("Serial"), 2, 50).ideal_seconds(), 0.020 + 2 * kBucketS, 1e-12);
    EXPECT_NEAR(plan.exposed_compute_seconds(), 0.015 + 0.005 - kBucketS, 1e-12);
    EXPECT_NEAR(plan.comm_gbit(), 0.32, 1e-12);
    // CASSINI's pattern: each all-reduce is Up from its own start, for its time at peak.
    const Pattern p = plan.pattern("b");
    ASSERT_EQ(p.phases.size(), 2u);
    EXPECT_NEAR(p.phases[0].start_ms, 15, 1e-9);
    EXPECT_NEAR(p.phases[1].start_ms, 20, 1e-9);
    EXPECT_NEAR(p.phases[1].duration_ms, kBucketS * 1e3, 1e-9);
    EXPECT_NEAR(p.iteration_ms, plan.ideal_seconds() * 1e3, 1e-9);
    // One server: no network, the buckets' compute back to back.
    EXPECT_FALSE(plan_iteration(*table().find("Bucketed"), 1, 50).uses_network());
    EXPECT_NEAR(plan_iteration(*table().find("Bucketed"), 1, 50).ideal_seconds(), 0.020, 1e-12);
}

TEST(BackwardBuckets, AJobAloneTakesTheOverlappedIterationTime) {
    // Two servers of one GPU each: a 2-GPU job spans both, its ring crosses the switch.
    SimConfig c;
    c.topology = {2, 1, 50.0, TopologyKind::SingleSwitch, 4, 1};
    c.policy = Policy::Fifo;
    c.timeline_bin_s = 0;
    c.restart_s = 10;
    const SimResult bucketed = simulate({{0, "a", 0, "Bucketed", 2, 100}}, table(), c);
    const SimResult serial = simulate({{0, "a", 0, "Serial", 2, 100}}, table(), c);
    EXPECT_NEAR(bucketed.jobs[0].jct_s(), 10 + 100 * (0.020 + kBucketS), 1e-6);
    EXPECT_NEAR(serial.jobs[0].jct_s(), 10 + 100 * (0.020 + 2 * kBucketS), 1e-6);
    // The same bytes cross the network either way: 100 iterations x 2 hops x 0.32 Gbit, up and down.
    double carried = 0;
    for (const auto& l : bucketed.links) carried += l.carried_gbit;
    EXPECT_NEAR(carried, 100 * 2 * 0.32 * 2, 1e-6);
}

TEST(BackwardBuckets, CoastingGivesTheSameFinishTimesAsEvents) {
    GeneratorConfig g;
    g.jobs = 30;
    g.jobs_per_hour = 240;
    g.gpu_sizes = {1, 2, 4, 8};
    g.min_iterations = 200;
    g.max_iterations = 2000;
    for (bool cassini : {false, true}) {
        SCOPED_TRACE(cassini ? "cassini" : "host alone");
        g.seed = 3;
        const auto jobs = generate_jobs(g, table());
        SimConfig c;
        c.topology = {16, 2, 50.0, TopologyKind::LeafSpine, 4, 2.0};
        c.policy = Policy::Themis;
        c.round_s = 60;
        c.whole_fabric_links = 0;
        c.timeline_bin_s = 0;
        c.cassini = cassini;
        c.seed = 3;
        c.stepping = Stepping::Iteration;
        const SimResult a = simulate(jobs, table(), c);
        c.stepping = Stepping::Coast;
        const SimResult b = simulate(jobs, table(), c);
        EXPECT_GT(b.coasted_steps, 0);
        ASSERT_EQ(a.jobs.size(), b.jobs.size());
        for (size_t i = 0; i < a.jobs.size(); ++i) EXPECT_EQ(a.jobs[i].finish_s, b.jobs[i].finish_s) << "job " << i;
    }
}

TEST(BackwardBuckets, BadBucketsAreRefusedNamingTheField) {
    EXPECT_NE(parse_error(R"({"value":5,"source":"a"})").find("p.json: models[0] (X).iteration[0].backward: expected"),
              std::string::npos);
    EXPECT_NE(parse_error(R"({"value":[{"compute_ms":1,"gradients":0.5}]})").find("backward.source: missing"),
              std::string::npos);
    EXPECT_NE(parse_error(R"({"value":[{"gradients":0.5}],"source":"a"})").find("backward.value[0]: expected"),
              std::string::npos);
    EXPECT_NE(parse_error(R"({"value":[{"compute_ms":1,"gradients":-0.1}],"source":"a"})")
                  .find("backward.value[0].gradients: expected a fraction"),
              std::string::npos);
    EXPECT_NE(parse_error(R"({"value":[{"compute_ms":1,"gradients":0.7},{"compute_ms":1,"gradients":0.7}],"source":"a"})")
                  .find("add up to 1.4"),
              std::string::npos);
    EXPECT_EQ(parse_error(R"({"value":[{"compute_ms":1,"gradients":0.7}],"source":"a"})"), "");
}
