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

// One step of an iteration: GPU compute for a fixed time; or a network transfer of `gbit`
// on every ring hop, which takes gbit / rate at whatever rate the network gives; or (until)
// a wait until `seconds` after the iteration's start, while the backward pass computes the
// gradients the next transfer needs (a DDP bucket whose gradients are not ready yet).
struct Step {
    bool comm = false;
    double seconds = 0.0;
    double gbit = 0.0;
    bool until = false;
};

struct IterationPlan {
    std::vector<Step> steps;
    double peak_gbps = 0.0;  // rate of a comm step when the network is not the bottleneck

    double ideal_seconds() const;  // iteration time with the network to itself
    // Demand over one ideal iteration; stretch > 1: transfers at peak / stretch (packet fidelity).
    Pattern pattern(const std::string& name, double stretch = 1.0) const;
    bool uses_network() const;
    double comm_gbit() const;  // per ring hop, all of an iteration's transfers
    // The iteration's time with no transfer running, with the network to itself (at peak):
    // the compute no transfer hides. Packet-level runs fold an iteration into this compute,
    // then one all-reduce of comm_gbit().
    double exposed_compute_seconds() const;
};

// The plan of `profile` for a job spread over `servers` servers. Single-server jobs
// communicate over the intra-server interconnect, which is not modelled (no network steps).
// A backward segment of buckets b1..bn, whose gradients are ready at r1 < ... < rn after the
// iteration start, becomes: compute until r1, transfer b1, wait until r2, transfer b2, ...,
// wait until rn, transfer bn - PyTorch DDP's schedule: the backward pass never waits, and
// bucket k's all-reduce starts when its gradients are ready and the all-reduce before it is
// done. The offsets assume that the segments before it are compute (checked).
IterationPlan plan_iteration(const ModelProfile& profile, int servers, double nic_gbps);

// A job on `gpus` GPUs packed onto as few servers as they fill, the network to itself: the
// iteration time the policies and Pollux's throughput model assume.
double consolidated_iteration_seconds(const ModelProfile& profile, int gpus, int gpus_per_server, double nic_gbps);

}  // namespace sextant::scheduling
