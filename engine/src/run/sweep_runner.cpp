#include "run/sweep_runner.hpp"

#include "cluster/cluster_target.hpp"
#include "run/project_lock.hpp"
#include "run/provenance_probe.hpp"
#include "run/run_identity.hpp"
#include "run/store_writer.hpp"
#include "store/run_store.hpp"

#include <set>

namespace sextant {

namespace fs = std::filesystem;

SweepOutcome run_sweeps(const fs::path& project_file, const std::vector<PlannedExperiment>& plan,
                        const SweepOptions& options, Executor& executor, RunObserver& observer,
                        const CancelToken& cancel) {
    ProjectLock lock(project_file);
    RunStore store(database_path(project_file));
    SweepOutcome outcome;
    outcome.requeued_interrupted = store.requeue_interrupted();
    const std::int64_t provenance_id = store.save_provenance(probe_provenance(project_file, options.command_line));

    std::vector<RunRequest> requests;
    std::set<std::int64_t> seen;
    for (const auto& planned : plan) {
        const auto& x = planned.experiment;
        const auto& info = planned.plugin.info;
        const std::int64_t experiment_id = store.save_experiment(x.name, info.id, info.version, experiment_to_json(x));
        std::vector<NewRun> runs;
        for (const auto& point : planned.points)
            runs.push_back({run_identity(info.id, info.version, point.params, identity_target(x.target), point.seed),
                            point.params, x.target, point.seed});
        for (const auto& record : store.register_runs(experiment_id, info.id, info.version, runs)) {
            if (!seen.insert(record.id).second) continue;
            ++outcome.planned;
            if (record.status == RunStatus::Done) {
                ++outcome.already_done;
                continue;
            }
            if (record.status == RunStatus::Failed && !options.retry_failed) {
                ++outcome.skipped_failed;
                continue;
            }
            // A queued run with a job is out on a cluster (or was, when this process died):
            // the executor attaches to it. A failed or cancelled run starts afresh.
            const bool submitted = record.status == RunStatus::Queued && !record.job_dir.empty();
            if (record.status != RunStatus::Queued) store.reset_for_retry(record.id);
            RunRequest request;
            request.run_id = record.id;
            request.plugin_file = planned.plugin.file;
            request.params = record.params;
            request.target = x.target;  // where it runs now (the identity ignores where)
            request.seed = record.seed;
            request.artifact_dir = artifacts_path(project_file) / x.name / ("run-" + std::to_string(record.id));
            request.timeout_s = x.timeout_s;
            request.experiment = x.name;
            request.plugin_id = info.id;
            request.plugin_version = info.version;
            request.resources = info.resources;
            if (submitted) {
                request.job_id = record.job_id;
                request.job_dir = record.job_dir;
            }
            requests.push_back(std::move(request));
        }
    }

    for (const auto& r : requests) {
        RunEvent queued;
        queued.kind = RunEvent::Kind::Queued;
        queued.run_id = r.run_id;
        observer.on_event(queued);
    }

    StoreWriter writer(store, provenance_id);
    ObserverList observers;
    observers.add(writer);
    observers.add(observer);
    executor.execute(requests, observers, cancel);
    writer.flush();

    for (const auto& r : requests) {
        const auto it = writer.outcomes().find(r.run_id);
        if (it == writer.outcomes().end()) {
            ++outcome.not_started;
            continue;
        }
        switch (it->second) {
        case RunStatus::Done: ++outcome.done; break;
        case RunStatus::Cancelled: ++outcome.cancelled; break;
        default: ++outcome.failed; break;
        }
    }
    return outcome;
}

}  // namespace sextant
