// What a served stream comes to: goodput, misses, accuracy, JCT, configuration mix; and the
// throughput at SLO, found by searching the load.
#pragma once

#include "modality/serving.hpp"

#include <array>
#include <functional>
#include <vector>

namespace sextant::modality {

struct Summary {
    int64_t jobs = 0, requests = 0;
    double span_s = 0;                                    // first arrival to last finish
    double goodput_rps = 0;                               // requests/s of jobs on time with the floor met
    double deadline_miss_rate = 0;                        // jobs late or rejected, over all jobs
    double rejected_share = 0;                            // jobs rejected by admission control
    double slo_miss_rate = 0;                             // jobs late, rejected or below their floor
    double floor_met_share = 0;                           // served jobs whose planned accuracy meets the floor
    double accuracy = 0;                                  // realised: correct / served requests
    double planned_accuracy = 0;                          // request-weighted expectation of the plans
    double jct_mean_s = 0, jct_p50_s = 0, jct_p99_s = 0;  // served jobs
    double decision_us = 0;                               // wall time per decision
    std::array<double, 8> mix{};                          // share of served requests per configuration mask
};

Summary summarize(const std::vector<Job>& jobs, const ServingResult& result);

// The configuration mix over time: for each of `bins` equal bins of [0, end_s], the share of
// requests finished in it per mask (index = mask; masks absent from the stream stay 0).
std::vector<std::array<double, 8>> mix_over_time(const ServingResult& result, double end_s, int bins);

// The highest load (x capacity) whose stream keeps slo_miss_rate <= max_miss: doubling from
// `start` until it fails, then bisecting `steps` times. run(load) serves a stream at that load.
struct SloSearch {
    double load = 0;  // highest passing load found (0 if even `start` fails)
    int evaluations = 0;
};
SloSearch throughput_at_slo(const std::function<Summary(double)>& run, double max_miss = 0.01, double start = 0.25,
                            double limit = 64, int steps = 7);

}  // namespace sextant::modality
