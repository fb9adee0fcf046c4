// A sweep of the fixture plugin through the real CLI, worker processes and SQLite.
#include "project/project.hpp"
#include "store/run_store.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::testing;
using nlohmann::json;

TEST(SweepEndToEnd, FixtureSweepStoresEverything) {
    ScratchDir dir;
    const auto project = dir / "sweep.sextant";
    write_project(project, fixture_project({{"steps", 4}, {"write_artifact", true}},
                                           {{"grid", {{{"param", "scale"}, {"values", {1.0, 2.0, 4.0}}}}}}, 2));
    const auto result = run_cli({"run", project.string(), "--jobs", "2"});
    ASSERT_EQ(result.exit_code, 0) << result.err;

    RunStore store(database_path(project), true);
    const auto runs = store.runs();
    ASSERT_EQ(runs.size(), 6u);
    for (const auto& r : runs) {
        EXPECT_EQ(r.status, RunStatus::Done) << r.error;
        const double scale = r.params["scale"];
        const auto loss = store.metrics(r.id, "loss");
        ASSERT_EQ(loss.size(), 4u);
        for (int s = 0; s < 4; ++s) {
            EXPECT_EQ(loss[s].step, s);
            EXPECT_DOUBLE_EQ(loss[s].value, scale / (s + 1));
        }
        const auto summary = store.summaries(r.id);
        EXPECT_DOUBLE_EQ(summary.at("final_loss"), scale / 4);
        EXPECT_DOUBLE_EQ(summary.at("seed"), static_cast<double>(r.seed));
        const auto artifacts = store.artifacts(r.id);
        ASSERT_EQ(artifacts.size(), 1u);
        EXPECT_EQ(artifacts[0].path, "fx/run-" + std::to_string(r.id) + "/result.txt");
        EXPECT_TRUE(fs::exists(artifacts_path(project) / artifacts[0].path));
        EXPECT_GT(artifacts[0].size, 0);
        // The plugin's printf went to stderr, not into the protocol: the log has the label line.
        ASSERT_FALSE(store.logs(r.id).empty());
        EXPECT_EQ(store.logs(r.id)[0].message, "label=");
        ASSERT_TRUE(r.provenance_id);
        const auto prov = store.provenance(*r.provenance_id);
        EXPECT_FALSE(prov->host.empty());
        EXPECT_NE(prov->command_line.find("run"), std::string::npos);
    }
    EXPECT_EQ(runs[0].seed, 0u);
    EXPECT_EQ(runs[1].seed, 1u);
}

// A project opened by a relative path gives the worker a relative artifact folder; a plugin
// that registers artifact_dir() / name (as the modality plugin does) must still find its file.
TEST(SweepEndToEnd, ArtifactsRegisteredByFullPathUnderARelativeProject) {
    ScratchDir dir;
    write_project(dir / "rel.sextant",
                  fixture_project({{"steps", 2}, {"write_artifact", true}, {"artifact_by_full_path", true}}));
    const auto result = run_cli({"run", "rel.sextant", "--jobs", "1"}, dir.path());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    RunStore store(database_path(dir / "rel.sextant"), true);
    const auto runs = store.runs();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].status, RunStatus::Done) << runs[0].error;
    const auto artifacts = store.artifacts(runs[0].id);
    ASSERT_EQ(artifacts.size(), 1u);
    EXPECT_EQ(artifacts[0].path, "fx/run-" + std::to_string(runs[0].id) + "/result.txt");
}

// Workers keep freed memory for the next allocation (engine/src/exec/memory_reuse.cpp): 8 MB
// freed and written again costs no page faults; with glibc's defaults it costs ~2,048.
TEST(SweepEndToEnd, WorkersReuseFreedMemoryWithoutPageFaults) {
    ScratchDir dir;
    const auto project = dir / "faults.sextant";
    write_project(project, fixture_project({{"steps", 1}, {"measure_refaults", true}}));
    const auto result = run_cli({"run", project.string(), "--jobs", "1"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    RunStore store(database_path(project), true);
    const auto runs = store.runs();
    ASSERT_EQ(runs.size(), 1u);
    ASSERT_EQ(runs[0].status, RunStatus::Done) << runs[0].error;
    EXPECT_LT(store.summaries(runs[0].id).at("refaulted_pages"), 64);  // 2,048 pages of 4 KB written
}

TEST(SweepEndToEnd, RerunSkipsDoneRunsAndExtendsSweeps) {
    ScratchDir dir;
    const auto project = dir / "resume.sextant";
    write_project(project, fixture_project({}, {{"grid", {{{"param", "steps"}, {"values", {1, 2}}}}}}));
    ASSERT_EQ(run_cli({"run", project.string()}).exit_code, 0);
    const auto again = run_cli({"run", project.string()});
    EXPECT_EQ(again.exit_code, 0);
    EXPECT_NE(again.err.find("2 runs: 0 done now, 2 done before"), std::string::npos) << again.err;

    // Extending the sweep runs only the new point.
    write_project(project, fixture_project({}, {{"grid", {{{"param", "steps"}, {"values", {1, 2, 3}}}}}}));
    const auto extended = run_cli({"run", project.string()});
    EXPECT_NE(extended.err.find("3 runs: 1 done now, 2 done before"), std::string::npos) << extended.err;
    RunStore store(database_path(project), true);
    EXPECT_EQ(store.count_runs(), 3);
    for (const auto& r : store.runs()) EXPECT_EQ(r.attempts, 1);
}

TEST(SweepEndToEnd, FailedRunsExitOneAndRetryOnlyOnRequest) {
    ScratchDir dir;
    const auto project = dir / "fail.sextant";
    write_project(project, fixture_project({}, {{"grid", {{{"param", "mode"}, {"values", {"normal", "fail"}}}}}}));
    const auto first = run_cli({"run", project.string()});
    EXPECT_EQ(first.exit_code, 1);
    {
        RunStore store(database_path(project), true);
        RunQuery failed;
        failed.status = RunStatus::Failed;
        const auto runs = store.runs(failed);
        ASSERT_EQ(runs.size(), 1u);
        EXPECT_EQ(runs[0].error, "fixture failure requested");
        EXPECT_NE(runs[0].stderr_tail.find("fixture: starting mode=fail"), std::string::npos) << runs[0].stderr_tail;
    }
    const auto skipped = run_cli({"run", project.string()});
    EXPECT_EQ(skipped.exit_code, 1);
    EXPECT_NE(skipped.err.find("1 skipped; --retry-failed runs them"), std::string::npos) << skipped.err;
    const auto retried = run_cli({"run", project.string(), "--retry-failed"});
    EXPECT_EQ(retried.exit_code, 1);
    RunStore store(database_path(project), true);
    RunQuery failed;
    failed.status = RunStatus::Failed;
    EXPECT_EQ(store.runs(failed).at(0).attempts, 2);
    EXPECT_EQ(store.count_runs(), 2);
}

// One worker runs both points: the failed run's stderr is its own, complete (the worker
// marks where each run's output ends before announcing the result).
TEST(SweepEndToEnd, FailedRunKeepsOnlyItsOwnStderr) {
    ScratchDir dir;
    const auto project = dir / "tail.sextant";
    write_project(project, fixture_project({}, {{"grid", {{{"param", "mode"}, {"values", {"normal", "fail"}}}}}}));
    EXPECT_EQ(run_cli({"run", project.string(), "--jobs", "1"}).exit_code, 1);
    RunStore store(database_path(project), true);
    RunQuery failed;
    failed.status = RunStatus::Failed;
    const auto runs = store.runs(failed);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_NE(runs[0].stderr_tail.find("fixture: starting mode=fail"), std::string::npos) << runs[0].stderr_tail;
    EXPECT_EQ(runs[0].stderr_tail.find("mode=normal"), std::string::npos) << runs[0].stderr_tail;
    EXPECT_EQ(runs[0].stderr_tail.find("sextant-end-of-run"), std::string::npos) << runs[0].stderr_tail;
}

TEST(SweepEndToEnd, SetOverridesAFixedOrSweptParameter) {
    ScratchDir dir;
    const auto project = dir / "set.sextant";
    write_project(project, fixture_project({}, {{"grid", {{{"param", "steps"}, {"values", {1, 2, 3}}}}}}));
    const auto result = run_cli({"run", project.string(), "--set", "steps=7", "--set", "scale=0.5"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    RunStore store(database_path(project), true);
    const auto runs = store.runs();
    ASSERT_EQ(runs.size(), 1u);  // the sweep over steps was replaced by the fixed value
    EXPECT_EQ(runs[0].params["steps"], 7);
    EXPECT_EQ(runs[0].params["scale"], 0.5);

    const auto bad = run_cli({"run", project.string(), "--set", "step=7"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(
        bad.err.find("--set step: no selected experiment's plugin has a parameter 'step' (did you mean 'steps'?)"),
        std::string::npos)
        << bad.err;
}

TEST(SweepEndToEnd, ManyRunsShareWorkers) {
    ScratchDir dir;
    const auto project = dir / "many.sextant";
    write_project(
        project,
        fixture_project({{"steps", 1}},
                        {{"grid", {{{"param", "scale"}, {"linear", {{"from", 0}, {"to", 1}, {"count", 60}}}}}}}));
    const auto result = run_cli({"run", project.string(), "--jobs", "2"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    RunStore store(database_path(project), true);
    EXPECT_EQ(store.count_runs(), 60);
    RunQuery done;
    done.status = RunStatus::Done;
    EXPECT_EQ(store.count_runs(done), 60);
}
