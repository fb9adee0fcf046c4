#include "editor/experiment_check.hpp"

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::ui;

namespace {
PluginInfo plugin() {
    PluginInfo info;
    info.id = "fixture";
    info.version = "1.0.0";
    info.params = {int_param("steps", 5, 0, 100, "points"), float_param("scale", 1, 0, 1e6, "scale"),
                   choice_param("mode", "normal", {"normal", "fail"}, "mode")};
    info.targets = {"local"};
    return info;
}
}  // namespace

TEST(ExperimentCheck, CountsPointsTimesSeeds) {
    Experiment x;
    x.plugin = "fixture";
    x.sweep = {
        {"grid", {{{"param", "scale"}, {"values", {1, 2, 4}}}, {{"param", "mode"}, {"values", {"normal", "fail"}}}}}};
    x.repeats = 3;
    const auto c = check_experiment(x, plugin());
    EXPECT_TRUE(c.problems.empty());
    EXPECT_EQ(c.runs, 18u);
    EXPECT_EQ(c.points, 6u);
    EXPECT_EQ(c.seeds, 3u);
}

TEST(ExperimentCheck, ProblemsNameTheParameter) {
    Experiment x;
    x.plugin = "fixture";
    x.params = {{"steps", 1000}, {"stepz", 1}};
    x.target = {{"kind", "quantum"}};  // cluster runs any local plugin (14f1427)
    const auto c = check_experiment(x, plugin());
    EXPECT_EQ(c.runs, 0u);
    ASSERT_EQ(problems_of_param(c, "steps").size(), 1u);
    EXPECT_EQ(problems_of_param(c, "steps")[0].message, "expected an integer in [0, 100], got 1000");
    // The unknown name is a problem of its own path, with the name probably meant.
    ASSERT_EQ(problems_of_param(c, "stepz").size(), 1u);
    EXPECT_EQ(problems_of_param(c, "stepz")[0].suggestion, "steps");
    EXPECT_EQ(problem_line(problems_of_param(c, "stepz")[0]),
              "params.stepz: unknown parameter of plugin 'fixture' (did you mean 'steps'?)");
    bool target = false;
    for (const auto& p : c.problems) target = target || p.path == "target.kind";
    EXPECT_TRUE(target);
}

TEST(ExperimentCheck, AProblemInTheSweepIsNotTheFixedValues) {
    Experiment x;
    x.plugin = "fixture";
    x.sweep = {{"grid", {{{"param", "steps"}, {"values", {1, 500}}}}}};
    const auto c = check_experiment(x, plugin());
    ASSERT_EQ(c.problems.size(), 1u);
    EXPECT_EQ(c.problems[0].path, "sweep.grid[0].values[1]");
    EXPECT_TRUE(problems_of_param(c, "steps").empty());  // the fixed value is fine
}
