// The `cluster` target of an experiment: where and how its runs go to Slurm.
//   {"kind": "cluster", "scheduler": "slurm", "host": "alice@login.cluster.edu",
//    "workdir": "/scratch/alice/sextant", "partition": "gpu", "account": "lab", "time": "00:30:00",
//    "cpus_per_run": 4, "gpus_per_run": 1, "mem_gb": 16, "nodes_per_run": 1, "tasks_per_node": 1,
//    "max_concurrent": 64, "setup": "module load sextant"}
// Every field but kind and scheduler is optional; omitted resources come from the plugin's
// declared RunResources.
#pragma once

#include "sextant/declarations.hpp"
#include "util/errors.hpp"
#include "util/problems.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sextant {

struct ClusterTarget {
    std::string scheduler = "slurm";
    std::string host;                      // empty: submit on this machine; else an ssh destination
    std::string workdir = "sextant-runs";  // relative: to the login's home folder
    std::string partition;                 // empty: the cluster's default
    std::string account;
    std::string time;  // Slurm time limit per run ("30", "00:30:00", "1-00:00:00"); empty: default
    std::optional<int> cpus_per_run, gpus_per_run;
    std::optional<double> mem_gb;
    int nodes_per_run = 1;
    int tasks_per_node = 1;  // ranks per node: a run has nodes_per_run * tasks_per_node ranks
    int max_concurrent = 0;  // 0: as many as Slurm allows
    std::string setup;       // shell line sourced before sextant-cli on the cluster
    // The interface a multi-rank run's ranks talk over (Gloo's iface, e.g. "ib0"); empty: the
    // address of the node's host name, which on many clusters is the slow management network.
    std::string network_interface;

    bool local() const { return host.empty() || host == "localhost"; }
    int ranks() const { return nodes_per_run * tasks_per_node; }
    // The plugin's declared needs, with this target's overrides applied.
    RunResources resources(const RunResources& declared) const;
};

// The fields a cluster target may have, for editors and did-you-mean.
const std::vector<std::string>& cluster_target_fields();

// Checks a target of kind "cluster": unknown fields (with did-you-mean), types, ranges, the
// time format, a host that could be read as an ssh option. Problems are reported under `path`.
ClusterTarget parse_cluster_target(const nlohmann::json& target, Problems& problems, const std::string& path);
// Same, throwing InputError on the first problem set.
ClusterTarget parse_cluster_target(const nlohmann::json& target);

// The part of a target that decides a run's results (and so its identity): where a run
// executes does not, so a cluster target counts as {"kind": "local"}.
nlohmann::json identity_target(const nlohmann::json& target);

}  // namespace sextant
