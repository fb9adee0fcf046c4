// The in-tree plugins' check() (plugin API 3), through the real plugin files: values each
// valid on its own that a run would refuse at its start are refused when the sweep is
// planned (validate, and run before anything starts), naming the parameters.
#include "project/project.hpp"
#include "run/sweep_plan.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"
#include "validate_fuzz.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace sextant;
using nlohmann::json;

namespace {

// The kind of target a plugin's experiment runs on in these tests.
std::string target_of(const std::string& plugin) {
    return plugin == "scheduling" || plugin == "congestion" ? "simulated" : "local";
}

json one_experiment(const std::string& plugin, const json& params) {
    return {{"sextant_project", 1},
            {"name", "checks"},
            {"experiments",
             {{{"name", "x"}, {"plugin", plugin}, {"target", {{"kind", target_of(plugin)}}}, {"params", params}}}}};
}

// The problems planning a one-experiment project reports ("" when it plans).
std::string plan_problems(const std::string& plugin, const json& params) {
    const json doc = one_experiment(plugin, params);
    try {
        plan_sweeps(Project::from_json(doc, "p.sextant"), "p.sextant", PluginRegistry({PLUGIN_DIR}), {});
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

// `sextant-cli validate` of a one-experiment project file, with the in-tree plugins.
sextant::testing::ValidateOutcome validate(const std::string& plugin, const json& params) {
    sextant::testing::ScratchDir dir;
    const auto file = dir / "p.sextant";
    sextant::testing::write_project(file, one_experiment(plugin, params));
    ::setenv("SEXTANT_PLUGIN_PATH", PLUGIN_DIR, 1);
    auto outcome = sextant::testing::validate_file(file);
    ::unsetenv("SEXTANT_PLUGIN_PATH");
    return outcome;
}

// Validation exits 2 with `located` (a file's location and message) among its problems.
void expect_refused(const std::string& plugin, const json& params, const std::string& located) {
    const auto outcome = validate(plugin, params);
    EXPECT_EQ(outcome.exit_code, 2) << params.dump() << "\n" << outcome.message;
    EXPECT_NE(outcome.message.find(located), std::string::npos)
        << params.dump() << "\n  got: " << outcome.message << "\n  expected to contain: " << located;
}

void expect_accepted(const std::string& plugin, const json& params) {
    const auto outcome = validate(plugin, params);
    EXPECT_EQ(outcome.exit_code, 0) << params.dump() << "\n" << outcome.message;
}

}  // namespace

#ifdef HAVE_PLUGIN_compression_training
TEST(PluginChecks, CompressionTrainingRefusesASchemeGlooRanksCannotRun) {
    EXPECT_EQ(plan_problems("compression-training", {{"transport", "gloo"}, {"scheme", "topk"}}),
              "p.sextant: experiments[0].params.scheme: experiment 'x': scheme = \"topk\" with transport = \"gloo\" "
              "cannot run together in plugin 'compression-training': expected dense, dense-int, lhc, lhc-union or "
              "lhc-aligned with transport gloo, got topk");
    EXPECT_EQ(plan_problems("compression-training", {{"transport", "gloo"}, {"scheme", "lhc"}}), "");
    EXPECT_EQ(plan_problems("compression-training", {{"transport", "in-process"}, {"scheme", "topk"}}), "");
}

TEST(PluginChecks, CompressionTrainingRefusesFewerImagesThanOneBatchPerWorker) {
    const auto problems =
        plan_problems("compression-training", {{"workers", 16}, {"batch_size", 4096}, {"train_samples", 60000}});
    EXPECT_NE(problems.find("train_samples = 60000 with workers = 16 with batch_size = 4096 cannot run together"),
              std::string::npos)
        << problems;
}
#endif

#ifdef HAVE_PLUGIN_caching
TEST(PluginChecks, CachingRefusesACacheSmallerThanItsK) {
    EXPECT_EQ(plan_problems("caching", {{"capacity", 3}, {"k", 5}}),
              "p.sextant: experiments[0].params.capacity: experiment 'x': capacity = 3 with k = 5 cannot run "
              "together in plugin 'caching': expected capacity 0 (unbounded) or at least k = 5 entries per cache, "
              "got 3");
    EXPECT_EQ(plan_problems("caching", {{"capacity", 5}, {"k", 5}}), "");
}

TEST(PluginChecks, CachingRefusesABatchedOracleAndAMethodWithoutCachePoints) {
    auto problems = plan_problems("caching", {{"method", "oracle"}, {"batch", 4}});
    EXPECT_NE(problems.find("batch = 4 with method = \"oracle\" cannot run together"), std::string::npos) << problems;
    problems = plan_problems("caching", {{"method", "freeze"}, {"points", json::array()}});
    EXPECT_NE(problems.find("points = [] with method = \"freeze\" cannot run together"), std::string::npos) << problems;
    EXPECT_EQ(plan_problems("caching", {{"method", "none"}, {"points", json::array()}}), "");
}

TEST(PluginChecks, CachingRefusesACachePointTheArchitectureLacks) {
    const auto problems = plan_problems("caching", {{"arch", "cnn"}, {"points", {"conv2", "block4"}}});
    EXPECT_NE(problems.find("points = [\"conv2\",\"block4\"] with arch = \"cnn\" cannot run together in plugin "
                            "'caching': expected stages of cnn (stem, conv1, conv2, conv3, conv4), got 'block4'"),
              std::string::npos)
        << problems;
    EXPECT_EQ(plan_problems("caching", {{"arch", "cnn"}, {"points", {"stem", "conv4"}}}), "");
    EXPECT_EQ(plan_problems("caching", {{"points", {"stem", "block8"}}}), "");  // resnet18, the default
}
#endif

#ifdef HAVE_PLUGIN_scheduling
TEST(PluginChecks, SchedulingRefusesGeneratedJobsItCannotDraw) {
    expect_refused("scheduling", {{"gpu_weights", "1,2"}},
                   "experiments[0].params.gpu_weights: experiment 'x': gpu_weights = \"1,2\" with gpu_sizes = "
                   "\"1,2,4,8\" cannot run together in plugin 'scheduling': expected one weight per size (4), got 2");
    expect_refused("scheduling", {{"min_iterations", 500}, {"max_iterations", 100}},
                   "experiments[0].params.min_iterations: experiment 'x': min_iterations = 500 with max_iterations = "
                   "100 cannot run together in plugin 'scheduling': expected min_iterations <= max_iterations");
    expect_refused("scheduling", {{"gpu_sizes", "1,48"}},
                   "experiments[0].params.gpu_sizes: experiment 'x': gpu_sizes = \"1,48\" with servers = 24 with "
                   "gpus_per_server = 1 cannot run together in plugin 'scheduling': expected GPU counts from 1 to "
                   "servers x gpus_per_server = 24, got 48");
    expect_refused("scheduling", {{"models", "VGG16,AlexNet"}},
                   "experiments[0].params.models: experiment 'x': models = \"VGG16,AlexNet\" cannot run together in "
                   "plugin 'scheduling': expected models the profiles know (");
    expect_accepted("scheduling", {{"gpu_weights", "1,2,3,4"}, {"min_iterations", 100}, {"max_iterations", 100}});
}

TEST(PluginChecks, SchedulingRefusesATraceItCannotReadOrRun) {
    expect_refused("scheduling", {{"workload", "trace"}},
                   "experiments[0].params.trace_file: experiment 'x': trace_file = \"\" with workload = \"trace\" "
                   "cannot run together in plugin 'scheduling': expected a trace file (CSV/TSV) when workload=trace");
    expect_refused("scheduling", {{"workload", "trace"}, {"trace_file", "/nonexistent/t.csv"}},
                   "experiments[0].params.trace_file: experiment 'x': trace_file = \"/nonexistent/t.csv\" cannot run "
                   "together in plugin 'scheduling': expected a readable trace of arrival_s, model, gpus, iterations "
                   "(/nonexistent/t.csv: cannot open the trace file)");
    sextant::testing::ScratchDir dir;
    const auto trace = dir / "t.csv";
    sextant::testing::write_text(trace, "arrival_s,model,gpus,iterations\n0,VGG16,2,100\n5,BERT,32,50\n");
    // 32 GPUs fit 8 servers x 4 GPUs, not the default 24 x 1: the simulator refused it only once a run started.
    expect_refused("scheduling", {{"workload", "trace"}, {"trace_file", trace.string()}},
                   "experiments[0].params.trace_file: experiment 'x': trace_file = " + json(trace.string()).dump() +
                       " with servers = 24 with gpus_per_server = 1 cannot run together in plugin 'scheduling': "
                       "expected jobs of at most servers x gpus_per_server = 24 GPUs, got job ");
    expect_accepted("scheduling",
                    {{"workload", "trace"}, {"trace_file", trace.string()}, {"servers", 8}, {"gpus_per_server", 4}});
}

TEST(PluginChecks, SchedulingRefusesCoastingWhereItCannotCoast) {
    expect_refused("scheduling", {{"stepping", "coast"}},
                   "experiments[0].params.stepping: experiment 'x': stepping = \"coast\" with servers = 24 with "
                   "topology = \"leaf-spine\" with servers_per_leaf = 4 cannot run together in plugin 'scheduling': "
                   "expected stepping auto or iteration on a fabric of 60 links (coast needs more than 128 links)");
    const json large = {{"servers", 256}, {"gpus_per_server", 4}, {"stepping", "coast"}};
    json packet = large;
    packet["fidelity"] = "packet";
    expect_refused("scheduling", packet,
                   "experiments[0].params.stepping: experiment 'x': stepping = \"coast\" with fidelity = \"packet\" "
                   "cannot run together in plugin 'scheduling': expected stepping auto or iteration with "
                   "fidelity=packet (coast needs fidelity=flow)");
    expect_accepted("scheduling", large);
}
#endif

#ifdef HAVE_PLUGIN_congestion
TEST(PluginChecks, CongestionRefusesMoreJobsThanHostPairs) {
    expect_refused("congestion", {{"topology", "single-switch:8"}, {"jobs", 5}},
                   "experiments[0].params.jobs: experiment 'x': jobs = 5 with topology = \"single-switch:8\" cannot "
                   "run together in plugin 'congestion': expected at least 2 hosts per job: at most 4 jobs on this "
                   "topology's 8 hosts");
    expect_accepted("congestion", {{"topology", "single-switch:8"}, {"jobs", 4}});
}

TEST(PluginChecks, CongestionRefusesABufferBelowThePfcHeadroom) {
    // 8 ports of 100 Gb/s at 1 us, 100 headroom RTTs: 8 x 1.25 MB + 8 x 4 KB.
    const json params = {{"topology", "single-switch:8"}, {"buffer_mb", 8}, {"headroom_rtts", 100}};
    expect_refused("congestion", params,
                   "experiments[0].params.buffer_mb: experiment 'x': buffer_mb = 8.0 with headroom_rtts = 100.0 with "
                   "link_latency_us = 1.0 with topology = \"single-switch:8\" cannot run together in plugin "
                   "'congestion': expected buffer_mb above the PFC headroom and reserve of switch 'switch' (10033 KB: "
                   "headroom_rtts x link rate x link_latency_us and 4 KB per port into it), got 8389 KB");
    json flow = params;
    flow["fidelity"] = "flow";  // no switch buffers at flow level
    expect_accepted("congestion", flow);
    json enough = params;
    enough["buffer_mb"] = 10;
    expect_accepted("congestion", enough);
}

TEST(PluginChecks, CongestionRefusesFramesAndThresholdsTheFabricRefuses) {
    expect_refused("congestion", {{"payload_bytes", 9000}, {"header_bytes", 300}},
                   "experiments[0].params.payload_bytes: experiment 'x': payload_bytes = 9000 with header_bytes = 300 "
                   "cannot run together in plugin 'congestion': expected payload_bytes + header_bytes <= 9216 (a "
                   "jumbo frame), got 9300");
    expect_refused("congestion", {{"kmin_kb_per_25g", 500}, {"kmax_kb_per_25g", 400}},
                   "experiments[0].params.kmin_kb_per_25g: experiment 'x': kmin_kb_per_25g = 500.0 with "
                   "kmax_kb_per_25g = 400.0 with cc = \"dcqcn\" cannot run together in plugin 'congestion': expected "
                   "kmin_kb_per_25g <= kmax_kb_per_25g (cc dctcp marks at dctcp_k_kb_per_10g instead)");
    expect_accepted("congestion", {{"kmin_kb_per_25g", 500}, {"kmax_kb_per_25g", 400}, {"cc", "dctcp"}});
    expect_refused("congestion", {{"timely_t_low_us", 60}, {"timely_t_high_us", 50}},
                   "experiments[0].params.timely_t_low_us: experiment 'x': timely_t_low_us = 60.0 with "
                   "timely_t_high_us = 50.0 cannot run together in plugin 'congestion': expected timely_t_low_us < "
                   "timely_t_high_us");
}

TEST(PluginChecks, CongestionRefusesTrafficItCannotRun) {
    expect_refused("congestion", {{"profile", "dlrm"}, {"collective", "all-to-all"}},
                   "experiments[0].params.collective: experiment 'x': collective = \"all-to-all\" with profile = "
                   "\"dlrm\" cannot run together in plugin 'congestion': expected an all-reduce (ring-allreduce, "
                   "direct-allreduce or hierarchical-allreduce) to reduce a profile's gradients, got collective "
                   "all-to-all");
    expect_accepted("congestion", {{"profile", "dlrm"}});
    // Two jobs of 3 ranks on leaves of 2: job 0 has 2 ranks on one leaf and 1 on the next.
    const json uneven = {{"topology", "leaf-spine:3x2:1"}, {"jobs", 2}, {"collective", "hierarchical-allreduce"}};
    expect_refused("congestion", uneven,
                   "cannot run together in plugin 'congestion': expected leaf groups of equal size for "
                   "hierarchical-allreduce (the hierarchical all-reduce needs groups (leaves) of equal size, got 2 "
                   "and 1 ranks (use a packed or strided placement))");
    json even = uneven;
    even["jobs"] = 3;
    expect_accepted("congestion", even);
    expect_refused("congestion", {{"profile", "resnet"}}, "profile 'resnet': expected dlrm, vgg19 or file:PATH");
}
#endif

#ifdef HAVE_PLUGIN_compression
TEST(PluginChecks, CompressionRefusesMoreGradientsThanMemoryHolds) {
    expect_refused("compression", {{"size", 1 << 28}, {"workers", 8}},
                   "experiments[0].params.size: experiment 'x': size = 268435456 with workers = 8 cannot run together "
                   "in plugin 'compression': expected at most 6 GiB for (workers + 4) copies of the largest tensor "
                   "(4 B a value), got 12 GiB");
    expect_accepted("compression", {{"size", 1 << 26}, {"workers", 8}});
}

TEST(PluginChecks, CompressionRefusesSimulatedFabricsBeforeTheCodecRuns) {
    expect_refused("compression", {{"aggregators", 9}, {"aggregators_colocated", true}},
                   "experiments[0].params.aggregators: experiment 'x': aggregators = 9 with aggregators_colocated = "
                   "true with workers = 8 cannot run together in plugin 'compression': expected at most the number of "
                   "workers when aggregators_colocated is true, got 9");
    expect_refused("compression", {{"switch_payload_bytes", 1022}},
                   "experiments[0].params.switch_payload_bytes: experiment 'x': switch_payload_bytes = 1022 cannot "
                   "run together in plugin 'compression': expected a multiple of 4 between 4 and 65536 bytes, got "
                   "1022");
    expect_accepted("compression", {{"aggregators", 8}, {"aggregators_colocated", true}});
}
#endif
