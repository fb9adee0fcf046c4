// The check of the cached packet fidelity (docs/scheduling.md): a cluster run's jobs
// replayed on one packet-level fabric of the whole cluster (netsim's leaf-spine, DCQCN,
// PFC), each at the placement and start time the cluster simulation gave it, iterations back
// to back. Only for small traces: no preemption, and no time-shift agent (CASSINI off).
#pragma once

#include "scheduling/simulator.hpp"

#include <vector>

namespace sextant::scheduling {

struct ReplayResult {
    // Per job (by id): first iteration start to finish, in the cluster's time units (the
    // replay runs x packet.scale); -1 for jobs on one server (no network).
    std::vector<double> running_s;
    double ecn_marks = 0, pfc_paused_s = 0, delivered_gb = 0;  // at full scale (/ packet.scale)
};

// `run` is simulate(jobs, profiles, config)'s result; config.packet gives cc, pfc, buffer
// and scale. Throws std::invalid_argument when the run cannot be replayed (a preempted or
// unfinished job, CASSINI on, a cluster whose leaves are not all full).
ReplayResult replay_on_packet_fabric(const std::vector<JobSpec>& jobs, const SimResult& run,
                                     const ProfileTable& profiles, const SimConfig& config);

// The same job's running time in the cluster run (first iteration start to finish).
double cluster_running_s(const JobResult& job, const SimConfig& config);

}  // namespace sextant::scheduling
