// LocalExecutor in this process against fake workers (tests/engine/fake_worker.cpp) that
// misbehave: whatever a worker does fails at most its own run, never the sweep.
#include "exec/local_executor.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace sextant;

namespace {

// Collects what the executor reports, per run.
class Recorder final : public RunObserver {
public:
    void on_event(const RunEvent& e) override {
        if (e.kind == RunEvent::Kind::Finished) {
            EXPECT_EQ(finished.count(e.run_id), 0u) << "run " << e.run_id << " finished twice";
            finished[e.run_id] = e;
        }
        if (e.kind == RunEvent::Kind::Summary) ++summaries[e.run_id];
    }
    std::map<std::int64_t, RunEvent> finished;
    std::map<std::int64_t, int> summaries;
};

std::vector<RunRequest> runs_doing(const std::vector<std::string>& acts, std::optional<double> timeout_s = 10) {
    std::vector<RunRequest> runs;
    for (std::size_t i = 0; i < acts.size(); ++i) {
        RunRequest r;
        r.run_id = static_cast<std::int64_t>(i + 1);
        r.plugin_file = "fake";
        r.params = {{"act", acts[i]}};
        r.target = {{"kind", "local"}};
        r.timeout_s = timeout_s;
        runs.push_back(r);
    }
    return runs;
}

Recorder execute(const std::vector<RunRequest>& runs, int jobs = 1, std::size_t stderr_tail_bytes = 8192) {
    LocalExecutorOptions options;
    options.jobs = jobs;
    options.worker_program = FAKE_WORKER;
    options.worker_args = {};
    options.grace_s = 0.2;
    options.stderr_tail_bytes = stderr_tail_bytes;
    Recorder recorder;
    CancelToken cancel;
    LocalExecutor(options).execute(runs, recorder, cancel);
    return recorder;
}

void expect_done(const Recorder& r, std::int64_t run) {
    ASSERT_EQ(r.finished.count(run), 1u) << "run " << run << " never finished";
    EXPECT_EQ(r.finished.at(run).status, RunStatus::Done) << r.finished.at(run).message;
    EXPECT_EQ(r.summaries.count(run), 1u);
}

}  // namespace

TEST(ExecutorFaults, LineThatIsNotJsonFailsItsRunQuotingTheLine) {
    const auto r = execute(runs_doing({"garbage", "ok"}));
    ASSERT_EQ(r.finished.size(), 2u);
    const auto& bad = r.finished.at(1);
    EXPECT_EQ(bad.status, RunStatus::Failed);
    EXPECT_NE(bad.message.find("malformed protocol line (not JSON: \"this is {not protocol json\")"), std::string::npos)
        << bad.message;
    expect_done(r, 2);
}

TEST(ExecutorFaults, ProtocolLineWithWrongFieldTypesFailsItsRun) {
    // Decoding this used to throw on the reader thread: std::terminate took the sweep down.
    const auto r = execute(runs_doing({"wrong_fields", "ok"}));
    ASSERT_EQ(r.finished.size(), 2u);
    const auto& bad = r.finished.at(1);
    EXPECT_EQ(bad.status, RunStatus::Failed);
    EXPECT_NE(bad.message.find("\"samples\" is not an array"), std::string::npos) << bad.message;
    EXPECT_NE(bad.message.find(R"(\"samples\":\"not an array\")"), std::string::npos) << bad.message;
    expect_done(r, 2);
}

TEST(ExecutorFaults, LineCutOffByTheWorkersExitIsQuoted) {
    const auto r = execute(runs_doing({"truncated", "ok"}));
    ASSERT_EQ(r.finished.size(), 2u);
    const auto& bad = r.finished.at(1);
    EXPECT_EQ(bad.status, RunStatus::Failed);
    EXPECT_NE(bad.message.find("a line cut off by end of output"), std::string::npos) << bad.message;
    EXPECT_NE(bad.message.find(R"(\"name\":\"x\",\"val)"), std::string::npos) << bad.message;
    EXPECT_NE(bad.message.find("exited with status 0"), std::string::npos) << bad.message;
    expect_done(r, 2);
}

TEST(ExecutorFaults, WorkerDyingBetweenRunsFailsNoRun) {
    // The worker closes its stdin after run 1, so writing run 2's request fails with EPIPE:
    // with SIGPIPE's default action that write killed this process. Run 2 never reached the
    // worker, so it goes to a fresh one instead of failing.
    const auto r = execute(runs_doing({"close_stdin", "close_stdin", "ok"}));
    ASSERT_EQ(r.finished.size(), 3u);
    for (std::int64_t run = 1; run <= 3; ++run) expect_done(r, run);
}

TEST(ExecutorFaults, WorkerExitingRightAfterARunCostsTheNextRunNothing) {
    // Whether the next request reaches the pipe before the worker is gone or not, the run
    // it carried never started: it goes to a fresh worker.
    const auto r = execute(runs_doing({"exit_after", "exit_after", "exit_after", "ok"}));
    ASSERT_EQ(r.finished.size(), 4u);
    for (std::int64_t run = 1; run <= 4; ++run) expect_done(r, run);
}

TEST(ExecutorFaults, StalledWorkerIsKilledAndTheNextRunGoesOn) {
    // It ignores SIGTERM: only the SIGKILL after the grace period ends it.
    const auto r = execute(runs_doing({"stall", "ok"}, 0.3));
    ASSERT_EQ(r.finished.size(), 2u);
    const auto& bad = r.finished.at(1);
    EXPECT_EQ(bad.status, RunStatus::Failed);
    EXPECT_NE(bad.message.find("timed out after 0.3"), std::string::npos) << bad.message;
    EXPECT_EQ(bad.exit_status, -9);
    expect_done(r, 2);
}

TEST(ExecutorFaults, StderrFloodKeepsOnlyTheTail) {
    const std::size_t tail = 4096;
    const auto r = execute(runs_doing({"flood_stderr", "ok"}), 1, tail);
    ASSERT_EQ(r.finished.size(), 2u);
    const auto& flooded = r.finished.at(1);
    EXPECT_EQ(flooded.status, RunStatus::Failed);
    EXPECT_EQ(flooded.message, "flooded");
    EXPECT_LE(flooded.stderr_tail.size(), 2 * tail);  // of 4 MiB written
    EXPECT_GE(flooded.stderr_tail.size(), tail);
    const std::string last = "last words\n";
    ASSERT_GE(flooded.stderr_tail.size(), last.size());
    EXPECT_EQ(flooded.stderr_tail.substr(flooded.stderr_tail.size() - last.size()), last);
    expect_done(r, 2);
}

TEST(ExecutorFaults, EveryKindOfFaultAtOnceInParallelWorkers) {
    const auto r = execute(runs_doing({"garbage", "ok", "wrong_fields", "close_stdin", "truncated", "ok",
                                       "flood_stderr", "exit_after", "ok", "ok"},
                                      5),
                           3);
    ASSERT_EQ(r.finished.size(), 10u);
    for (std::int64_t run : {2, 4, 6, 8, 9, 10}) expect_done(r, run);
    for (std::int64_t run : {1, 3, 5, 7}) EXPECT_EQ(r.finished.at(run).status, RunStatus::Failed) << run;
}
