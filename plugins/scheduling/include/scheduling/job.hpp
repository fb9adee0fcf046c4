// Jobs: what the trace asks for, and what one iteration does once the job is placed.
#pragma once

#include "scheduling/pattern.hpp"
#include "scheduling/profiles.hpp"

#include <string>
#include <vector>

namespace sextant::scheduling {

struct JobSpec {
    int id = 0;
    std::string name;
    double arrival_s = 0.0;
    std::string model;  // a profile name
    int gpus = 1;
    long long iterations = 1;
};

// One step of an iteration: either GPU compute for a fixed time, or a network transfer of
// `gbit` on every ring hop, which takes gbit / rate at whatever rate the network gives.
struct Step {
    bool comm = false;
    double seconds = 0.0;
    double gbit = 0.0;
};

struct IterationPlan {
    std::vector<Step> steps;
    double peak_gbps = 0.0;  // rate of a comm step when the network is not the bottleneck

    double ideal_seconds() const;                    // iteration time with the network to itself
    Pattern pattern(const std::string& name) const;  // demand over one ideal iteration
    bool uses_network() const;
};

// The plan of `profile` for a job spread over `servers` servers. Single-server jobs
// communicate over the intra-server interconnect, which is not modelled (no network steps).
IterationPlan plan_iteration(const ModelProfile& profile, int servers, double nic_gbps);

}  // namespace sextant::scheduling
