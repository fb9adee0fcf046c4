// Executors run a list of runs somewhere (worker processes on this machine now; Slurm jobs
// or ssh hosts later) and report what happens through a RunObserver. Callers depend only
// on this interface.
#pragma once

#include "exec/run_events.hpp"
#include "sextant/declarations.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sextant {

struct RunRequest {
    std::int64_t run_id = 0;
    std::filesystem::path plugin_file;  // the worker loads exactly this library
    nlohmann::json params;
    nlohmann::json target;
    std::uint64_t seed = 0;
    std::filesystem::path artifact_dir;
    std::optional<double> timeout_s;
    // For executors that send runs elsewhere (Slurm): what the remote side needs to find the
    // plugin and check its version, and the job a run was already submitted as.
    std::string experiment;
    std::string plugin_id;
    std::string plugin_version;
    RunResources resources;
    std::string job_id;  // non-empty: submitted before; attach to it instead of submitting
    std::string job_dir;
};

// Set from anywhere (a signal handler, the GUI's cancel button); executors poll it.
class CancelToken {
public:
    void cancel() { cancelled_.store(true); }
    bool cancelled() const { return cancelled_.load(); }

private:
    std::atomic<bool> cancelled_{false};
};

class Executor {
public:
    virtual ~Executor() = default;
    // Runs every request (runs of one plugin may share a worker), blocking until all have
    // finished or `cancel` fired; every started run gets exactly one Finished event. Runs
    // never started because of cancellation get no events.
    virtual void execute(const std::vector<RunRequest>& runs, RunObserver& observer, const CancelToken& cancel) = 0;
};

}  // namespace sextant
