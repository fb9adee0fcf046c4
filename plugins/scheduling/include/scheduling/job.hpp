// Jobs: what the trace asks for, and what one iteration does once the job is placed.
#pragma once

#include "scheduling/pattern.hpp"
#include "scheduling/profiles.hpp"

#include <algorithm>
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
// `gbit` on every ring hop, which takes gbit / rate at whatever rate the network gives. A
// transfer with `seconds` > 0 has that much compute running beside it (a gradient bucket's
// all-reduce during the next bucket's backward): the step ends when both are done.
struct Step {
    bool comm = false;
    double seconds = 0.0;
    double gbit = 0.0;

    double ideal_seconds(double peak_gbps) const { return comm ? std::max(seconds, gbit / peak_gbps) : seconds; }
};

struct IterationPlan {
    std::vector<Step> steps;
    double peak_gbps = 0.0;  // rate of a comm step when the network is not the bottleneck

    double ideal_seconds() const;                    // iteration time with the network to itself
    Pattern pattern(const std::string& name) const;  // demand over one ideal iteration
    bool uses_network() const;
    double comm_gbit() const;  // per ring hop, all of an iteration's transfers
    // The iteration's compute that no transfer hides, at peak: ideal_seconds() minus the
    // transfers' time at peak (compute beside a transfer counts only where it outlasts it). Packet-level runs fold an iteration into this compute, then
    // one all-reduce of comm_gbit().
    double exposed_compute_seconds() const;
};

// The plan of `profile` for a job spread over `servers` servers. Single-server jobs
// communicate over the intra-server interconnect, which is not modelled (no network steps).
// A backward segment of buckets b1..bn becomes: compute b1; then for k = 1..n the all-reduce
// of bk beside the compute of b(k+1) (none after bn). Bucket k+2's compute thus waits for
// bk's all-reduce, where DDP's compute never waits; the two agree when every transfer is
// longer than the compute beside it, or every one shorter, and differ in between.
IterationPlan plan_iteration(const ModelProfile& profile, int servers, double nic_gbps);

}  // namespace sextant::scheduling
