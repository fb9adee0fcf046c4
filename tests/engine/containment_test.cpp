// Misbehaving plugins and parents: crashes, hangs, timeouts, a killed parent.
#include "project/project.hpp"
#include "store/run_store.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <thread>

using namespace sextant;
using namespace sextant::testing;
using nlohmann::json;

namespace {

json two_experiments(const std::string& bad_plugin, json extra = json::object()) {
    json bad = {{"name", "bad"}, {"plugin", bad_plugin}, {"target", {{"kind", "local"}}}, {"params", json::object()}};
    bad.update(extra);
    json good = {{"name", "good"},
                 {"plugin", "fixture"},
                 {"target", {{"kind", "local"}}},
                 {"params", {{"steps", 3}}},
                 {"repeats", 3}};
    return {{"sextant_project", 1}, {"name", "c"}, {"experiments", {bad, good}}};
}

std::vector<RunRecord> runs_of(const fs::path& project, const std::string& experiment) {
    RunStore store(database_path(project), true);
    RunQuery q;
    q.experiment = experiment;
    return store.runs(q);
}

}  // namespace

TEST(Containment, CrashingWorkerFailsOnlyItsRun) {
    ScratchDir dir;
    const auto project = dir / "crash.sextant";
    write_project(project, two_experiments("crash"));
    const auto result = run_cli({"run", project.string(), "--jobs", "2"});
    EXPECT_EQ(result.exit_code, 1) << result.err;
    const auto bad = runs_of(project, "bad");
    ASSERT_EQ(bad.size(), 1u);
    EXPECT_EQ(bad[0].status, RunStatus::Failed);
    EXPECT_NE(bad[0].error.find("killed by signal 11 (SIGSEGV)"), std::string::npos) << bad[0].error;
    EXPECT_EQ(bad[0].exit_status, -11);
    EXPECT_NE(bad[0].stderr_tail.find("crash: about to dereference null"), std::string::npos) << bad[0].stderr_tail;
    for (const auto& r : runs_of(project, "good")) EXPECT_EQ(r.status, RunStatus::Done) << r.error;
}

TEST(Containment, WorkerThatExitsMidRunIsReported) {
    ScratchDir dir;
    const auto project = dir / "exit.sextant";
    json p = fixture_project(
        {},
        {{"grid", {{{"param", "mode"}, {"values", {"exit", "normal"}}}, {{"param", "steps"}, {"values", {1, 2}}}}}});
    write_project(project, p);
    EXPECT_EQ(run_cli({"run", project.string(), "--jobs", "1"}).exit_code, 1);
    const auto runs = runs_of(project, "fx");
    ASSERT_EQ(runs.size(), 4u);
    for (int i : {0, 1}) {
        EXPECT_EQ(runs[i].status, RunStatus::Failed);
        EXPECT_NE(runs[i].error.find("exited with status 7"), std::string::npos) << runs[i].error;
        EXPECT_EQ(runs[i].exit_status, 7);
    }
    EXPECT_EQ(runs[2].status, RunStatus::Done);  // fresh workers took over
    EXPECT_EQ(runs[3].status, RunStatus::Done);
}

TEST(Containment, HangingRunTimesOutAndIsKilled) {
    ScratchDir dir;
    const auto project = dir / "hang.sextant";
    write_project(project, two_experiments("hang", {{"timeout_s", 1.0}}));
    const auto start = std::chrono::steady_clock::now();
    const auto result = run_cli({"run", project.string(), "--jobs", "2"});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_LT(seconds, 30.0);  // a containment bound, not a speed target: without SIGKILL this never ends
    const auto bad = runs_of(project, "bad");
    ASSERT_EQ(bad.size(), 1u);
    EXPECT_EQ(bad[0].status, RunStatus::Failed);
    EXPECT_NE(bad[0].error.find("timed out after 1"), std::string::npos) << bad[0].error;
    EXPECT_EQ(bad[0].exit_status, -9);  // it ignored SIGTERM, so SIGKILL ended it
    for (const auto& r : runs_of(project, "good")) EXPECT_EQ(r.status, RunStatus::Done);
}

TEST(Containment, SlowCooperativeRunTimesOutCleanly) {
    ScratchDir dir;
    const auto project = dir / "slow.sextant";
    json p = fixture_project({{"steps", 1000}, {"sleep_ms", 20}});
    p["experiments"][0]["timeout_s"] = 0.5;
    write_project(project, p);
    EXPECT_EQ(run_cli({"run", project.string()}).exit_code, 1);
    const auto runs = runs_of(project, "fx");
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].status, RunStatus::Failed);
    EXPECT_NE(runs[0].error.find("timed out"), std::string::npos);
}

// The parent is killed mid-sweep (kill -9): runs it left "running" are found on the next
// start and re-queued; nothing is lost or duplicated.
TEST(Containment, ParentKilledAndRestarted) {
    namespace bp = boost::process;
    ScratchDir dir;
    const auto project = dir / "killed.sextant";
    write_project(project, fixture_project({{"steps", 20}, {"sleep_ms", 25}},
                                           {{"grid", {{{"param", "scale"}, {"values", {1, 2, 3, 4, 5, 6}}}}}}));
    auto env = boost::this_process::environment();
    env["SEXTANT_PLUGIN_PATH"] = FIXTURE_PLUGIN_DIR;
    bp::child parent(SEXTANT_CLI, bp::args({"run", project.string(), "--jobs", "2"}), bp::std_out > bp::null,
                     bp::std_err > bp::null, env);
    // Wait until some run finished and others are running, then kill the parent.
    bool ready = false;
    for (int i = 0; i < 400 && !ready; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        if (!fs::exists(database_path(project))) continue;
        try {
            RunStore store(database_path(project), true);
            RunQuery done, running;
            done.status = RunStatus::Done;
            running.status = RunStatus::Running;
            ready = store.count_runs(done) >= 1 && store.count_runs(running) >= 1;
        } catch (const std::exception&) {}
    }
    ASSERT_TRUE(ready) << "the sweep never got going";
    ::kill(parent.id(), SIGKILL);
    parent.wait();
    std::vector<std::int64_t> done_before;
    {
        RunStore store(database_path(project), true);
        RunQuery done;
        done.status = RunStatus::Done;
        for (const auto& r : store.runs(done)) done_before.push_back(r.id);
        RunQuery running;
        running.status = RunStatus::Running;
        EXPECT_GE(store.count_runs(running), 1);
    }
    const auto resumed = run_cli({"run", project.string(), "--jobs", "2"});
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    EXPECT_NE(resumed.err.find("interrupted runs re-queued"), std::string::npos) << resumed.err;
    RunStore store(database_path(project), true);
    const auto runs = store.runs();
    ASSERT_EQ(runs.size(), 6u);
    for (const auto& r : runs) {
        EXPECT_EQ(r.status, RunStatus::Done);
        EXPECT_EQ(store.metrics(r.id, "loss").size(), 20u) << "run " << r.id << " lost or duplicated points";
        const bool was_done = std::find(done_before.begin(), done_before.end(), r.id) != done_before.end();
        if (was_done) {
            EXPECT_EQ(r.attempts, 1) << "a finished run ran again";
        }
    }
}

TEST(Containment, SecondSweepOfSameProjectIsRefused) {
    ScratchDir dir;
    const auto project = dir / "locked.sextant";
    write_project(project, fixture_project({{"steps", 40}, {"sleep_ms", 25}}));
    namespace bp = boost::process;
    auto env = boost::this_process::environment();
    env["SEXTANT_PLUGIN_PATH"] = FIXTURE_PLUGIN_DIR;
    bp::child first(SEXTANT_CLI, bp::args({"run", project.string()}), bp::std_out > bp::null, bp::std_err > bp::null,
                    env);
    for (int i = 0; i < 200 && !fs::exists(database_path(project)); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto second = run_cli({"run", project.string()});
    first.wait();
    EXPECT_EQ(second.exit_code, 2);
    EXPECT_NE(second.err.find("another Sextant process is running"), std::string::npos) << second.err;
    EXPECT_EQ(first.exit_code(), 0);
}
