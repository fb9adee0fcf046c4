// Data-parallel gradient buckets overlapped with the backward pass (profile segment
// `backward`, DDP's schedule): the plan, a job alone against the closed form, a job sharing
// a link with another, coasting, and parse errors.
#include "scheduling/job.hpp"
#include "scheduling/simulator.hpp"
#include "scheduling/trace.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace sextant::scheduling;

namespace {

// 10 M parameters of 4 B: 0.32 Gbit of gradients. On 2 servers a ring hop carries
// 2 (S - 1) / S = 1x its buffer: at 50 Gb/s the buckets' all-reduces take 5.12, 0.64 and
// 0.64 ms. Forward 10 ms, the buckets ready at 11, 13 and 20 ms: DDP's schedule runs bucket
// 1's all-reduce 11-16.12, bucket 2's 16.12-16.76, bucket 3's 20-20.64 ms. "Serial" is the
// same work with no overlap: 20 + 6.4 ms.
const char* kModels = R"({"models":[
  {"name":"Bucketed","parameters_millions":{"value":10,"source":"test"},"gradient_bytes":{"value":4,"source":"test"},
   "iteration":[{"compute_ms":{"value":10,"source":"test"}},
                {"backward":{"value":[{"compute_ms":1,"gradients":0.8},{"compute_ms":2,"gradients":0.1},
                                      {"compute_ms":7,"gradients":0.1}],"source":"test"}}]},
  {"name":"Serial","parameters_millions":{"value":10,"source":"test"},"gradient_bytes":{"value":4,"source":"test"},
   "iteration":[{"compute_ms":{"value":20,"source":"test"}},{"allreduce":{"value":1,"source":"test"}}]}]})";

const ProfileTable& table() {
    static const ProfileTable t = ProfileTable::parse(kModels, "test.json");
    return t;
}

constexpr double kIterationS = 0.020 + 0.032 / 50;  // the backward pass, then bucket 3's all-reduce

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

TEST(BackwardBuckets, PlanRunsEachBucketsAllReduceWhenItsGradientsAreReady) {
    const IterationPlan plan = plan_iteration(*table().find("Bucketed"), 2, 50);
    // forward; then per bucket: wait until its gradients are ready, its all-reduce
    ASSERT_EQ(plan.steps.size(), 7u);
    EXPECT_FALSE(plan.steps[0].comm);
    EXPECT_FALSE(plan.steps[0].until);
    for (int k = 0; k < 3; ++k) {
        EXPECT_TRUE(plan.steps[1 + 2 * k].until);
        EXPECT_TRUE(plan.steps[2 + 2 * k].comm);
    }
    EXPECT_DOUBLE_EQ(plan.steps[3].seconds, 0.013);  // bucket 2 ready 13 ms into the iteration
    EXPECT_NEAR(plan.steps[2].gbit, 0.256, 1e-12);
    // Bucket 1's long all-reduce delays bucket 2's but not the backward pass.
    EXPECT_NEAR(plan.ideal_seconds(), kIterationS, 1e-12);
    EXPECT_NEAR(plan_iteration(*table().find("Serial"), 2, 50).ideal_seconds(), 0.020 + 0.32 / 50, 1e-12);
    EXPECT_NEAR(plan.exposed_compute_seconds(), kIterationS - 0.32 / 50, 1e-12);
    EXPECT_NEAR(plan.comm_gbit(), 0.32, 1e-12);
    // CASSINI's pattern: an Up phase per all-reduce, from where it starts at peak.
    const Pattern p = plan.pattern("b");
    ASSERT_EQ(p.phases.size(), 3u);
    EXPECT_NEAR(p.phases[0].start_ms, 11, 1e-9);
    EXPECT_NEAR(p.phases[1].start_ms, 16.12, 1e-9);
    EXPECT_NEAR(p.phases[2].start_ms, 20, 1e-9);
    EXPECT_NEAR(p.phases[0].duration_ms, 5.12, 1e-9);
    EXPECT_NEAR(p.iteration_ms, kIterationS * 1e3, 1e-9);
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
    EXPECT_NEAR(bucketed.jobs[0].jct_s(), 10 + 100 * kIterationS, 1e-6);
    EXPECT_NEAR(serial.jobs[0].jct_s(), 10 + 100 * (0.020 + 0.32 / 50), 1e-6);
    // The same bytes cross the network either way: 100 iterations x 2 hops x 0.32 Gbit, up and down.
    double carried = 0;
    for (const auto& l : bucketed.links) carried += l.carried_gbit;
    EXPECT_NEAR(carried, 100 * 2 * 0.32 * 2, 1e-6);
}

TEST(BackwardBuckets, AJobIsOutOfTheNetworkWhileItsNextBucketIsComputed) {
    // A bucketed job shares a link with a job that streams; between its buckets' all-reduces
    // it is out of the network and the other job gets the whole link.
    // 3 servers of 2 GPUs, packed: "a" (3 GPUs) on servers 0-1, "b" (3 GPUs) on servers 1-2,
    // so both rings cross s1's link. "b" streams 200 Gbit in one transfer all the while.
    // "a"'s buckets (0.08 Gbit each) take 3.2 ms at the 25 Gb/s they get beside "b": bucket
    // 1 is ready at 15 ms and sent by 18.2, bucket 2 is ready at 20 and sent by 23.2 ms, the
    // iteration time. "b" gets the whole link whenever "a" is not sending, so it finishes
    // after (200 + 100 x 0.16) / 50 s, as if "a"'s bytes were simply added to its own.
    const ProfileTable t = ProfileTable::parse(R"({"models":[
      {"name":"Small","parameters_millions":{"value":5,"source":"test"},"gradient_bytes":{"value":4,"source":"test"},
       "iteration":[{"compute_ms":{"value":10,"source":"test"}},
                    {"backward":{"value":[{"compute_ms":5,"gradients":0.5},{"compute_ms":5,"gradients":0.5}],"source":"test"}}]},
      {"name":"Stream","parameters_millions":{"value":1,"source":"test"},"gradient_bytes":{"value":4,"source":"test"},
       "iteration":[{"transfer_mb":{"value":25000,"source":"test"}}]}]})",
                                               "sharing.json");
    SimConfig c;
    c.topology = {3, 2, 50.0, TopologyKind::SingleSwitch, 4, 1};
    c.policy = Policy::Fifo;
    c.timeline_bin_s = 0;
    c.restart_s = 10;
    const SimResult r = simulate({{0, "a", 0, "Small", 3, 100}, {1, "b", 0, "Stream", 3, 1}}, t, c);
    ASSERT_EQ(r.jobs[0].servers, (std::vector<int>{0, 1}));
    ASSERT_EQ(r.jobs[1].servers, (std::vector<int>{1, 2}));
    EXPECT_NEAR(r.jobs[0].jct_s(), 10 + 100 * (0.020 + 0.08 / 25), 1e-6);
    EXPECT_NEAR(r.jobs[1].jct_s(), 10 + (200 + 100 * 0.16) / 50, 1e-6);
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
    EXPECT_NE(
        parse_error(R"({"value":[{"compute_ms":1,"gradients":0.7},{"compute_ms":1,"gradients":0.7}],"source":"a"})")
            .find("add up to 1.4"),
        std::string::npos);
    EXPECT_EQ(parse_error(R"({"value":[{"compute_ms":1,"gradients":0.7}],"source":"a"})"), "");
}

TEST(BackwardBuckets, ABackwardSegmentAfterATransferIsRefused) {
    // Its readiness offsets count from the iteration start, so only compute may come before it.
    const ProfileTable t = ProfileTable::parse(R"({"models":[{"name":"Y","parameters_millions":{"value":1,"source":"a"},
        "gradient_bytes":{"value":4,"source":"a"},"iteration":[{"transfer_mb":{"value":1,"source":"a"}},
        {"backward":{"value":[{"compute_ms":1,"gradients":1}],"source":"a"}}]}]})",
                                               "p.json");
    EXPECT_THROW(plan_iteration(*t.find("Y"), 2, 50), std::invalid_argument);
}
