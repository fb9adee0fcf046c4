// The in-tree plugins' check() (plugin API 3), through the real plugin files: values each
// valid on its own that a run would refuse at its start are refused when the sweep is
// planned (validate, and run before anything starts), naming the parameters.
#include "project/project.hpp"
#include "run/sweep_plan.hpp"
#include "util/errors.hpp"

#include <gtest/gtest.h>

using namespace sextant;
using nlohmann::json;

namespace {

// The problems planning a one-experiment project reports ("" when it plans).
std::string plan_problems(const std::string& plugin, const json& params) {
    const json doc = {
        {"sextant_project", 1},
        {"name", "checks"},
        {"experiments", {{{"name", "x"}, {"plugin", plugin}, {"target", {{"kind", "local"}}}, {"params", params}}}}};
    try {
        plan_sweeps(Project::from_json(doc, "p.sextant"), "p.sextant", PluginRegistry({PLUGIN_DIR}), {});
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
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
#endif
