// CASSINI's snapshot experiment on a real fabric: 2-4 jobs of given models share one
// bottleneck link; the geometry predicts their compatibility and time shifts; the jobs then
// run on the shared netsim fabric (packet level: RoCE NICs, ECN, DCQCN, PFC; or the flow
// level) twice - all starting together, and started at CASSINI's shifts - and the measured
// iteration times, ECN marks and PFC pause time are compared with the prediction.
//
// Each job spans two servers, one on each side of a dumbbell (dumbbell:N), so its ring
// all-reduce crosses the bottleneck in both directions. An iteration is the profile's
// time with no transfer running, at peak (IterationPlan::exposed_compute_seconds: backward
// hides its buckets' all-reduces), then one ring all-reduce of the volume the profile's
// communication steps carry per hop.
// With `agent` (the default since plugin 1.6.0) each job of the shifted run has CASSINI's
// time-shift agent as the cluster simulation runs it (netsim JobSpec::pace_s): it keeps its
// period on the unified circle (measured alone on the same fabric first, as a real agent
// measures it); the first job keeps time for the set, the others re-align to its grid when
// they drift past drift_threshold, or give up. Without it, shifts are applied once, at the start.
#pragma once

#include "scheduling/profiles.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sextant::scheduling {

struct SnapshotConfig {
    std::vector<std::string> models;  // 2-4 profile names, one job each
    double link_gbps = 50;            // every link, the bottleneck included
    int iterations = 10;
    double scale = 1.0;  // compute times and bytes both x scale (keeps the geometry; packet timescales do not scale)
    bool packet = true;  // packet-level fabric; false: the flow-level model
    std::string cc = "dcqcn";                         // congestion control (packet level)
    double mltcp_slope = 1.0, mltcp_intercept = 0.5;  // cc=mltcp: netsim::packet::MltcpParams
    bool pfc = true;
    double buffer_mb = 16;    // switch buffer
    int bins = 90;            // arcs per longest period in the rotation search
    double quantum_ms = 1.0;  // unified circle
    int max_turns = 16;
    bool agent = true;              // the shifted run keeps its shifts (see above)
    double drift_threshold = 0.05;  // agent: re-align when off its grid by more than this x its period (<= 0.5)
    int give_up_after = 10;         // agent: as SimConfig's
    double give_up_rate = 0.1;
    void validate() const;  // throws naming the field
};

struct SnapshotRun {
    std::vector<double> mean_iteration_s;  // per job, over its iterations
    double mean_iteration_s_all = 0;       // mean over jobs
    // Mean over jobs of each one's mean over its second half of iterations: where jobs settle
    // (MLTCP slides colliding jobs apart over iterations; unshifted jobs can drift too).
    double late_iteration_s_all = 0;
    // The same for its collective (all-reduce) time alone: how much the transfers still collide
    // there, apart from the agent's waits (which iteration times include).
    double late_collective_s_all = 0;
    int realignments = 0;         // agent: waits for the next grid point, all jobs
    int gave_up = 0;              // agent: jobs that stopped aligning
    double finish_s = 0;          // last job done
    std::uint64_t ecn_marks = 0;  // all ports (packet level)
    double pfc_paused_s = 0;      // summed over ports
    double delivered_gb = 0;      // payload delivered, GB
};

struct SnapshotResult {
    double predicted_score = 1;             // CASSINI's compatibility of the link under its shifts
    double predicted_score_unshifted = 1;   // the same jobs all at shift 0
    std::vector<double> ideal_iteration_s;  // per job, network to itself (profile arithmetic)
    std::vector<double> shift_s;            // per job, start delay
    SnapshotRun together, shifted;
};

SnapshotResult run_snapshot(const ProfileTable& profiles, const SnapshotConfig& config);

}  // namespace sextant::scheduling
