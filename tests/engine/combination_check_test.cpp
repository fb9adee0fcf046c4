// Plugin::check (plugin API 3): values valid one by one that cannot run together are refused
// by `validate` and by `run` before any run starts, located and named; a plugin built for
// API 2 has no check() and still loads and runs.
#include "params/sweep_expansion.hpp"
#include "plugins/plugin_registry.hpp"
#include "project/project.hpp"
#include "run/combination_check.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::testing;
using nlohmann::json;

namespace {

PluginRegistry fixtures() { return PluginRegistry({FIXTURE_PLUGIN_DIR}); }

json window_project(json params, json sweep = json::object()) {
    json x = {{"name", "window"}, {"plugin", "checked"}, {"target", {{"kind", "local"}}}, {"params", params}};
    if (!sweep.empty()) x["sweep"] = sweep;
    return {{"sextant_project", 1}, {"name", "test"}, {"experiments", {fixture_project()["experiments"][0], x}}};
}

}  // namespace

TEST(CombinationCheck, ValidateRefusesAConflictNamingExperimentParametersAndExpectation) {
    ScratchDir dir;
    const auto project = dir / "conflict.sextant";
    write_project(project, window_project({{"first_step", 20}, {"last_step", 5}}));
    const auto result = run_cli({"validate", project.string()});
    EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
    EXPECT_EQ(result.err, project.string() +
                              ": experiments[1].params.first_step: experiment 'window': first_step = 20 with "
                              "last_step = 5 cannot run together in plugin 'checked': expected first_step <= "
                              "last_step\n")
        << result.err;
}

TEST(CombinationCheck, RunRefusesAConflictBeforeAnyRunStarts) {
    ScratchDir dir;
    const auto project = dir / "conflict.sextant";
    write_project(project, window_project({{"first_step", 20}, {"last_step", 5}}));
    const auto result = run_cli({"run", project.string()});
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find("cannot run together in plugin 'checked'"), std::string::npos) << result.err;
    // Not even the other, valid experiment ran: nothing was written.
    EXPECT_FALSE(fs::exists(database_path(project))) << "a conflict must not touch the store";
    EXPECT_FALSE(fs::exists(artifacts_path(project)));
}

TEST(CombinationCheck, SweptConflictsAreCountedAndLocatedAtTheSweep) {
    ScratchDir dir;
    const auto project = dir / "swept.sextant";
    const json sweep = {{"grid", {{{"param", "first_step"}, {"values", {0, 6, 7}}}}}};
    json doc = window_project({{"last_step", 5}}, sweep);
    doc["experiments"][1]["repeats"] = 3;  // seeds repeat a point: it counts once
    write_project(project, doc);
    const auto result = run_cli({"validate", project.string()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("experiments[1].sweep: experiment 'window': first_step = 6 with last_step = 5 cannot "
                              "run together in plugin 'checked': expected first_step <= last_step (1 of 3 sweep "
                              "points)"),
              std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("first_step = 7 with last_step = 5"), std::string::npos) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 2) << result.err;
}

TEST(CombinationCheck, ValuesThatRunTogetherPass) {
    ScratchDir dir;
    const auto project = dir / "fine.sextant";
    write_project(project, window_project({{"first_step", 5}, {"last_step", 5}}));
    const auto validated = run_cli({"validate", project.string()});
    EXPECT_EQ(validated.exit_code, 0) << validated.err;
    const auto ran = run_cli({"run", project.string(), "--experiment", "window"});
    EXPECT_EQ(ran.exit_code, 0) << ran.err;
}

TEST(CombinationCheck, ManyConflictsAreListedThreeAndCounted) {
    const auto plugin = fixtures().load("checked");
    std::vector<SweepPoint> points;
    for (int first = 0; first < 10; ++first) points.push_back({{{"first_step", first}, {"last_step", 2}}, 0});
    Problems problems("p.sextant");
    check_combinations(plugin, "w", points, problems, "experiments[0]");
    ASSERT_EQ(problems.items().size(), 4u);
    EXPECT_EQ(problems.texts()[3],
              "p.sextant: experiments[0].sweep: experiment 'w': 4 more conflicts; 7 of 10 "
              "sweep points cannot run");
}

TEST(CombinationCheck, APluginBuiltForApiTwoLoadsRunsAndIsNeverAskedToCheck) {
    const auto plugin = fixtures().load("api-v2");
    EXPECT_EQ(plugin.api_version, 2);
    // Its virtual table ends at run(): LoadedPlugin::check must not call past it.
    EXPECT_TRUE(plugin.check(Params(json{{"steps", 3}})).empty());
    ScratchDir dir;
    const auto project = dir / "old.sextant";
    json doc = fixture_project();
    doc["experiments"][0]["plugin"] = "api-v2";
    doc["experiments"][0]["params"] = {{"steps", 4}};
    write_project(project, doc);
    const auto ran = run_cli({"run", project.string()});
    EXPECT_EQ(ran.exit_code, 0) << ran.err;
    const auto listed = run_cli({"list", project.string(), "--format", "json"});
    EXPECT_NE(listed.out.find("0.25"), std::string::npos) << listed.out;
}
