// `sextant-cli mosel plan --profiles P.csv --job-size N --accuracy-floor A [--json]`: the
// offline planner's answer for one job, for planning with a profile measured anywhere.
//
// --json prints exactly
//   {"feasible": true, "time_ms": T, "accuracy": A,
//    "plan": [{"config": "V+A", "batch": 8, "batches": 2, "requests": 13}, ...]}
// time_ms = sum over rows of batches x L_config(batch); accuracy = request-weighted mean.
// An unreachable floor exits 1 with "feasible": false, the best achievable accuracy and the
// plan reaching it. Bad files or flags exit 2 naming file:line (or the flag).
#pragma once

#include <CLI/CLI.hpp>

#include <iosfwd>
#include <string>

namespace sextant::cli {

void add_mosel_command(CLI::App& app, int& exit_code);

struct MoselPlanOptions {
    std::string profiles_path;
    int job_size = 0;
    double accuracy_floor = -1;
    bool json = false;
};

constexpr int kMaxPlannedJobSize = 256;  // the exact solve grows as n^3 (256: about 2 s on one core)

// The command itself, without CLI11: returns the exit code.
int mosel_plan(const MoselPlanOptions& options, std::ostream& out, std::ostream& err);

}  // namespace sextant::cli
