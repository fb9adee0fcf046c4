// The runner and the store writer in this process, with LocalExecutor driving fake workers
// (tests/engine/fake_worker.cpp) that misbehave: the sweep completes, each fault is stored
// against its own run only, and the next sweep resumes from what was stored.
#include "exec/local_executor.hpp"
#include "run/sweep_runner.hpp"
#include "store/run_store.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::testing;

namespace {

PlannedExperiment fake_experiment(const std::vector<std::string>& acts) {
    PlannedExperiment x;
    x.experiment.name = "faults";
    x.experiment.plugin = "fake";
    x.experiment.target = {{"kind", "local"}};
    x.experiment.timeout_s = 10;
    x.plugin.file = "fake";
    x.plugin.info.id = "fake";
    x.plugin.info.version = "1.0.0";
    x.plugin.info.params = {string_param("act", "ok", "What the fake worker does")};
    x.plugin.info.targets = {"local"};
    for (std::size_t i = 0; i < acts.size(); ++i)
        x.points.push_back({{{"act", acts[i]}}, i});  // seeds keep them distinct
    return x;
}

class NoObserver final : public RunObserver {
public:
    void on_event(const RunEvent&) override {}
};

SweepOutcome sweep(const fs::path& project, const std::vector<PlannedExperiment>& plan) {
    LocalExecutorOptions options;
    options.jobs = 2;
    options.worker_program = FAKE_WORKER;
    options.worker_args = {};
    options.grace_s = 0.2;
    LocalExecutor executor(options);
    NoObserver observer;
    CancelToken cancel;
    return run_sweeps(project, plan, {}, executor, observer, cancel);
}

}  // namespace

TEST(SweepRunnerFaults, EveryFaultIsStoredAgainstItsOwnRunAndTheSweepResumes) {
    ScratchDir dir;
    const auto project = dir / "faults.sextant";
    write_text(project, "{}");  // run_sweeps reads nothing from it; the store and lock sit beside it
    const std::vector<std::string> acts = {"garbage", "ok",          "wrong_fields", "flood_stderr",
                                           "ok2",     "close_stdin", "truncated",    "exit_after"};
    const auto plan = std::vector<PlannedExperiment>{fake_experiment(acts)};

    const SweepOutcome first = sweep(project, plan);
    EXPECT_EQ(first.planned, 8);
    EXPECT_EQ(first.done, 4);
    EXPECT_EQ(first.failed, 4);
    EXPECT_EQ(first.not_started, 0);

    RunStore store(database_path(project), /*read_only=*/true);
    std::map<std::string, RunRecord> by_act;
    for (const auto& r : store.runs()) by_act[r.params.at("act").get<std::string>()] = r;
    ASSERT_EQ(by_act.size(), acts.size());
    for (const char* act : {"ok", "ok2", "close_stdin", "exit_after"}) {
        EXPECT_EQ(by_act[act].status, RunStatus::Done) << act << ": " << by_act[act].error;
        EXPECT_EQ(store.summaries(by_act[act].id).at("x"), 1.0) << act;
    }
    EXPECT_EQ(by_act["garbage"].status, RunStatus::Failed);
    EXPECT_NE(by_act["garbage"].error.find("\"this is {not protocol json\""), std::string::npos)
        << by_act["garbage"].error;
    EXPECT_EQ(by_act["wrong_fields"].status, RunStatus::Failed);
    EXPECT_NE(by_act["wrong_fields"].error.find("\"samples\" is not an array"), std::string::npos)
        << by_act["wrong_fields"].error;
    EXPECT_EQ(by_act["truncated"].status, RunStatus::Failed);
    EXPECT_NE(by_act["truncated"].error.find("cut off by end of output"), std::string::npos)
        << by_act["truncated"].error;
    EXPECT_EQ(by_act["truncated"].exit_status, 0);
    EXPECT_EQ(by_act["flood_stderr"].status, RunStatus::Failed);
    EXPECT_LE(by_act["flood_stderr"].stderr_tail.size(), 2u * 8192u);
    EXPECT_NE(by_act["flood_stderr"].stderr_tail.find("last words"), std::string::npos);

    // Nothing left "running"; a second sweep finds the done runs done and the failed ones failed.
    const SweepOutcome second = sweep(project, plan);
    EXPECT_EQ(second.requeued_interrupted, 0);
    EXPECT_EQ(second.already_done, 4);
    EXPECT_EQ(second.skipped_failed, 4);
    EXPECT_EQ(second.done + second.failed, 0);
}
