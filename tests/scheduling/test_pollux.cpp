// The Pollux-like goodput-aware scheduler (pollux.hpp): its choices per job, its greedy
// allocation, and a job resized in the simulator, whose remaining work is converted.
#include "scheduling/pollux.hpp"
#include "scheduling/pollux_search.hpp"
#include "scheduling/simulator.hpp"

#include "serial_profiles.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>

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

// Pollux's search (pollux_search.hpp): the objective, and a genetic search that finds its best.
namespace {
// Every allocation of `jobs` within `gpus` (each job waits or takes one of its sizes).
double best_by_enumeration(const std::vector<ElasticJob>& jobs, int gpus, const PolluxObjective& objective) {
    std::vector<int> sizes(jobs.size());
    double best = -1;
    std::function<void(size_t, int)> walk = [&](size_t k, int left) {
        if (k == jobs.size()) {
            best = std::max(best, objective.fitness(sizes));
            return;
        }
        sizes[k] = 0;
        walk(k + 1, left);
        for (int s : jobs[k].choices->sizes)
            if (s <= left) sizes[k] = s, walk(k + 1, left - s);
    };
    walk(0, gpus);
    return best;
}
}  // namespace

TEST(PolluxSearch, SpeedupsAreOverTheFairShare) {
    const ElasticChoices c = elastic_choices(model("ResNet50"), 4, 1, 50, 16, PolluxConfig{});
    std::vector<ElasticJob> jobs{{1, &c, 0}, {2, &c, 0}, {3, &c, 0}, {4, &c, 0}};
    const PolluxObjective o(jobs, 16, 10, -1);  // 4 jobs on 16 GPUs: a fair share of 4
    EXPECT_EQ(o.fair_share(), 4);
    EXPECT_DOUBLE_EQ(o.speedup(0, 4), 1.0);
    EXPECT_DOUBLE_EQ(o.speedup(0, 0), 0.0);
    // Six jobs on 16 GPUs: a share of 3, of which the job uses the best size within it (2).
    jobs.push_back({5, &c, 0});
    jobs.push_back({6, &c, 0});
    const PolluxObjective six(jobs, 16, 10, -1);
    EXPECT_EQ(six.fair_share(), 3);
    EXPECT_DOUBLE_EQ(six.speedup(0, 2), 1.0);
    EXPECT_DOUBLE_EQ(six.speedup(0, 4), c.speedup[2] / c.speedup[1]);
    // The power mean: p = 1 is the plain mean of (speedup + 0.001).
    const PolluxObjective mean(jobs, 16, 10, 1);
    EXPECT_NEAR(mean.fitness({2, 2, 2, 2, 0, 0}), (4 * 1.001 + 2 * 0.001) / 6, 1e-12);
}

TEST(PolluxSearch, FairnessSpreadsTheGpusThatTheSumWouldConcentrate) {
    // Two ResNet50 asking for 1 GPU and one asking for 4, on 3 GPUs. The sum of speedups over
    // the request (the greedy) gives a second GPU to a small job (+0.49) before a first one to
    // the big job (+0.33 of its request), which waits; Pollux (speedups over the fair share,
    // 1 GPU each here, p = -1) runs all three.
    const ElasticChoices one = elastic_choices(model("ResNet50"), 1, 1, 50, 3, PolluxConfig{});
    const ElasticChoices four = elastic_choices(model("ResNet50"), 4, 1, 50, 3, PolluxConfig{});
    const std::vector<ElasticJob> jobs{{1, &one, 0}, {2, &one, 0}, {3, &four, 0}};
    const auto greedy = pollux_allocation(jobs, 3, true);
    EXPECT_EQ(greedy.at(3), 0);
    const auto a = PolluxSearch(PolluxConfig{}, 1).allocate(jobs, 3, true, 10);
    EXPECT_EQ(a.at(1), 1);
    EXPECT_EQ(a.at(2), 1);
    EXPECT_EQ(a.at(3), 1);
    const PolluxObjective objective(jobs, 3, 10, -1);
    EXPECT_NEAR(objective.fitness({1, 1, 1}), best_by_enumeration(jobs, 3, objective), 1e-12);
}

TEST(PolluxSearch, GeneticSearchFindsTheBestAllocationOfSmallClusters) {
    // Mixed jobs on 8 and 12 GPUs, some running: the search's result is the enumerated best,
    // for p = -1, 0 and 1. With no generations (the first population only) it is not, on at
    // least one of them: the generations do the work.
    PolluxConfig pc;
    const ElasticChoices r4 = elastic_choices(model("ResNet50"), 4, 1, 50, 12, pc);
    const ElasticChoices r1 = elastic_choices(model("ResNet50"), 1, 1, 50, 12, pc);
    const ElasticChoices v2 = elastic_choices(*serial_profiles().find("VGG16"), 2, 1, 50, 12, pc);
    const ElasticChoices g8 = elastic_choices(model("GPT-2"), 8, 1, 50, 12, pc);
    const std::vector<ElasticJob> jobs{{1, &r4, 4, 900, 0, 3600}, {2, &r1, 0, 60, 0, 0}, {3, &v2, 2, 5000, 1, 9000},
                                       {4, &g8, 0, 300, 0, 0},    {5, &r4, 0, 10, 0, 0}, {6, &r1, 1, 20, 3, 20},
                                       {7, &v2, 0, 700, 0, 0}};
    int missed_without_generations = 0;
    for (double p : {-1.0, 0.0, 1.0})
        for (int gpus : {8, 12}) {
            const PolluxObjective objective(jobs, gpus, 10, p);
            const double best = best_by_enumeration(jobs, gpus, objective);
            auto found = [&](int generations) {
                PolluxConfig c;
                c.fairness_p = p;
                c.generations = generations;
                const auto a = PolluxSearch(c, 7).allocate(jobs, gpus, true, 10);
                std::vector<int> sizes;
                for (const ElasticJob& j : jobs) sizes.push_back(a.at(j.id));
                return objective.fitness(sizes);
            };
            EXPECT_NEAR(found(100), best, 1e-12) << "p " << p << ", " << gpus << " GPUs";
            if (found(0) < best - 1e-12) ++missed_without_generations;
        }
    EXPECT_GT(missed_without_generations, 0);
}

TEST(PolluxSearch, RestartsOfYoungJobsArePenalised) {
    // Two ResNet50 asking for 4, each on 2 of 8 GPUs: both would grow to 4. Job 1, 15 s old
    // and restarted once with a 10 s restart time, keeps a fifth of its speedup if moved
    // ((15 - 10) / (15 + 10)), so Pollux leaves it on 2; an hour old, it grows too.
    const ElasticChoices c = elastic_choices(model("ResNet50"), 4, 1, 50, 8, PolluxConfig{});
    std::vector<ElasticJob> jobs{{1, &c, 2, 15, 1, 100}, {2, &c, 2, 3600, 0, 7200}};
    const auto young = PolluxSearch(PolluxConfig{}, 3).allocate(jobs, 8, true, 10);
    EXPECT_EQ(young.at(1), 2);
    EXPECT_EQ(young.at(2), 4);
    jobs[0].age_s = 3600;
    const auto old = PolluxSearch(PolluxConfig{}, 3).allocate(jobs, 8, true, 10);
    EXPECT_EQ(old.at(1), 4);
    EXPECT_EQ(old.at(2), 4);
}

TEST(PolluxSearch, BetweenRoundsRunningJobsKeepTheirGpus) {
    const ElasticChoices c = elastic_choices(model("ResNet50"), 4, 1, 50, 8, PolluxConfig{});
    const std::vector<ElasticJob> jobs{{1, &c, 8, 3600, 0, 1e5}, {2, &c, 0, 5, 0, 0}};
    const auto a = PolluxSearch(PolluxConfig{}, 3).allocate(jobs, 8, false, 10);
    EXPECT_EQ(a.at(1), 8);
    EXPECT_EQ(a.at(2), 0);
}

namespace {
// 30 short jobs (200-2,000 iterations) arriving at `per_hour`, and a Pollux run on `topology`.
std::vector<JobSpec> short_jobs(double per_hour, std::uint64_t seed) {
    GeneratorConfig g;
    g.jobs = 30;
    g.jobs_per_hour = per_hour;
    g.min_iterations = 200;
    g.max_iterations = 2000;
    g.seed = seed;
    return generate_jobs(g, ProfileTable::builtin());
}

SimConfig pollux_on(TopologyConfig topology) {
    SimConfig c;
    c.topology = topology;
    c.policy = Policy::Pollux;
    c.timeline_bin_s = 0;
    return c;
}
}  // namespace

TEST(PolluxSearch, SameSeedSameRun) {
    // A whole simulation under the genetic search: deterministic for a seed, and different from
    // the greedy search on a busy trace.
    const std::vector<JobSpec> trace = short_jobs(60, 5);
    SimConfig c = pollux_on({8, 1, 50.0, TopologyKind::LeafSpine, 4, 2});
    const SimResult a = simulate(trace, ProfileTable::builtin(), c), b = simulate(trace, ProfileTable::builtin(), c);
    c.pollux.search = PolluxSearchKind::Greedy;
    const SimResult greedy = simulate(trace, ProfileTable::builtin(), c);
    double diff = 0;
    for (size_t i = 0; i < trace.size(); ++i) {
        EXPECT_DOUBLE_EQ(a.jobs[i].jct_s(), b.jobs[i].jct_s());
        diff += std::abs(a.jobs[i].jct_s() - greedy.jobs[i].jct_s());
    }
    EXPECT_GT(diff, 1.0);
    for (const JobResult& j : a.jobs) EXPECT_GT(j.finish_s, 0) << j.name;
}

TEST(PolluxSearch, ConfigIsChecked) {
    PolluxConfig c;
    c.fairness_p = 2;
    EXPECT_THROW(c.validate(), std::invalid_argument);
    c = PolluxConfig{};
    c.population = 1;
    EXPECT_THROW(c.validate(), std::invalid_argument);
    EXPECT_THROW(parse_pollux_search("annealing"), std::invalid_argument);
}

TEST(PolluxNoiseGrowth, JobsGrowAsTheirNoiseScaleGrows) {
    // One ResNet50 asking for 2 GPUs on 8 single-GPU servers, phi / M0 = 0.01 at its start:
    // twice the batch is worth half its samples, so it runs on 2 or fewer. With phi growing 64x
    // over its training (to 0.64 x M0), later rounds find 4 or 8 GPUs worth it.
    SimConfig c = pollux_on({8, 1, 50.0, TopologyKind::SingleSwitch, 4, 1});
    c.round_s = 60;
    c.pollux.noise_scale = 0.01;
    const std::vector<JobSpec> job{{0, "a", 0, "ResNet50", 2, 20000}};
    const SimResult constant = simulate(job, ProfileTable::builtin(), c);
    c.pollux.noise_growth = 64;
    const SimResult growing = simulate(job, ProfileTable::builtin(), c);
    EXPECT_LE(constant.jobs[0].servers.size(), 2u);
    EXPECT_GE(growing.jobs[0].servers.size(), 4u);
    EXPECT_GT(growing.jobs[0].preemptions, constant.jobs[0].preemptions);  // resized on the way
    EXPECT_DOUBLE_EQ(noise_scale_at(c.pollux, 0.5), 0.01 * 8);
    EXPECT_DOUBLE_EQ(noise_scale_at(c.pollux, 2.0), 0.01 * 64);  // past its end: as at its end
}

TEST(PolluxNoiseGrowth, CoastingJobsTakeTheirNewIterationCounts) {
    // Under flow-level shared sets every job coasts; a round that converts a running job's work
    // changes its iteration count under it. Coasting must end at the new count, as stepping
    // every iteration as an event does: the same finish times to rounding.
    const std::vector<JobSpec> trace = short_jobs(240, 3);
    SimConfig c = pollux_on({16, 2, 50.0, TopologyKind::LeafSpine, 4, 4.0});
    c.round_s = 60;
    c.flow_method = FlowMethod::SharedSets;
    c.pollux.noise_scale = 0.05;
    c.pollux.noise_growth = 40;
    const SimResult coasting = simulate(trace, ProfileTable::builtin(), c);
    c.stepping = Stepping::Iteration;
    const SimResult events = simulate(trace, ProfileTable::builtin(), c);
    EXPECT_GT(coasting.coasted_steps, 0);
    EXPECT_EQ(events.coasted_steps, 0);
    for (size_t i = 0; i < trace.size(); ++i) {
        EXPECT_GT(events.jobs[i].finish_s, 0);
        EXPECT_NEAR(coasting.jobs[i].finish_s, events.jobs[i].finish_s, 1e-6 * events.jobs[i].finish_s) << i;
        EXPECT_EQ(coasting.jobs[i].iterations, events.jobs[i].iterations) << i;
    }
}
