// What the run store holds about a run, in plain structs shared by the CLI and the GUI.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace sextant {

enum class RunStatus { Queued, Running, Done, Failed, Cancelled };

const char* to_string(RunStatus status);
std::optional<RunStatus> parse_run_status(const std::string& text);

struct Provenance {
    std::string git_commit;  // empty when the project is not in a git work tree
    bool git_dirty = false;
    std::string git_diff;  // `git diff HEAD` of the work tree when dirty
    std::string sextant_version;
    std::string host;
    std::string cpu;
    std::string os;
    std::string command_line;
    std::string working_dir;
};

struct RunRecord {
    std::int64_t id = 0;
    std::string identity;
    std::string experiment;
    std::string plugin_id;
    std::string plugin_version;
    nlohmann::json params;
    nlohmann::json target;
    std::uint64_t seed = 0;
    RunStatus status = RunStatus::Queued;
    std::optional<double> queued_at, started_at, finished_at;  // unix seconds
    std::string host;
    std::optional<std::int64_t> provenance_id;
    std::optional<int> exit_status;  // worker exit code, or -signal when killed by a signal
    std::string error;
    std::string stderr_tail;
    int attempts = 0;
    std::string job_id;     // cluster runs: Slurm job "1234_7" (empty otherwise)
    std::string job_state;  // Slurm's last word on it: PENDING, RUNNING, COMPLETED, TIMEOUT ...
    std::string job_dir;    // the run's folder on the cluster
};

struct MetricSample {
    std::string name;
    long long step = 0;
    double value = 0;
    double wall_time = 0;
};

struct ArtifactRecord {
    std::string path;  // relative to the project's artifacts folder when inside it
    std::string kind;
    std::int64_t size = 0;
    std::string hash;  // xxh3-64 of the content
};

struct LogLine {
    double time = 0;
    std::string level;
    std::string message;
};

}  // namespace sextant
