// Model profiles, trace parsing (errors name line and field), the job generator.
#include "scheduling/job.hpp"
#include "scheduling/profiles.hpp"
#include "scheduling/trace.hpp"
#include "serial_profiles.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace sextant::scheduling;

namespace {
std::string error_of(const std::string& csv) {
    try {
        parse_trace(csv, "t.csv", ProfileTable::builtin());
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}
}  // namespace

TEST(Profiles, BuiltinHasThirteenModelsWithSources) {
    const ProfileTable& t = ProfileTable::builtin();
    EXPECT_EQ(t.models().size(), 13u);
    for (const char* m : {"VGG11", "VGG16", "VGG19", "ResNet50", "WideResNet101", "BERT", "RoBERTa", "XLM", "CamemBERT",
                          "GPT-1", "GPT-2", "GPT-3", "DLRM"})
        EXPECT_NE(t.find(m), nullptr) << m;
    EXPECT_EQ(t.find("resnet-50 (batch size 64)"), t.find("ResNet50"));
}

TEST(Profiles, NumbersWithoutSourceAreRefused) {
    const std::string bad = R"({"models":[{"name":"X","parameters_millions":{"value":1},
        "gradient_bytes":{"value":4,"source":"a"},"iteration":[{"compute_ms":{"value":1,"source":"a"}}]}]})";
    try {
        ProfileTable::parse(bad, "p.json");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("p.json: models[0] (X).parameters_millions.source"), std::string::npos)
            << e.what();
    }
}

TEST(Profiles, RingAllReduceVolume) {
    // VGG16 on 4 servers: 2 * 3/4 * 138.36M params * 4 B * 8 bit = 3.32 Gbit per ring hop.
    const ModelProfile* vgg = serial_profiles().find("VGG16");
    IterationPlan plan = plan_iteration(*vgg, 4, 50);
    ASSERT_EQ(plan.steps.size(), 2u);
    EXPECT_NEAR(plan.steps[1].gbit, 2 * 0.75 * 138.36e6 * 32 * 1e-9, 1e-9);
    EXPECT_NEAR(plan.ideal_seconds(), 0.085 + plan.steps[1].gbit / 50, 1e-12);
    EXPECT_FALSE(plan_iteration(*vgg, 1, 50).uses_network());
    Pattern p = plan.pattern("vgg");
    ASSERT_EQ(p.phases.size(), 1u);
    EXPECT_NEAR(p.phases[0].start_ms, 85, 1e-9);
}

// The shipped data-parallel models carry DDP buckets (scripts/profile-models): all of their
// gradients are all-reduced, the iteration's compute total is the table's, and overlapping
// makes an iteration shorter than compute + all-reduce but no shorter than either alone.
TEST(Profiles, BuiltinDataParallelModelsOverlapTheirBuckets) {
    int bucketed = 0;
    for (const ModelProfile& m : ProfileTable::builtin().models()) {
        if (m.parallelism != "data") continue;
        SCOPED_TRACE(m.name);
        const IterationPlan plan = plan_iteration(m, 4, 50);
        const ModelProfile* serial = serial_profiles().find(m.name);
        ASSERT_NE(serial, nullptr);
        const IterationPlan before = plan_iteration(*serial, 4, 50);
        EXPECT_NEAR(plan.comm_gbit(), before.comm_gbit(), 1e-3 * before.comm_gbit());
        EXPECT_NEAR(plan_iteration(m, 1, 50).ideal_seconds(), plan_iteration(*serial, 1, 50).ideal_seconds(), 1e-6);
        const double compute = plan_iteration(m, 1, 50).ideal_seconds(), comm = plan.comm_gbit() / 50;
        EXPECT_LT(plan.ideal_seconds(), compute + comm);
        EXPECT_GE(plan.ideal_seconds(), std::max(compute, comm) - 1e-12);
        bucketed += plan.steps.size() > 2;
    }
    EXPECT_EQ(bucketed, 10);
}

TEST(Trace, ParsesAliasesTabsAndComments) {
    auto jobs = parse_trace(
        "# a Gavel-like trace\njob_type\tscale_factor\ttotal_steps\tarrival_time\n"
        "ResNet-50 (batch size 64)\t4\t1000\t30\n\nBERT\t2\t500\t10\n",
        "t.tsv", ProfileTable::builtin());
    ASSERT_EQ(jobs.size(), 2u);
    EXPECT_EQ(jobs[0].model, "BERT");  // sorted by arrival
    EXPECT_EQ(jobs[1].model, "ResNet50");
    EXPECT_EQ(jobs[1].gpus, 4);
    EXPECT_EQ(jobs[1].iterations, 1000);
    EXPECT_EQ(jobs[1].id, 1);
}

TEST(Trace, DurationsBecomeIterations) {
    auto jobs = parse_trace("arrival_s,model,gpus,duration_s\n0,VGG16,1,85\n", "t.csv", ProfileTable::builtin(),
                            [](const ModelProfile&, int) { return 0.085; });
    EXPECT_EQ(jobs.at(0).iterations, 1000);
}

TEST(Trace, ErrorsNameLineAndField) {
    const std::string head = "arrival_s,model,gpus,iterations\n";
    EXPECT_EQ(error_of(head + "0,VGG16,2,100\n5,VGG16,two,100\n"),
              "t.csv:3: field 'gpus': expected a number, got 'two'");
    EXPECT_EQ(error_of(head + "0,VGG16,0,100\n"), "t.csv:2: field 'gpus': expected a positive integer, got '0'");
    EXPECT_EQ(error_of(head + "0,VGG16,1,1.5\n"),
              "t.csv:2: field 'iterations': expected a positive integer, got '1.5'");
    EXPECT_EQ(error_of(head + "-1,VGG16,1,10\n"), "t.csv:2: field 'arrival_s': expected a time >= 0, got '-1'");
    EXPECT_NE(error_of(head + "0,AlexNet,1,10\n").find("t.csv:2: field 'model': unknown model 'AlexNet' (known: VGG11"),
              std::string::npos);
    EXPECT_EQ(error_of(head + "0,VGG16,1\n"), "t.csv:2: field '*': expected 4 fields as in the header, got 3");
    EXPECT_NE(error_of("# c\nmodel,gpus,iterations\n").find("t.csv:2: field 'arrival_s': no such column"),
              std::string::npos);
    EXPECT_EQ(error_of(""), "t.csv: empty trace (expected a header row)");
}

TEST(Generator, DeterministicUnderSeed) {
    GeneratorConfig g;
    g.jobs = 50;
    g.seed = 3;
    auto a = generate_jobs(g, ProfileTable::builtin());
    auto b = generate_jobs(g, ProfileTable::builtin());
    ASSERT_EQ(a.size(), 50u);
    for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].arrival_s, b[i].arrival_s);
        EXPECT_EQ(a[i].model, b[i].model);
        EXPECT_EQ(a[i].gpus, b[i].gpus);
        EXPECT_EQ(a[i].iterations, b[i].iterations);
        EXPECT_GE(a[i].iterations, g.min_iterations);
        EXPECT_LE(a[i].iterations, g.max_iterations);
        if (i) {
            EXPECT_GE(a[i].arrival_s, a[i - 1].arrival_s);
        }
    }
    g.seed = 4;
    auto c = generate_jobs(g, ProfileTable::builtin());
    EXPECT_NE(a[10].arrival_s, c[10].arrival_s);
}

TEST(Generator, PoissonRateIsRoughlyRight) {
    GeneratorConfig g;
    g.jobs = 4001;
    g.jobs_per_hour = 60;
    g.seed = 11;
    auto jobs = generate_jobs(g, ProfileTable::builtin());
    double mean_gap = jobs.back().arrival_s / 4000;
    EXPECT_NEAR(mean_gap, 60.0, 3.0);  // 4000 exponential gaps: standard error ~1 s
}

TEST(Generator, RejectsBadConfig) {
    GeneratorConfig g;
    g.models = {"AlexNet"};
    EXPECT_THROW(generate_jobs(g, ProfileTable::builtin()), std::invalid_argument);
    GeneratorConfig w;
    w.gpu_weights = {1};
    EXPECT_THROW(generate_jobs(w, ProfileTable::builtin()), std::invalid_argument);
}
