// cluster_bench: figures for docs/cluster.md, beside baselines measured in the same run.
//   1. Per-run overhead on this machine's Slurm (scripts/slurm-local): N runs of a plugin that
//      does nothing, as one job array. For each run: submitted -> its worker started (Slurm's
//      scheduling and job launch, plus the setup line and worker start) and worker finished ->
//      result in the store (Sextant's polling and ingestion). Baselines: the same runs on the
//      local executor, and Slurm alone (an array of `date` tasks: sbatch -> task start).
//   2. A 1,000-run array: time to submit it (until every run's job id is stored) and to ingest
//      every result.
// usage: cluster_bench [runs=100] [big=1000]
#include "cluster/slurm_executor.hpp"
#include "exec/local_executor.hpp"
#include "plugins/plugin_registry.hpp"
#include "run/sweep_runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

using namespace sextant;
namespace fs = std::filesystem;

namespace {

double now() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }

fs::path scratch(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("sextant-cluster-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir / name;
}

nlohmann::json cluster_target() {
    return {{"kind", "cluster"},
            {"scheduler", "slurm"},
            {"workdir", scratch("work").string()},
            {"setup", "export PATH='" + fs::path(SEXTANT_CLI).parent_path().string() +
                          "':$PATH SEXTANT_PLUGIN_PATH='" FIXTURE_PLUGIN_DIR "'"}};
}

Project project_of(int runs, const nlohmann::json& target) {
    Project p;
    p.name = "bench";
    Experiment x;
    x.name = "fx";
    x.plugin = "fixture";
    x.target = target;
    x.params = {{"steps", 0}};
    x.sweep = {{"grid", {{{"param", "scale"}, {"linear", {{"from", 0}, {"to", 1}, {"count", runs}}}}}}};
    p.experiments.push_back(x);
    return p;
}

// When each run was submitted, started and finished (worker's stamps) and ingested (here).
class Stamps final : public RunObserver {
public:
    void on_event(const RunEvent& e) override {
        auto& s = runs[e.run_id];
        if (e.kind == RunEvent::Kind::Queued && e.job_state == "SUBMITTING") s.folder_stored = now();
        if (e.kind == RunEvent::Kind::Queued && e.job_state == "PENDING") s.submitted = now();
        if (e.kind == RunEvent::Kind::Started) s.started = e.time;
        if (e.kind == RunEvent::Kind::Finished) {
            s.finished = e.time;
            s.ingested = now();
        }
    }
    struct Times {
        double folder_stored = 0, submitted = 0, started = 0, finished = 0, ingested = 0;
    };
    std::map<std::int64_t, Times> runs;
};

struct Spread {
    double median = 0, p90 = 0;
};
Spread spread(std::vector<double> v) {
    if (v.empty()) return {};
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v[static_cast<std::size_t>(0.9 * static_cast<double>(v.size() - 1))]};
}

double sweep(const std::string& name, const Project& project, Executor& executor, Stamps& stamps) {
    const fs::path file = scratch(name + ".sextant");
    project.save(file);
    const auto plan = plan_sweeps(project, file.string(), PluginRegistry({FIXTURE_PLUGIN_DIR}), {});
    CancelToken cancel;
    const double start = now();
    const auto outcome = run_sweeps(file, plan, {}, executor, stamps, cancel);
    if (!outcome.all_done())
        std::fprintf(stderr, "warning: %d of %d runs not done\n", outcome.planned - outcome.done, outcome.planned);
    for (auto& [id, s] : stamps.runs)
        if (s.submitted == 0) s.submitted = start;  // the local executor has no submission
    return now() - start;
}

void print(const char* what, Stamps& stamps, double wall) {
    std::vector<double> to_start, to_ingest, total;
    for (const auto& [id, s] : stamps.runs) {
        to_start.push_back(s.started - s.submitted);
        to_ingest.push_back(s.ingested - s.finished);
        total.push_back(s.ingested - s.submitted);
    }
    const auto a = spread(to_start), b = spread(to_ingest), c = spread(total);
    std::printf(
        "  %-26s submitted->started median %6.3f s p90 %6.3f | finished->ingested median %6.3f s p90 %6.3f | "
        "submitted->ingested median %6.3f s p90 %6.3f | wall %.2f s\n",
        what, a.median, a.p90, b.median, b.p90, c.median, c.p90, wall);
}

// Slurm alone: an array of tasks that only write their start time.
Spread bare_slurm(int runs) {
    const fs::path dir = scratch("bare");
    fs::create_directories(dir);
    const double submitted = now();
    const std::string cmd = "cd '" + dir.string() + "' && sbatch --parsable --array=0-" + std::to_string(runs - 1) +
                            " --output=/dev/null --wrap 'date +%s.%N > t$SLURM_ARRAY_TASK_ID' >/dev/null";
    if (std::system(cmd.c_str()) != 0) return {};
    std::vector<double> starts;
    for (int tries = 0; tries < 1200 && static_cast<int>(starts.size()) < runs; ++tries) {
        starts.clear();
        for (int i = 0; i < runs; ++i) {
            std::ifstream in(dir / ("t" + std::to_string(i)));
            double t = 0;
            if (in >> t) starts.push_back(t - submitted);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return spread(starts);
}

}  // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::stoi(argv[1]) : 100;
    const int big = argc > 2 ? std::stoi(argv[2]) : 1000;
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

    std::printf("per-run overhead, %d runs of a plugin that does nothing, %d cores\n", runs, cores);
    {
        Stamps stamps;
        LocalExecutorOptions options;
        options.jobs = cores;
        options.worker_program = SEXTANT_CLI;
        LocalExecutor local(options);
        const double wall = sweep("local", project_of(runs, {{"kind", "local"}}), local, stamps);
        print("local executor (baseline)", stamps, wall);
    }
    const Spread bare = bare_slurm(runs);
    std::printf("  %-26s sbatch->task started median %6.3f s p90 %6.3f\n", "Slurm alone (baseline)", bare.median,
                bare.p90);
    {
        Stamps stamps;
        SlurmExecutorOptions options;
        options.project_name = "bench";
        SlurmExecutor slurm(options);
        const double wall = sweep("slurm", project_of(runs, cluster_target()), slurm, stamps);
        print("Slurm executor", stamps, wall);
    }

    std::printf("a %d-run array\n", big);
    {
        Stamps stamps;
        SlurmExecutorOptions options;
        options.project_name = "bench";
        SlurmExecutor slurm(options);
        const double start = now();
        const double wall = sweep("big", project_of(big, cluster_target()), slurm, stamps);
        double last_folder = 0, last_submitted = 0;
        for (const auto& [id, s] : stamps.runs) {
            last_folder = std::max(last_folder, s.folder_stored);
            last_submitted = std::max(last_submitted, s.submitted);
        }
        std::printf(
            "  submitted (every job id stored) in %.2f s (target <= 10 s): every run's folder stored after %.2f s "
            "(registering the runs, the cluster check, the folders' commit), then %.2f s for sbatch and the job ids' "
            "commit; all %zu ingested after %.2f s (%.1f runs/s)\n",
            last_submitted - start, last_folder - start, last_submitted - last_folder, stamps.runs.size(), wall,
            static_cast<double>(stamps.runs.size()) / wall);
    }
    std::error_code ec;
    fs::remove_all(scratch("").parent_path(), ec);
}
