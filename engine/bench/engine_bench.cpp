// engine_bench: figures for docs/engine-benchmarks.md, each beside a baseline measured in
// the same run.
//   1. Metric ingestion: the fixture plugin reports N samples in a worker process; the
//      parent parses the protocol and writes them to SQLite. Baseline: RunStore batched
//      inserts of the same rows with no processes and no parsing.
//   2. Per-run overhead: a 1,000-run sweep of a plugin that does nothing; the time between
//      consecutive finished runs with one worker is the cost of dispatch + bookkeeping.
//      Baseline: the same number of raw store status updates.
// usage: engine_bench [samples=1000000] [runs=1000]
#include "exec/local_executor.hpp"
#include "plugins/plugin_registry.hpp"
#include "run/sweep_runner.hpp"
#include "store/run_store.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

using namespace sextant;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

fs::path scratch(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("sextant-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir / name;
}

Project fixture_project(nlohmann::json params, nlohmann::json sweep) {
    Project p;
    p.name = "bench";
    Experiment x;
    x.name = "fx";
    x.plugin = "fixture";
    x.params = std::move(params);
    x.sweep = std::move(sweep);
    p.experiments.push_back(x);
    return p;
}

// Records when each run finished, for the per-run overhead.
class FinishTimes final : public RunObserver {
public:
    void on_event(const RunEvent& e) override {
        if (e.kind == RunEvent::Kind::Finished) times.push_back(Clock::now());
    }
    std::vector<Clock::time_point> times;
};

double sweep_seconds(const fs::path& file, const Project& project, int jobs, RunObserver& observer) {
    project.save(file);
    const auto plan = plan_sweeps(project, file.string(), PluginRegistry({FIXTURE_PLUGIN_DIR}), {});
    LocalExecutorOptions options;
    options.jobs = jobs;
    options.worker_program = SEXTANT_CLI;
    LocalExecutor executor(options);
    CancelToken cancel;
    const auto start = Clock::now();
    const auto outcome = run_sweeps(file, plan, {}, executor, observer, cancel);
    const double s = seconds_since(start);
    if (!outcome.all_done()) std::fprintf(stderr, "warning: %d runs failed\n", outcome.failed);
    return s;
}

void ingestion(long long samples) {
    // Baseline: batched inserts straight into a store.
    double raw_s = 0;
    {
        RunStore store(scratch("raw.db"));
        const auto e = store.save_experiment("raw", "fixture", "1", {});
        const auto id = store.register_runs(e, "fixture", "1", {{"raw", {}, {}, 0}})[0].id;
        std::vector<MetricSample> batch;
        const auto start = Clock::now();
        store.begin();
        for (long long i = 0; i < samples; ++i) {
            batch.push_back({"loss", i, 1.0 / static_cast<double>(i + 1), 0.0});
            if (batch.size() == 4096) {
                store.add_metrics(id, batch);
                batch.clear();
            }
            if (i % 20000 == 19999) {
                store.commit();
                store.begin();
            }
        }
        store.add_metrics(id, batch);
        store.commit();
        raw_s = seconds_since(start);
    }
    FinishTimes ignore;
    const double path_s =
        sweep_seconds(scratch("ingest.sextant"), fixture_project({{"steps", samples}}, {}), 1, ignore);
    RunStore check(scratch("ingest.sextant.db"), true);
    const auto stored = check.metrics(check.runs().at(0).id, "loss").size();
    const double raw_rate = static_cast<double>(samples) / raw_s;
    const double path_rate = static_cast<double>(stored) / path_s;
    std::printf("metric ingestion, %lld samples\n", samples);
    std::printf("  raw batched SQLite insert      %10.0f samples/s  (%.3f s)\n", raw_rate, raw_s);
    std::printf("  worker -> parent -> SQLite     %10.0f samples/s  (%.3f s, %zu stored)\n", path_rate, path_s, stored);
    std::printf("  ratio whole path / raw         %10.2f   (target >= 0.50; absolute target >= 200000/s)\n",
                path_rate / raw_rate);
}

void per_run_overhead(int runs) {
    FinishTimes finished;
    const auto project = fixture_project(
        {{"steps", 0}}, {{"grid", {{{"param", "scale"}, {"linear", {{"from", 0}, {"to", 1}, {"count", runs}}}}}}});
    const double total = sweep_seconds(scratch("overhead.sextant"), project, 1, finished);
    std::vector<double> gaps;
    for (std::size_t i = 1; i < finished.times.size(); ++i)
        gaps.push_back(std::chrono::duration<double>(finished.times[i] - finished.times[i - 1]).count() * 1e3);
    std::sort(gaps.begin(), gaps.end());
    const auto pct = [&](double q) {
        return gaps.empty() ? 0.0 : gaps[static_cast<std::size_t>(q * (gaps.size() - 1))];
    };

    // Baseline: just the store's bookkeeping for the same number of runs (start + finish).
    RunStore store(scratch("status.db"));
    const auto e = store.save_experiment("s", "fixture", "1", {});
    std::vector<NewRun> rows;
    for (int i = 0; i < runs; ++i) rows.push_back({"s" + std::to_string(i), {}, {}, 0});
    const auto records = store.register_runs(e, "fixture", "1", rows);
    const auto start = Clock::now();
    for (const auto& r : records) {
        store.mark_started(r.id, 0, "h", std::nullopt);
        store.mark_finished(r.id, RunStatus::Done, 0, "", std::nullopt, "");
    }
    const double store_ms = seconds_since(start) * 1e3 / runs;

    std::printf("per-run overhead, %d runs of a plugin that does nothing, 1 worker\n", runs);
    std::printf("  sweep wall time                %10.3f s  (%.2f ms per run, including worker start-up)\n", total,
                total * 1e3 / runs);
    std::printf("  between finished runs          median %.3f ms, p90 %.3f ms, p99 %.3f ms  (target median <= 20 ms)\n",
                pct(0.5), pct(0.9), pct(0.99));
    std::printf("  baseline: store status updates %10.3f ms per run\n", store_ms);
}

}  // namespace

int main(int argc, char** argv) {
    const long long samples = argc > 1 ? std::stoll(argv[1]) : 1000000;
    const int runs = argc > 2 ? std::stoi(argv[2]) : 1000;
    ingestion(samples);
    per_run_overhead(runs);
    std::error_code ec;
    fs::remove_all(scratch("").parent_path(), ec);
}
