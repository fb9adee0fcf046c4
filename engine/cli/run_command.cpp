#include "commands.hpp"
#include "cluster/slurm_executor.hpp"
#include "exec/local_executor.hpp"
#include "exec/target_executors.hpp"
#include "exec/worker_protocol.hpp"
#include "plugins/plugin_registry.hpp"
#include "progress_display.hpp"
#include "run/sweep_runner.hpp"

#include <csignal>
#include <fstream>
#include <iostream>
#include <thread>

namespace sextant::cli {

namespace {

CancelToken* g_cancel = nullptr;
extern "C" void on_interrupt(int) {
    if (g_cancel) g_cancel->cancel();
    std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C stops at once
}

struct RunArgs {
    std::string project;
    std::vector<std::string> experiments;
    std::vector<std::string> sets;
    int jobs = 0;
    bool retry_failed = false;
    bool events = false;
    bool sync = false;    // `sync`: submit what is missing, ingest what finished, do not wait
    bool cancel = false;  // --cancel: scancel the project's cluster jobs
    std::string command_line;
};

// --events: every run event as one JSON line on stdout, for programs driving the CLI (the GUI).
class EventPrinter final : public RunObserver {
public:
    void on_event(const RunEvent& e) override {
        std::fputs(protocol::encode_event(e).c_str(), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
    }
};

int run(const RunArgs& args) {
    const Project project = Project::load(args.project);
    PlanOptions plan_options;
    plan_options.experiments = args.experiments;
    for (const auto& s : args.sets) plan_options.overrides.push_back(parse_assignment(s));
    auto plan = plan_sweeps(project, args.project, PluginRegistry(), plan_options);

    LocalExecutorOptions executor_options;
    executor_options.jobs =
        args.jobs > 0 ? args.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    executor_options.worker_program = executable_dir() / "sextant-cli";
    LocalExecutor local(executor_options);
    SlurmExecutorOptions slurm_options;
    slurm_options.project_name = std::filesystem::path(args.project).stem().string();
    slurm_options.cancel_jobs = args.cancel;
    slurm_options.wait = !args.sync || args.cancel;  // --cancel waits for Slurm to confirm
    SlurmExecutor cluster(slurm_options);
    slurm_options.wait = false;
    SlurmExecutor cluster_submit(slurm_options);
    TargetExecutors executor(local, cluster_submit, cluster);
    if (args.sync || args.cancel) {
        // Only cluster runs: local runs are not touched by sync or --cancel.
        for (auto& planned : plan)
            if (!is_cluster_target(planned.experiment.target)) planned.points.clear();
    }

    CancelToken cancel;
    g_cancel = &cancel;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);

    ProgressDisplay progress(stderr);
    EventPrinter printer;
    ObserverList observers;
    if (args.events) observers.add(printer);
    else observers.add(progress);
    SweepOptions options;
    options.retry_failed = args.retry_failed;
    options.command_line = args.command_line;
    const SweepOutcome outcome = run_sweeps(args.project, plan, options, executor, observers, cancel);
    if (!args.events) progress.finish();
    g_cancel = nullptr;

    std::fprintf(stderr, "%d runs: %d done now, %d done before, %d failed", outcome.planned, outcome.done,
                 outcome.already_done, outcome.failed + outcome.skipped_failed);
    if (outcome.skipped_failed) std::fprintf(stderr, " (%d skipped; --retry-failed runs them)", outcome.skipped_failed);
    if (outcome.cancelled + outcome.not_started)
        std::fprintf(stderr, ", %d cancelled, %d not started", outcome.cancelled, outcome.not_started);
    if (outcome.requeued_interrupted)
        std::fprintf(stderr, "; %d interrupted runs re-queued", outcome.requeued_interrupted);
    std::fprintf(stderr, "\nresults: %s\n", database_path(args.project).c_str());
    return outcome.all_done() ? kOk : kSomeRunFailed;
}

}  // namespace

void add_sync_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand(
        "sync", "Cluster runs: ingest what finished, submit what is missing, and return without waiting");
    auto args = std::make_shared<RunArgs>();
    args->sync = true;
    cmd->add_option("project", args->project, "Project file (NAME.sextant)")->required();
    cmd->add_option("--experiment", args->experiments, "Only this experiment (repeatable)");
    cmd->add_flag("--retry-failed", args->retry_failed, "Submit previously failed runs again");
    cmd->add_flag("--cancel", args->cancel, "Cancel the project's cluster jobs (scancel) and record them cancelled");
    cmd->add_flag("--events", args->events, "Print every run event as a JSON line on stdout (for the GUI)");
    cmd->callback([args, &exit_code] {
        args->command_line = "sextant-cli sync " + args->project;
        exit_code = guarded([&] { return run(*args); });
    });
}

void add_run_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("run", "Run a project's sweeps in worker processes; skips runs already done");
    auto args = std::make_shared<RunArgs>();
    cmd->add_option("project", args->project, "Project file (NAME.sextant)")->required();
    cmd->add_option("--experiment", args->experiments, "Run only this experiment (repeatable)");
    cmd->add_option("--jobs,-j", args->jobs, "Parallel worker processes (default: number of cores)")
        ->check(CLI::Range(1, 1024));
    cmd->add_option("--set", args->sets, "Fix a parameter: NAME=VALUE (repeatable; replaces any sweep over it)");
    cmd->add_flag("--retry-failed", args->retry_failed, "Run previously failed runs again");
    cmd->add_flag("--events", args->events, "Print every run event as a JSON line on stdout (for the GUI)");
    cmd->add_flag("--cancel", args->cancel, "Cancel the project's cluster jobs (scancel) and record them cancelled");
    cmd->callback([args, &exit_code, &app] {
        (void)app;
        exit_code = guarded([&] { return run(*args); });
    });
    cmd->preparse_callback([args](std::size_t) {
        // Recorded in provenance: the command exactly as typed.
        std::ifstream in("/proc/self/cmdline", std::ios::binary);
        std::string all((std::istreambuf_iterator<char>(in)), {});
        for (char& c : all)
            if (c == '\0') c = ' ';
        while (!all.empty() && all.back() == ' ') all.pop_back();
        args->command_line = all;
    });
}

}  // namespace sextant::cli
