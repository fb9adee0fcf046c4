// Faults on a real Slurm: the desktop killed mid-sweep, jobs cancelled or timed out on the
// cluster, a node going down, Ctrl-C. Each run must end up done exactly once or carry Slurm's word.
#include "live_cluster.hpp"

#include <csignal>

namespace sextant::testing {
namespace {

namespace bp = boost::process;

// sextant-cli run in the background.
bp::child start_run(const fs::path& project, const fs::path& log, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"run", project.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return bp::child(SEXTANT_CLI, bp::args(args), bp::std_out > bp::null, bp::std_err > log.string(),
                     bp::std_in < bp::null, cli_env());
}

std::string count(const fs::path& db, const std::string& where) {
    return query(db, "SELECT count(*) FROM runs WHERE " + where);
}

// One run of `steps` steps of `sleep_ms` submitted by `sextant-cli run` in the background,
// returned once it runs on the cluster: the fault tests then do something to its job.
struct RunningRun {
    fs::path db;
    bp::child child;
};

RunningRun start_one_running_run(const ScratchDir& dir, int steps, int sleep_ms) {
    const auto project = dir / "p.sextant";
    write_project(project,
                  cluster_project(cluster_target(dir / "work"), {{"steps", steps}, {"sleep_ms", sleep_ms}}, nullptr));
    RunningRun r{dir / "p.sextant.db", start_run(project, dir / "run.log")};
    wait_until([&] { return fs::exists(r.db) && count(r.db, "status='running'") == "1"; });
    return r;
}

TEST(SlurmFaults, KillNineMidSweepThenRunAgainDoesEveryRunOnce) {
    REQUIRE_SLURM();
    ScratchDir dir;
    const auto project = dir / "p.sextant";
    write_project(project,
                  cluster_project(cluster_target(dir / "work"), {{"steps", 4}, {"sleep_ms", 250}}, scale_sweep(6)));
    const auto db = dir / "p.sextant.db";
    auto child = start_run(project, dir / "first.log");
    wait_until([&] { return fs::exists(db) && count(db, "status='done'") >= "1"; });
    ::kill(child.id(), SIGKILL);
    child.wait();
    const std::string done_before = count(db, "status='done'");
    EXPECT_LT(done_before, "6");  // killed mid-sweep

    const auto r = cli({"run", project.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(count(db, "status='done'"), "6");
    // Each run's results once: 4 loss points each, no duplicates from re-ingesting.
    EXPECT_EQ(query(db, "SELECT count(*) FROM metrics"), "24");
    EXPECT_EQ(query(db, "SELECT max(c) FROM (SELECT count(*) c FROM metrics GROUP BY run_id, step)"), "1");
    // And each ran once on the cluster: one array, one task folder per run with a result.
    EXPECT_EQ(sh("ls -d '" + (dir / "work").string() + "'/p/*/t*/exit | wc -l").out, "6\n");
    EXPECT_EQ(query(db, "SELECT count(DISTINCT job_id) FROM runs"), "6");
}

// A kill -9 between sbatch and storing its answer leaves every run of the array with its
// folder and no job id (the array's ids commit together): the next run finds the array by
// its job name and attaches to it instead of submitting the runs again.
TEST(SlurmFaults, AnSbatchAnswerLostByAKillIsFoundAgainByJobName) {
    REQUIRE_SLURM();
    ScratchDir dir;
    const auto project = dir / "p.sextant";
    write_project(project,
                  cluster_project(cluster_target(dir / "work"), {{"steps", 4}, {"sleep_ms", 250}}, scale_sweep(3)));
    const auto db = dir / "p.sextant.db";
    auto r = cli({"sync", project.string()});
    ASSERT_EQ(count(db, "job_id IS NOT NULL"), "3") << r.err;
    const std::string array = query(db, "SELECT DISTINCT substr(job_id, 1, instr(job_id, '_') - 1) FROM runs");
    // The store as the kill left it: folders committed before sbatch, no answer after.
    sh("sqlite3 '" + db.string() + "' \"UPDATE runs SET job_id = NULL, job_state = 'SUBMITTING'\"");
    ASSERT_EQ(count(db, "job_id IS NULL AND job_dir IS NOT NULL"), "3");

    r = cli({"run", project.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(count(db, "status='done'"), "3");
    EXPECT_EQ(query(db, "SELECT DISTINCT substr(job_id, 1, instr(job_id, '_') - 1) FROM runs"), array);
    EXPECT_EQ(sh("ls -d '" + (dir / "work").string() + "'/p/*/t*/exit | wc -l").out, "3\n");  // ran once each
    EXPECT_EQ(query(db, "SELECT count(*) FROM metrics"), "12");
}

TEST(SlurmFaults, ScancelOnTheClusterMarksTheRunCancelled) {
    REQUIRE_SLURM();
    ScratchDir dir;
    auto [db, child] = start_one_running_run(dir, 600, 100);
    const std::string job = query(db, "SELECT job_id FROM runs");
    ASSERT_FALSE(job.empty());
    sh("scancel " + job);
    child.wait();
    EXPECT_EQ(query(db, "SELECT status || ' ' || job_state FROM runs"), "cancelled CANCELLED");
    EXPECT_NE(query(db, "SELECT error FROM runs").find("CANCELLED"), std::string::npos);
}

TEST(SlurmFaults, APreemptedRunIsMarkedPreempted) {
    REQUIRE_SLURM();
    ScratchDir dir;
    auto [db, child] = start_one_running_run(dir, 600, 100);
    // A job of the higher-tier partition that needs the whole node (scripts/slurm-local).
    const auto urgent = sh("sbatch -p urgent --exclusive --wrap 'sleep 1'");
    if (urgent.code != 0) {
        sh("scancel " + query(db, "SELECT job_id FROM runs"));
        child.wait();
        GTEST_SKIP() << "this Slurm has no preempting partition 'urgent' (restart it with scripts/slurm-local): "
                     << urgent.out;
    }
    child.wait();
    EXPECT_EQ(query(db, "SELECT status || ' ' || job_state FROM runs"), "failed PREEMPTED");
    EXPECT_NE(
        query(db, "SELECT error FROM runs").find("Slurm: PREEMPTED (a job of higher priority took its resources)"),
        std::string::npos)
        << query(db, "SELECT error FROM runs");
}

TEST(SlurmFaults, NodeDownGivesNodeFailAndACleanRetry) {
    REQUIRE_SLURM();
    ScratchDir dir;
    auto [db, child] = start_one_running_run(dir, 100, 50);
    const std::string node = node_name();
    sh("scontrol update nodename=" + node + " state=down reason=sextant-test");
    child.wait();
    sh("scontrol update nodename=" + node + " state=resume");
    EXPECT_EQ(query(db, "SELECT status || ' ' || job_state FROM runs"), "failed NODE_FAIL");
    EXPECT_NE(query(db, "SELECT error FROM runs").find("NODE_FAIL"), std::string::npos);
    wait_until([] { return sh("sinfo -h -o %T").out.find("idle") != std::string::npos; });

    // --retry-failed submits it again, with a fresh job, and nothing left of the failed attempt.
    const std::string failed_job = query(db, "SELECT job_id FROM runs");
    const auto r = cli({"run", (dir / "p.sextant").string(), "--retry-failed"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(query(db, "SELECT status || ' ' || job_state FROM runs"), "done COMPLETED");
    EXPECT_NE(query(db, "SELECT job_id FROM runs"), failed_job);
    EXPECT_EQ(query(db, "SELECT count(*) FROM metrics"), "100");
}

TEST(SlurmFaults, CtrlCCancelsTheJobsAndRunningAgainFinishesTheSweep) {
    REQUIRE_SLURM();
    ScratchDir dir;
    const auto project = dir / "p.sextant";
    auto target = cluster_target(dir / "work");
    target["max_concurrent"] = 1;  // one runs, the others wait in the array
    write_project(project, cluster_project(target, {{"steps", 20}, {"sleep_ms", 100}}, scale_sweep(3)));
    const auto db = dir / "p.sextant.db";
    auto child = start_run(project, dir / "run.log");
    wait_until([&] { return fs::exists(db) && count(db, "status='running'") == "1"; });
    const std::string array = query(db, "SELECT substr(job_id, 1, instr(job_id, '_') - 1) FROM runs LIMIT 1");
    ::kill(child.id(), SIGINT);
    child.wait();
    EXPECT_EQ(count(db, "status='cancelled'"), "1");
    EXPECT_EQ(count(db, "status='queued' AND job_id IS NULL"), "2");  // never started: forgotten, not lost
    wait_until([&] { return sh("squeue -h -j " + array).out.empty(); }, 20);
    EXPECT_EQ(sh("squeue -h -j " + array).out, "");  // scancel'ed on the cluster
    const auto r = cli({"run", project.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(count(db, "status='done'"), "3");
}

TEST(SlurmFaults, CancelFlagScancelsSubmittedJobs) {
    REQUIRE_SLURM();
    ScratchDir dir;
    const auto project = dir / "p.sextant";
    write_project(project,
                  cluster_project(cluster_target(dir / "work"), {{"steps", 600}, {"sleep_ms", 100}}, scale_sweep(2)));
    const auto db = dir / "p.sextant.db";
    cli({"sync", project.string()});
    ASSERT_EQ(count(db, "job_id IS NOT NULL"), "2");
    const auto r = cli({"sync", project.string(), "--cancel"});
    EXPECT_EQ(count(db, "status='cancelled' AND job_state='CANCELLED'"), "2") << r.err;
}

TEST(SlurmFaults, ARunPastItsTimeLimitIsMarkedTimeout) {
    REQUIRE_SLURM();
    ScratchDir dir;
    const auto project = dir / "p.sextant";
    auto target = cluster_target(dir / "work");
    target["time"] = "1";  // Slurm's smallest limit: one minute
    write_project(project, cluster_project(target, {{"steps", 1000}, {"sleep_ms", 200}}, nullptr));
    const auto r = cli({"run", project.string()});
    EXPECT_NE(r.exit_code, 0);
    const auto db = dir / "p.sextant.db";
    EXPECT_EQ(query(db, "SELECT status || ' ' || job_state FROM runs"), "failed TIMEOUT");
    EXPECT_NE(query(db, "SELECT error FROM runs").find("Slurm: TIMEOUT"), std::string::npos);
    EXPECT_NE(query(db, "SELECT count(*) FROM metrics"), "0");  // what it reported before is kept
}

}  // namespace
}  // namespace sextant::testing
