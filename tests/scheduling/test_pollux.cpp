// The Pollux-like goodput-aware scheduler (pollux.hpp): its choices per job, its greedy
// allocation, and a job resized in the simulator, whose remaining work is converted.
#include "scheduling/pollux.hpp"
#include "scheduling/simulator.hpp"

#include "serial_profiles.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace sextant::scheduling;

namespace {
const ModelProfile& model(const char* name) { return *ProfileTable::builtin().find(name); }
}  // namespace

TEST(Pollux, ChoicesFollowTheEfficiencyModel) {
    PolluxConfig p;  // phi / M0 = 2
    const ElasticChoices c = elastic_choices(model("ResNet50"), 4, 1, 50, 24, p);
    EXPECT_EQ(c.sizes, (std::vector<int>{1, 2, 4, 8}));
    EXPECT_DOUBLE_EQ(c.progress_at(4), 1.0);
    EXPECT_DOUBLE_EQ(c.progress_at(8), 2 * 3.0 / 4.0);    // batch 2 x M0: E = (2 + 1) / (2 + 2)
    EXPECT_DOUBLE_EQ(c.progress_at(1), 0.25 * 3 / 2.25);  // a quarter of the batch, E > 1
    EXPECT_DOUBLE_EQ(c.speedup[2], 1.0);                  // at its request
    // A hybrid (pipeline) model keeps its request; the cluster caps the sizes.
    EXPECT_EQ(elastic_choices(model("GPT-2"), 8, 1, 50, 24, p).sizes, (std::vector<int>{8}));
    EXPECT_EQ(elastic_choices(model("ResNet50"), 4, 1, 50, 6, p).sizes, (std::vector<int>{1, 2, 4}));
    p.noise_scale = 0;
    EXPECT_THROW(elastic_choices(model("ResNet50"), 4, 1, 50, 24, p), std::invalid_argument);
}

TEST(Pollux, AllocationGrowsAJobAloneOnlyWhileItPays) {
    // ResNet50's buckets hide its all-reduce: 80.0 / 81.6 / 82.3 ms per iteration on 1 / 2 / 4
    // servers, so throughput nearly doubles with the GPUs and efficiency decides.
    PolluxConfig p;  // twice the batch keeps 3/4 of its worth: 2 x 0.75 x 0.99 = 1.49
    const ElasticChoices c = elastic_choices(model("ResNet50"), 2, 1, 50, 8, p);
    EXPECT_GT(c.speedup.back(), 1.4);
    EXPECT_EQ(pollux_allocation({{7, &c, 0}}, 8, true).at(7), 4);
    // A bigger batch worth half its samples (noise scale ~0): 4 GPUs give 0.99 of the request's
    // goodput, so it does not grow (one GPU, no all-reduce at all, gives 1.02).
    p.noise_scale = 1e-3;
    const ElasticChoices poor = elastic_choices(model("ResNet50"), 2, 1, 50, 8, p);
    EXPECT_LT(poor.speedup.back(), 1.0);
    EXPECT_LE(pollux_allocation({{7, &poor, 0}}, 8, true).at(7), 2);
    // VGG16 computing then all-reducing (the serial profile) runs best on one GPU: no network.
    const ElasticChoices vgg = elastic_choices(*serial_profiles().find("VGG16"), 2, 1, 50, 8, PolluxConfig{});
    EXPECT_EQ(pollux_allocation({{7, &vgg, 0}}, 8, true).at(7), 1);
}

TEST(Pollux, BusyClusterSharesAndKeepsRunningJobsBetweenRounds) {
    PolluxConfig p;
    const ElasticChoices c = elastic_choices(model("ResNet50"), 4, 1, 50, 4, p);
    // Two jobs asking for 4 GPUs each on 4: both run on 2 (smaller batches are more
    // efficient per sample) rather than one on 4 and one waiting.
    const auto both = pollux_allocation({{1, &c, 0}, {2, &c, 0}}, 4, true);
    EXPECT_EQ(both.at(1), 2);
    EXPECT_EQ(both.at(2), 2);
    // Between rounds a running job keeps its GPUs and a newcomer gets what is left.
    const auto kept = pollux_allocation({{1, &c, 4}, {2, &c, 0}}, 4, false);
    EXPECT_EQ(kept.at(1), 4);
    EXPECT_EQ(kept.at(2), 0);
}

TEST(Pollux, AResizedJobFinishesItsConvertedWork) {
    // ResNet50 asking for 1 GPU on 2 single-GPU servers: Pollux runs it on 2 at once, so it
    // needs 1000 / (2 x 3/4) = 667 iterations of the 2-GPU size.
    SimConfig c;
    c.topology = {2, 1, 50.0, TopologyKind::SingleSwitch, 4, 1};
    c.policy = Policy::Pollux;
    c.timeline_bin_s = 0;
    c.restart_s = 10;
    const SimResult r = simulate({{0, "a", 0, "ResNet50", 1, 1000}}, ProfileTable::builtin(), c);
    const double two = plan_iteration(model("ResNet50"), 2, 50).ideal_seconds();
    EXPECT_NEAR(r.jobs[0].jct_s(), 10 + 667 * two, 1e-6);
    EXPECT_EQ(r.jobs[0].servers.size(), 2u);
    // Themis runs it as asked: 1000 iterations on one GPU, slower.
    c.policy = Policy::Themis;
    const SimResult t = simulate({{0, "a", 0, "ResNet50", 1, 1000}}, ProfileTable::builtin(), c);
    EXPECT_NEAR(t.jobs[0].jct_s(), 10 + 1000 * plan_iteration(model("ResNet50"), 1, 50).ideal_seconds(), 1e-6);
    EXPECT_LT(r.jobs[0].jct_s(), t.jobs[0].jct_s());
}
