// The sh scripts Sextant sends to a Slurm login node, and readers of what they print. Pure
// text in, text out, so each is tested without a cluster. Every value from a project (paths,
// names, requests) is quoted; only the target's `setup` line is shell code on purpose.
#pragma once

#include "cluster/cluster_target.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sextant::slurm {

// One job array: the runs of one experiment submitted together. On the cluster it is a
// folder holding requests.jsonl (line i+1 = task i's run request) and job.sh; task i works in
// the subfolder t<i> (events.jsonl: the worker's protocol lines, stderr.log, exit).
struct ArrayJob {
    std::string dir;   // relative to the login's home, or absolute
    std::string name;  // Slurm job name: how a submission is found again
    std::string plugin_id;
    std::vector<std::string> requests;  // one encoded run request per task
    RunResources resources;
};

// Creates the folder, writes requests and job script, runs sbatch; prints "@@job ID" on success.
std::string submit_script(const ClusterTarget& target, const ArrayJob& job);
// The batch script each array task runs.
std::string job_script(const ClusterTarget& target, const ArrayJob& job);
// The array job id printed by submit_script, or nullopt.
std::optional<std::string> parse_submitted(const std::string& out);

// Finds the array job of a submission whose sbatch answer was lost (the desktop died between
// sbatch and storing the id): prints its id or nothing. squeue knows it by name while it is
// pending or running and for MinJobAge after; later, a task that ran left the id in its folder.
std::string find_job_script(const std::string& job_name, const std::string& array_dir);

// Checks the cluster before submitting: setup line, sbatch, sextant-cli's version, the plugins
// installed, and the versions of the plugins the runs need (only those are loaded: loading
// every plugin, libtorch's among them, took seconds).
std::string preflight_script(const ClusterTarget& target, const std::vector<std::string>& plugin_ids);
struct Preflight {
    bool sbatch = false;
    std::string sextant_version;                 // "" when sextant-cli was not found
    std::vector<std::string> installed;          // ids of the plugin files there
    std::map<std::string, std::string> plugins;  // id -> version, of the plugins asked for
    std::string problem;                         // what went wrong, in the cluster's words
    std::string plugins_problem;                 // the plugin list could not be read
};
Preflight parse_preflight(const std::string& out, const std::string& err);

// Slurm's state of each array task, "1234_7" -> "RUNNING" (squeue, then sacct for jobs squeue
// has forgotten). Prints lines "@@state ID STATE REASON".
std::string states_script(const std::vector<std::string>& array_job_ids);
std::map<std::string, std::string> parse_states(const std::string& out);

// What a poll reads of one task: the exit file and the events written after `offset`.
struct TaskCursor {
    std::string key;           // echoed back
    std::string dir;           // the task's folder
    std::uint64_t offset = 0;  // bytes of events.jsonl already read
    bool want_stderr = false;  // also send the stderr tail (for a finished run)
};
std::string poll_script(const std::vector<TaskCursor>& tasks, std::size_t stderr_tail_bytes = 8192);
struct TaskUpdate {
    std::optional<int> exit_code;  // the worker's exit status once the task script recorded it
    std::string events;            // new bytes of events.jsonl
    std::optional<std::string> stderr_tail;
};
// Throws std::runtime_error on output that is not a poll's.
std::map<std::string, TaskUpdate> parse_poll(const std::string& out);

// Slurm states after which a job runs no more.
bool is_final_state(const std::string& state);

std::string cancel_script(const std::vector<std::string>& job_ids);

}  // namespace sextant::slurm
