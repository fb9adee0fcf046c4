// A project may mix targets: cluster runs go to Slurm, the rest to worker processes here.
// The cluster's runs are submitted first (so they queue while the local ones run), then the
// local runs execute, then the cluster's results are waited for.
#pragma once

#include "exec/executor.hpp"

namespace sextant {

class TargetExecutors final : public Executor {
public:
    // `cluster` is a SlurmExecutor for a waiting run; `cluster_submit` the same without waiting.
    TargetExecutors(Executor& local, Executor& cluster_submit, Executor& cluster);
    void execute(const std::vector<RunRequest>& runs, RunObserver& observer, const CancelToken& cancel) override;

private:
    Executor& local_;
    Executor& cluster_submit_;
    Executor& cluster_;
};

bool is_cluster_target(const nlohmann::json& target);

}  // namespace sextant
