// Job streams for the serving experiments: Poisson or bursty (two-state MMPP) arrivals,
// sizes from a mix, deadlines as a slack factor over the all-modalities time, floors drawn
// from a range; or a trace file.
#pragma once

#include "modality/planner.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sextant::modality {

struct Job {
    int id = 0;
    double arrival_s = 0;
    int size = 1;               // requests
    double deadline_s = 0;      // absolute: the whole job must finish by then
    double floor = 0;           // accuracy floor (request-weighted mean, in expectation)
    int64_t first_request = 0;  // its requests are first_request .. first_request + size - 1
};

enum class Arrivals { poisson, mmpp };

struct WorkloadSpec {
    Arrivals arrivals = Arrivals::poisson;
    double load = 1.0;                             // x the all-modalities capacity (agnostic_capacity)
    std::vector<int> sizes{1, 4, 16, 64};          // job-size mix ...
    std::vector<double> size_weights{1, 1, 1, 1};  // ... and its weights
    double slack = 2.0;                            // deadline = arrival + slack x T_all(size)
    double floor_lo = 0.0, floor_hi = 0.0;         // floors ~ U[floor_lo, floor_hi]
    int jobs = 1000;
    uint64_t seed = 1;
    // MMPP: a high state with burst x the mean rate for a share of the time; the low state
    // makes up the mean. Sojourns are exponential, the high one `burst_jobs` arrivals long.
    double burst = 4.0;
    double burst_share = 0.1;
    double burst_jobs = 50;
};

// The all-modalities (V+A+T) time of a job of n requests, in seconds: the cheapest batches.
double all_modalities_time_s(const Planner& planner, int n);
// Jobs per second the all-modalities server sustains on this mix (one job after another).
double agnostic_capacity(const Planner& planner, const WorkloadSpec& spec);

// Throws std::invalid_argument for an invalid spec (names the field).
std::vector<Job> generate_workload(const Planner& planner, const WorkloadSpec& spec);

// CSV with the header arrival_s,size,deadline_s,accuracy_floor (deadline_s relative to the
// arrival). Errors name FILE:LINE: FIELD.
std::vector<Job> read_trace_csv(const std::string& path);

}  // namespace sextant::modality
