// The scripts sent to a cluster, run through a real /bin/sh: values from a project stay literal.
#include "cluster/remote_shell.hpp"
#include "cluster/slurm_scripts.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace sextant {
namespace {

using testing::ScratchDir;

const std::vector<std::string> kNasty = {"plain",
                                         "with space",
                                         "it's",
                                         "\"double\"",
                                         "$(touch pwned1)",
                                         "`touch pwned2`",
                                         "a; touch pwned3",
                                         "line\nbreak",
                                         "$HOME",
                                         "back\\slash",
                                         "'; touch pwned4; '",
                                         "*",
                                         "-n",
                                         ""};

TEST(ShellQuote, EveryValueReachesTheShellVerbatimAndRunsNothing) {
    ScratchDir dir;
    RemoteShell shell("");
    for (const auto& value : kNasty) {
        const ShellResult r =
            shell.run("cd " + shell_quote(dir.path().string()) + " && printf '%s' " + shell_quote(value));
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(r.out, value);
    }
    for (int i = 1; i <= 4; ++i) EXPECT_FALSE(std::filesystem::exists(dir / ("pwned" + std::to_string(i))));
}

TEST(SlurmScripts, SubmitScriptWritesRequestsVerbatim) {
    ScratchDir dir;
    ClusterTarget target;
    slurm::ArrayJob job;
    job.dir = (dir.path() / "batch $(touch pwned)").string();
    job.name = "sextant-x";
    job.plugin_id = "fixture";
    for (const auto& v : kNasty) job.requests.push_back(nlohmann::json{{"label", v}}.dump());
    // Run only the part before sbatch: replace sbatch by a stand-in that prints an id.
    std::string script = slurm::submit_script(target, job);
    script = "sbatch() { echo 42; }\n" + script;
    const ShellResult r = RemoteShell("").run(script);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(slurm::parse_submitted(r.out), "42");
    const std::string written = testing::read_text(std::filesystem::path(job.dir) / "requests.jsonl");
    std::string expected;
    for (const auto& line : job.requests) expected += line + "\n";
    EXPECT_EQ(written, expected);
    EXPECT_TRUE(
        std::filesystem::is_directory(std::filesystem::path(job.dir) / ("t" + std::to_string(kNasty.size() - 1))));
    EXPECT_FALSE(std::filesystem::exists(dir / "pwned"));
    EXPECT_FALSE(std::filesystem::exists("pwned"));
}

// A task folder per run, made a thousand at a time: a process per folder cost 30 s per
// thousand runs where forks are slow.
TEST(SlurmScripts, TaskFoldersAreMadeAThousandPerProcess) {
    ScratchDir dir;
    slurm::ArrayJob job;
    job.dir = (dir.path() / "batch").string();
    job.name = "sextant-x";
    job.plugin_id = "fixture";
    job.requests.assign(2500, "{}");
    const std::string script = "sbatch() { echo 42; }\n" + slurm::submit_script(ClusterTarget{}, job);
    std::size_t processes = 0;
    for (std::size_t at = script.find("\nmkdir -p t"); at != std::string::npos;
         at = script.find("\nmkdir -p t", at + 1))
        ++processes;
    EXPECT_EQ(processes, 3u);
    const ShellResult r = RemoteShell("").run(script);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::size_t folders = 0;
    for (const auto& entry : std::filesystem::directory_iterator(job.dir)) folders += entry.is_directory();
    EXPECT_EQ(folders, 2500u);
    EXPECT_TRUE(std::filesystem::is_directory(std::filesystem::path(job.dir) / "t2499"));
}

TEST(SlurmScripts, SbatchOptionsFollowTheTarget) {
    ClusterTarget t;
    t.partition = "gpu";
    t.account = "lab";
    t.time = "00:30:00";
    t.max_concurrent = 64;
    t.nodes_per_run = 2;
    t.tasks_per_node = 4;
    slurm::ArrayJob job{"d", "n", "fixture", {"{}", "{}", "{}"}, {4, 1, 16}};
    const std::string s = slurm::submit_script(t, job);
    for (const char* option :
         {"--array=0-2%64", "--partition='gpu'", "--account='lab'", "--time='00:30:00'", "--nodes=2",
          "--ntasks-per-node=4", "--cpus-per-task=4", "--gpus-per-task=1", "--mem=16384M", "--no-requeue"})
        EXPECT_NE(s.find(option), std::string::npos) << option;
    // More than one rank: the task launches them with srun and a rendezvous folder.
    EXPECT_NE(slurm::job_script(t, job).find("srun"), std::string::npos);
    // The ranks listen on the named interface only when the target names one.
    EXPECT_EQ(slurm::job_script(t, job).find("SEXTANT_NETWORK_INTERFACE"), std::string::npos);
    t.network_interface = "ib0";
    EXPECT_NE(slurm::job_script(t, job).find("export SEXTANT_NETWORK_INTERFACE='ib0'\n"), std::string::npos);
    t.nodes_per_run = t.tasks_per_node = 1;
    EXPECT_EQ(slurm::job_script(t, job).find("srun"), std::string::npos);
}

TEST(SlurmScripts, PollReadsNewBytesAndTheExitCode) {
    ScratchDir dir;
    const auto task = dir / "t0";
    std::filesystem::create_directories(task);
    testing::write_text(task / "events.jsonl", "{\"a\":1}\n{\"b\":2}\n{\"c\"");
    testing::write_text(task / "stderr.log", "boom\n");
    RemoteShell shell("");
    auto r = shell.run(slurm::poll_script({{"7", task.string(), 8, false}}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto updates = slurm::parse_poll(r.out);
    EXPECT_EQ(updates["7"].events, "{\"b\":2}\n{\"c\"");
    EXPECT_FALSE(updates["7"].exit_code);
    testing::write_text(task / "exit", "139\n");
    r = shell.run(slurm::poll_script({{"7", task.string(), 22, true}}));
    updates = slurm::parse_poll(r.out);
    EXPECT_EQ(updates["7"].events, "");
    EXPECT_EQ(updates["7"].exit_code, 139);
    EXPECT_EQ(updates["7"].stderr_tail, "boom\n");
}

TEST(SlurmScripts, StatesFromSqueueWinOverSacct) {
    const auto states = slurm::parse_states(
        "@@state 12_0 RUNNING None\n@@state 12_1 PENDING JobArrayTaskLimit\n"
        "@@acct 12_0|COMPLETED\n@@acct 12_2|CANCELLED by 0\n@@acct 12_[3-5]|PENDING\n");
    EXPECT_EQ(states.at("12_0"), "RUNNING");
    EXPECT_EQ(states.at("12_1"), "PENDING");
    EXPECT_EQ(states.at("12_2"), "CANCELLED");
    EXPECT_EQ(states.count("12_[3-5]"), 0u);
    EXPECT_TRUE(slurm::is_final_state("TIMEOUT"));
    EXPECT_FALSE(slurm::is_final_state("RUNNING"));
}

// The preflight asks the cluster's sextant-cli for the runs' plugins only, by id, each id
// reaching it verbatim; the installed ids come from the file names (nothing loaded).
TEST(SlurmScripts, PreflightLoadsOnlyTheRunsPlugins) {
    ScratchDir dir;
    testing::write_text(dir / "sbatch", "#!/bin/sh\n");
    testing::write_text(
        dir / "sextant-cli",
        "#!/bin/sh\n"
        "[ \"$1\" = --version ] && echo 'sextant-cli 0.1.0 (plugin API v3)' && exit 0\n"
        "[ \"$2\" = --installed ] && printf 'fixture\\ncompression\\nmodality\\n' && exit 0\n"
        "shift 2; printf '['; sep=''\n"
        "for id in \"$@\"; do printf '%s{\"id\":\"%s\",\"version\":\"1.0.0\"}' \"$sep\" \"$id\"; sep=','; done\n"
        "echo ']'\n");
    for (const char* f : {"sbatch", "sextant-cli"})
        std::filesystem::permissions(dir / f, std::filesystem::perms::owner_all);
    ClusterTarget target;
    target.setup = "PATH=" + shell_quote(dir.path().string()) + ":$PATH";
    RemoteShell shell("");
    const ShellResult r = shell.run(slurm::preflight_script(target, {"fixture", "a b $(touch pwned)"}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const slurm::Preflight p = slurm::parse_preflight(r.out, r.err);
    EXPECT_EQ(p.problem, "");
    EXPECT_EQ(p.plugins_problem, "");
    EXPECT_EQ(p.installed, (std::vector<std::string>{"fixture", "compression", "modality"}));
    ASSERT_EQ(p.plugins.size(), 2u) << r.out;
    EXPECT_EQ(p.plugins.at("a b $(touch pwned)"), "1.0.0");
    EXPECT_FALSE(std::filesystem::exists(dir / "pwned"));
}

// A submission whose sbatch answer was lost is found by name while squeue knows the job; once
// squeue has forgotten it (MinJobAge), by the id its tasks left in their folders.
TEST(SlurmScripts, ALostSubmissionIsFoundAfterSqueueForgetsIt) {
    ScratchDir dir;
    const auto bin = dir / "bin", array = dir / "sextant-x-1 it's";
    std::filesystem::create_directories(bin);
    std::filesystem::create_directories(array / "t0");
    testing::write_text(bin / "squeue", "#!/bin/sh\n[ -e \"$(dirname \"$0\")/knows\" ] && echo 99\nexit 0\n");
    std::filesystem::permissions(bin / "squeue", std::filesystem::perms::owner_all);
    RemoteShell shell("");
    auto find = [&] {
        const ShellResult r = shell.run("PATH=" + shell_quote(bin.string()) + ":$PATH\n" +
                                        slurm::find_job_script("sextant-x-1 it's", array.string()));
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return r.out;
    };
    EXPECT_EQ(find(), "") << "never submitted: nothing";

    // A task of the array runs its script: it leaves the job's id in its folder.
    ClusterTarget target;
    slurm::ArrayJob job;
    job.plugin_id = "fixture";
    testing::write_text(array / "requests.jsonl", "{}\n");
    testing::write_text(bin / "sextant-cli", "#!/bin/sh\nexit 0\n");
    std::filesystem::permissions(bin / "sextant-cli", std::filesystem::perms::owner_all);
    const ShellResult task = shell.run("cd " + shell_quote(array.string()) + " && PATH=" + shell_quote(bin.string()) +
                                       ":$PATH SLURM_ARRAY_JOB_ID=4242 SLURM_ARRAY_TASK_ID=0 sh -c " +
                                       shell_quote(slurm::job_script(target, job)));
    ASSERT_EQ(task.exit_code, 0) << task.err;
    EXPECT_EQ(testing::read_text(array / "t0" / "job_id"), "4242\n");
    EXPECT_EQ(find(), "4242\n") << "squeue forgot it; the folder did not";

    testing::write_text(bin / "knows", "");
    EXPECT_EQ(find(), "99\n") << "squeue's answer first";
}

TEST(SlurmScripts, PreflightNamesWhatIsMissing) {
    auto p = slurm::parse_preflight("@@sbatch no\n@@version\n", "module: command not found");
    EXPECT_NE(p.problem.find("sbatch was not found"), std::string::npos);
    EXPECT_NE(p.problem.find("module: command not found"), std::string::npos);
    p = slurm::parse_preflight(
        "@@sbatch yes\n@@version sextant-cli 0.1.0 (plugin API v3)\n@@plugins\n"
        "[{\"id\":\"fixture\",\"version\":\"1.0.0\"}]\n",
        "");
    EXPECT_EQ(p.problem, "");
    EXPECT_EQ(p.sextant_version, "sextant-cli 0.1.0 (plugin API v3)");
    EXPECT_EQ(p.plugins.at("fixture"), "1.0.0");
    // An older sextant-cli that knows neither flag: the list is a problem of its own, reported
    // after the version check (which names both versions).
    p = slurm::parse_preflight("@@sbatch yes\n@@version sextant-cli 0.0.9\n@@installed\n@@plugins\n", "");
    EXPECT_EQ(p.problem, "");
    EXPECT_NE(p.plugins_problem.find("printed no plugin list"), std::string::npos);
}

}  // namespace
}  // namespace sextant
