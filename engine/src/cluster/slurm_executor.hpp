// Runs cluster-target runs as Slurm job arrays: one array per experiment, each task running
// the cluster's `sextant-cli worker` on one run request. The tasks write the worker's protocol
// lines to files in the cluster's work folder; this executor reads them (over one ssh
// connection, or directly when the cluster is this machine) and reports the same run events
// local runs produce. Job ids go into the store with the Queued event before anything else,
// so a later `run` or `sync` attaches to jobs submitted by a process that died.
#pragma once

#include "exec/executor.hpp"

#include <string>

namespace sextant {

struct SlurmExecutorOptions {
    std::string project_name = "project";  // folder under the target's workdir
    double poll_s = 0.5;                   // between looks at the cluster
    bool wait = true;                      // false (`sync`): submit, ingest what is there, return
    bool cancel_jobs = false;              // `--cancel`: scancel the runs' jobs, record the outcome
    std::size_t stderr_tail_bytes = 8192;
};

class SlurmExecutor final : public Executor {
public:
    explicit SlurmExecutor(SlurmExecutorOptions options);
    // Throws std::runtime_error when a cluster cannot take the runs (sbatch or sextant-cli
    // missing there, a different Sextant or plugin version, sbatch refusing the job).
    void execute(const std::vector<RunRequest>& runs, RunObserver& observer, const CancelToken& cancel) override;

private:
    SlurmExecutorOptions options_;
};

// What the cluster must answer to `sextant-cli --version` to run this desktop's requests.
std::string expected_cluster_version();

}  // namespace sextant
