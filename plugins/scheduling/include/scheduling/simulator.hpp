// The cluster simulator: jobs arrive, a policy hands out GPUs at scheduling rounds, a
// placement picks servers, and every placed job runs its iterations - compute steps take
// fixed time, communication steps move their volume at the max-min fair rate the network
// gives them. With CASSINI on, placements are ranked by compatibility and each job's
// iteration starts are delayed to keep the time shifts the affinity graph assigned.
#pragma once

#include "scheduling/cassini.hpp"
#include "scheduling/flow_sets.hpp"
#include "scheduling/job.hpp"
#include "scheduling/link_meter.hpp"
#include "scheduling/packet_sets.hpp"
#include "scheduling/placement.hpp"
#include "scheduling/policies.hpp"
#include "scheduling/pollux.hpp"
#include "scheduling/profiles.hpp"
#include "scheduling/topology.hpp"

#include <netsim/incremental_fair_share.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sextant::scheduling {

// How a running job's iterations advance (simulation_coast.cpp).
//   iteration: every compute step and every transfer is an event (the only way before 2026-12-04).
//   coast: a job whose links cannot fill (together with every other placed job at its
//     peak, each link stays within capacity) and that keeps no CASSINI shift "coasts": its
//     transfers run at its cap whatever the others do, so its steps follow by the same
//     additions the events would make, without events; only its finish (or a checkpoint
//     every few thousand steps) is one. It steps as events again from the moment a
//     placement makes one of its links able to fill, or CASSINI anchors it. Needs a fast
//     network path that splits by tight links (a fabric above whole_fabric_links, flow
//     fidelity): there a free job's max-min rate is exactly its cap. Small fabrics solve
//     few flows as one problem, whose rates are the cap only to rounding.
//   auto: coast where it can, else iteration (so the 128-GPU cluster, 80 links, keeps its
//     results bit for bit).
// Where coasting can apply, with either stepping, a free job's transfer ends at its own
// time, never pulled forward by the nanosecond that groups other completions, so both
// steppings give the same job completion times (tests/scheduling/test_coasting.cpp).
enum class Stepping { Auto, Iteration, Coast };
Stepping parse_stepping(const std::string& text);  // "auto" | "iteration" | "coast"

// How flow fidelity gives communicating jobs their rates.
//   max-min: the max-min fair rates over the whole fabric, re-solved at every transfer's
//     start and end (exact for the fluid model).
//   shared-sets: each set of jobs sharing a link that can fill is run once on that link
//     alone, and every job runs at its peak / the largest slowdown of its sets until the
//     placements change (flow_sets.hpp); every job coasts (a time-shift reference at a
//     fixed pace, its followers from it). An approximation for speed, checked against
//     max-min in docs/scheduling.md.
enum class FlowMethod { MaxMin, SharedSets };
FlowMethod parse_flow_method(const std::string& text);  // "max-min" | "shared-sets"

struct SimConfig {
    TopologyConfig topology;
    Policy policy = Policy::Themis;
    PolicyConfig policy_config;
    PolluxConfig pollux;  // policy pollux: its efficiency model
    PlacementKind placement = PlacementKind::Packed;
    bool cassini = false;       // rank placement candidates by compatibility
    bool time_shifts = true;    // with cassini: delay iteration starts to the assigned shifts
    int candidates = 8;         // placement candidates CASSINI ranks
    int placement_options = 4;  // options drawn per job when building a candidate
    CassiniConfig cassini_config;
    double drift_threshold = 0.05;  // re-align when a job is off its shift by more than this x period
    // A job whose phases cannot hold (it re-aligns on more than this fraction of its
    // iterations, after at least 10) stops re-aligning until the next re-plan: waiting a
    // period per iteration costs more than the overlap it avoids. 1 = never give up.
    double give_up_rate = 0.1;
    int give_up_after = 10;        // re-alignments before give_up_rate applies
    double round_s = 300.0;        // scheduling round (lease) length
    double restart_s = 10.0;       // start/restart cost of a placement (assumption)
    double timeline_bin_s = 60.0;  // per-link timeline resolution; 0 = none
    // false: links never limit a job (each communicates at its own peak): the "ideal" run,
    // the same trace without network contention. The meter still uses the real capacities.
    bool network_contention = true;
    // false: the reference network path (before plugin 1.3): every link a max-min
    // constraint and every communicating job's progress updated at every event. The default
    // skips links that cannot fill (the same max-min rates) and keeps comm completions in
    // an event queue; results agree to rounding (tests/scheduling/test_speedups.cpp).
    bool fast_network = true;
    // fast_network: up to 48 communicating jobs on a fabric of at most this many links are
    // solved as one problem; larger fabrics split into components joined by tight links
    // (the same rates to rounding, netsim/incremental_fair_share.hpp). SIZE_MAX: the rule
    // of plugin 1.3 (one problem on any fabric), which the reference path keeps.
    size_t whole_fabric_links = netsim::IncrementalFairShare::kSmallFabricLinks;
    // Above whole_fabric_links: a flow entering or leaving re-solves only the max-min levels
    // it can reach, from the lowest one up (the same rates to rounding); false: its whole
    // tight component from level 0, as before 2026-12-04 (netsim/incremental_fair_share.hpp).
    bool partial_resolve = true;
    // fidelity=packet: communication slowed as netsim's packet-level fabric slows each set
    // of jobs sharing a link, simulated once per distinct set and cached (packet_sets.hpp).
    bool packet_fidelity = false;
    PacketFidelityConfig packet;
    FlowMethod flow_method = FlowMethod::MaxMin;  // flow fidelity only
    FlowSetsConfig flow_sets;                     // flow_method shared-sets
    Stepping stepping = Stepping::Auto;
    std::uint64_t seed = 0;  // random placement and candidate generation
};

struct JobResult {
    int id = 0;
    std::string name, model;
    int gpus = 0;
    double arrival_s = 0.0, first_start_s = -1.0, finish_s = -1.0;
    long long iterations = 0;
    int preemptions = 0;
    double ideal_iteration_s = 0.0;  // consolidated placement, network to itself
    double running_s = 0.0;          // time holding GPUs (after restarts)
    std::vector<int> servers;        // its last placement
    double jct_s() const { return finish_s - arrival_s; }
};

struct SimResult {
    std::vector<JobResult> jobs;
    std::vector<LinkTotals> links;
    std::vector<std::string> link_names;
    double makespan_s = 0.0;
    double avg_jct_s = 0.0, p99_jct_s = 0.0;
    double gpu_utilisation = 0.0;    // GPU-seconds allocated / (GPUs x makespan)
    double link_utilisation = 0.0;   // carried / capacity, over links that carried traffic
    double spine_utilisation = 0.0;  // same over leaf-spine links (0 if none)
    double excess_gbit = 0.0;        // congestion measure, all links
    double congested_link_s = 0.0;
    double compatibility_mean = 1.0;  // over placements of jobs that use the network
    double compatibility_min = 1.0;
    int placements_scored = 0;
    int placements_moved = 0;         // CASSINI chose a candidate other than the base
    int loops = 0, broken_links = 0;  // affinity graphs, summed over re-plans (broken: loop policy break applied)
    int loop_skips = 0;               // candidates not taken because their graph had a loop (loop policy skip)
    int truncated_circles = 0;        // unified circles (in re-plans) whose LCM passed the cap
    double worst_period_error = 0;    // largest |circle period / own period - 1| in a re-plan
    long long realignments = 0;       // waits to recover a shift after drifting
    int gave_up = 0;                  // jobs that stopped re-aligning (give_up_rate)
    double realignment_delay_s = 0.0;
    double padding_s = 0.0;       // waits that keep a padded period on a unified circle
    long long events = 0;         // passes of the event loop
    long long coasted_steps = 0;  // steps that coasting jobs took without an event (Stepping)
    long long whole_iterations = 0;  // of those, iterations taken at once (flow-level shared sets)
    long long rate_solves = 0;
    long long flows_resolved = 0;  // flows in those problems (large fabrics)
    // Packet fidelity: marks and paused time as the cached packet-level sets give them.
    double ecn_marks = 0.0, pfc_paused_s = 0.0, delivered_gb = 0.0;
    // Cached sets (packet fidelity, or flow_method shared-sets): sets looked up / run (cache
    // misses), and the CPU time of those runs.
    long long packet_lookups = 0, packet_runs = 0;
    double packet_cpu_s = 0.0;
    bool cancelled = false;
};

struct SimHooks {
    std::function<void(double fraction)> progress;  // jobs finished / jobs
    std::function<bool()> cancelled;
    TimelineSink timeline;
};

SimResult simulate(const std::vector<JobSpec>& jobs, const ProfileTable& profiles, const SimConfig& config,
                   const SimHooks& hooks = {});

// p-quantile (0..1) by linear interpolation between order statistics.
double quantile(std::vector<double> values, double p);

}  // namespace sextant::scheduling
