// Runs a planned project: registers its runs in the store, skips those already done (that
// is how an interrupted sweep resumes), re-queues runs a dead parent left "running", hands
// the rest to an executor and stores everything it reports.
#pragma once

#include "exec/executor.hpp"
#include "run/sweep_plan.hpp"

#include <filesystem>
#include <string>

namespace sextant {

struct SweepOptions {
    bool retry_failed = false;  // run failed runs again (otherwise they are skipped)
    std::string command_line;   // recorded in provenance
};

struct SweepOutcome {
    int planned = 0;               // distinct runs in the plan
    int already_done = 0;          // skipped: done before
    int skipped_failed = 0;        // skipped: failed before, no --retry-failed
    int requeued_interrupted = 0;  // found "running" from a dead parent
    int done = 0, failed = 0, cancelled = 0;
    int not_started = 0;  // left queued because the sweep was cancelled
    bool all_done() const { return already_done + done == planned; }
};

SweepOutcome run_sweeps(const std::filesystem::path& project_file, const std::vector<PlannedExperiment>& plan,
                        const SweepOptions& options, Executor& executor, RunObserver& observer,
                        const CancelToken& cancel);

}  // namespace sextant
