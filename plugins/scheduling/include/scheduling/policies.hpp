// Which jobs get GPUs first. Each policy is a priority order over the active jobs;
// the simulator hands out GPUs in that order at every scheduling round.
//   FIFO    arrival order, never preempts.
//   SRTF    shortest remaining (ideal) time first, preemptive.
//   LAS     Tiresias-like two-dimensional least attained service: jobs whose attained
//           GPU-seconds are below a threshold form the high-priority queue, the rest the
//           low one; first come first served within a queue, preemptive.
//   Themis  finish-time fairness: rho = (time since arrival + remaining time) / (run
//           time alone); the jobs treated least fairly (largest rho) go first, preemptive.
//   Themis auction (themis-ftf): Themis's round as its paper describes it - GPUs are offered
//           only to the 1 - f fraction of jobs with the largest rho (f = themis_fairness),
//           and among those the allocation goes where it buys the most finish-time
//           fairness: each job's bid is the rho it avoids losing by running one lease,
//           round_s / total_s, per GPU it asks for (rigid gang-scheduled jobs make the
//           auction's partial allocations whole ones, so the winner order is greedy by bid).
//           The jobs outside the offer follow by rho.
//   Pollux  goodput-aware elastic allocation (pollux.hpp); not a priority order: its
//           priority_order is arrival order, and the simulator asks pollux_allocation instead.
#pragma once

#include <string>
#include <vector>

namespace sextant::scheduling {

enum class Policy { Fifo, Srtf, Las, Themis, ThemisAuction, Pollux };

Policy parse_policy(const std::string& text);  // "fifo" | "srtf" | "las" | "themis" | "themis-ftf" | "pollux"
const char* to_string(Policy p);
bool preemptive(Policy p);

struct JobView {
    int id = 0;
    double arrival_s = 0.0;
    int gpus = 1;
    double remaining_s = 0.0;     // remaining iterations x ideal iteration time
    double total_s = 0.0;         // all iterations x ideal iteration time
    double attained_gpu_s = 0.0;  // GPUs x time it has run so far
};

struct PolicyConfig {
    double las_threshold_gpu_s = 3600.0;  // LAS queue boundary (assumption; Tiresias tunes it per cluster)
    double themis_fairness = 0.8;  // Themis f: GPUs are offered to the 1 - f fraction with the largest rho (assumption)
    double round_s = 300.0;        // lease length, for the auction's bids
};

// Job ids, highest priority first. Ties break on arrival, then id: deterministic.
std::vector<int> priority_order(Policy policy, const std::vector<JobView>& jobs, double now_s,
                                const PolicyConfig& config = {});

}  // namespace sextant::scheduling
