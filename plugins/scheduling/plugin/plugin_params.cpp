#include "plugin_params.hpp"

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace sextant::scheduling {

namespace {

ParamDecl sourced(ParamDecl p, std::string source) {
    p.source = std::move(source);
    return p;
}

template <class T>
std::vector<T> split_list(const std::string& text, const std::string& param) {
    std::vector<T> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        size_t a = item.find_first_not_of(' '), b = item.find_last_not_of(' ');
        if (a == std::string::npos) continue;
        item = item.substr(a, b - a + 1);
        if constexpr (std::is_same_v<T, std::string>) {
            out.push_back(item);
        } else {
            std::istringstream num(item);
            T v{};
            if (!(num >> v) || !num.eof())
                throw SetupConflict({param}, "comma-separated numbers, got '" + item + "'",
                                    "parameter '" + param + "': expected comma-separated numbers, got '" + item + "'");
            out.push_back(v);
        }
    }
    return out;
}

// Typed reads that name the parameter when it is missing or of the wrong type (the engine
// validates declared parameters, but this decoding is also called directly).
const nlohmann::json& value_of(const Params& params, const std::string& name) {
    if (!params.has(name)) throw std::invalid_argument("parameter '" + name + "': not set");
    return params.json().at(name);
}

long long integer(const Params& params, const std::string& name) {
    const nlohmann::json& v = value_of(params, name);
    if (v.is_number_integer()) return v.get<long long>();
    if (v.is_number_float() && v.get<double>() == std::floor(v.get<double>()) && std::abs(v.get<double>()) < 9e15)
        return static_cast<long long>(v.get<double>());
    throw std::invalid_argument("parameter '" + name + "': expected an integer, got " + v.dump());
}

int int_of(const Params& params, const std::string& name) {
    long long x = integer(params, name);
    if (x < std::numeric_limits<int>::min() || x > std::numeric_limits<int>::max())
        throw std::invalid_argument("parameter '" + name + "': " + std::to_string(x) + " is out of range");
    return static_cast<int>(x);
}

double real(const Params& params, const std::string& name) {
    const nlohmann::json& v = value_of(params, name);
    if (!v.is_number()) throw std::invalid_argument("parameter '" + name + "': expected a number, got " + v.dump());
    return v.get<double>();
}

bool flag(const Params& params, const std::string& name) {
    const nlohmann::json& v = value_of(params, name);
    if (!v.is_boolean())
        throw std::invalid_argument("parameter '" + name + "': expected true or false, got " + v.dump());
    return v.get<bool>();
}

std::string text(const Params& params, const std::string& name) {
    const nlohmann::json& v = value_of(params, name);
    if (!v.is_string()) throw std::invalid_argument("parameter '" + name + "': expected text, got " + v.dump());
    return v.get<std::string>();
}

// Runs `decode`, naming the parameter it came from in any std::invalid_argument; `expected`
// says what would run, before the decoder's own words.
template <class F>
auto naming(const std::string& name, F&& decode, const std::string& expected = "") -> decltype(decode()) {
    try {
        return decode();
    } catch (const std::invalid_argument& e) {
        throw SetupConflict({name}, expected.empty() ? e.what() : expected + " (" + e.what() + ")",
                            "parameter '" + name + "': " + e.what());
    }
}

// `servers x gpus_per_server = N`: how a conflict with the cluster's size names it.
std::string cluster_gpus(const Topology& topo) {
    return "servers x gpus_per_server = " + std::to_string(topo.total_gpus());
}

}  // namespace

PluginInfo scheduling_plugin_info() {
    PluginInfo info;
    info.id = "scheduling";
    // 1.8: scheduler=pollux searches as Pollux does (pollux_search genetic, pollux_fairness_p,
    // pollux_population, pollux_generations) and phi may grow with progress (pollux_noise_growth,
    // default 1): Pollux results move; greedy with growth 1 gives those of 1.7. Snapshot metrics
    // late_collective_s, late_collective_s_unshifted.
    // 1.7: flow_method shared-sets (flow_sets_horizon_periods, flow_sets_phase_bins); max-min
    // (the default) gives the results of 1.6.
    // 1.6: scheduler=pollux (pollux_noise_scale), cc=mltcp (mltcp_slope, mltcp_intercept), snapshot late_iteration_s*, and the
    // snapshot's shifted run keeps its shifts with CASSINI's agent (snapshot_agent, default on:
    // snapshot results move; cluster mode does not).
    // 1.5: profile segment backward (gradient buckets overlapped with the backward pass,
    // DDP's schedule); profiles without it give the same results as 1.4.
    // 1.4: fabrics above 128 links split by tight links, coast free jobs (stepping) and
    // re-solve only the max-min levels a change reaches: results there move (rounding
    // amplified by the fluid model), 128-GPU results bit for bit (1.3: the fast network
    // path; 1.2: the paper's circle and loop policy by default, ideal_* metrics,
    // mode=snapshot with fidelity; 1.1: timeline series).
    info.version = "1.8.0";
    info.name = "Network-aware job scheduling (CASSINI)";
    info.description =
        "Simulated GPU cluster in which training jobs compete for links (flow-level, max-min fair). "
        "Schedulers FIFO, SRTF, LAS (Tiresias-like) and Themis-like, with packed or random placement, "
        "optionally augmented by CASSINI's compatibility-ranked placement and iteration time shifts.";
    info.targets = {"simulated"};
    auto& p = info.params;
    // Cluster.
    p.push_back(sourced(int_param("servers", 24, 1, 100000, "Servers in the cluster."), "CASSINI testbed: 24 servers"));
    p.push_back(
        sourced(int_param("gpus_per_server", 1, 1, 64, "GPUs per server."), "CASSINI testbed: one A100 per server"));
    p.push_back(sourced(float_param("nic_gbps", 50, 0.001, 1e6, "NIC (server link) rate.", "Gbps"),
                        "CASSINI testbed: 50 Gbps RoCE NICs"));
    p.push_back(choice_param("topology", "leaf-spine", {"leaf-spine", "single-switch"},
                             "One switch, or leaves joined by a spine."));
    p.push_back(sourced(int_param("servers_per_leaf", 4, 1, 100000, "Servers under each leaf switch (leaf-spine)."),
                        "assumption"));
    p.push_back(sourced(
        float_param("oversubscription", 2, 1, 1000, "Leaf downlink : uplink capacity ratio (1 = non-blocking)."),
        "assumption: 2:1 is a common data-centre ratio"));
    // Jobs.
    p.push_back(choice_param("mode", "cluster", {"cluster", "snapshot"},
                             "cluster: the trace-driven cluster simulation; snapshot: snapshot_models share one "
                             "bottleneck of nic_gbps, run without and with CASSINI's shifts."));
    p.push_back(choice_param("fidelity", "flow", {"flow", "packet"},
                             "Network model: flow (max-min fluid) or packet (netsim's RoCE fabric: ECN, cc, PFC). "
                             "In cluster mode packet is cached: each distinct set of jobs sharing a link is "
                             "simulated once at packet level (docs/scheduling.md)."));
    p.push_back(choice_param(
        "flow_method", "max-min", {"max-min", "shared-sets"},
        "Flow fidelity, cluster mode: max-min re-solves the fair rates over the whole fabric at every transfer's "
        "start and end (exact fluid model); shared-sets runs each set of jobs sharing a link that can fill once on "
        "that link alone and keeps each job's slowdown until placements change, so jobs take their steps without "
        "events (an approximation for large clusters, checked against max-min in docs/scheduling.md)."));
    p.push_back(int_param("flow_sets_horizon_periods", 8, 1, 1000,
                          "flow_method shared-sets: each set runs this many periods of its longest job."));
    p.push_back(int_param("flow_sets_phase_bins", 16, 1, 100000,
                          "flow_method shared-sets: phase offsets rounded to period / this (sets' cache key)."));
    p.push_back(string_param("snapshot_models", "VGG16,VGG16",
                             "Snapshot: 2-8 comma-separated models, one job each, sharing one bottleneck."));
    p.push_back(int_param("snapshot_iterations", 10, 1, 1e6, "Snapshot: iterations per job."));
    p.push_back(bool_param("snapshot_agent", true,
                           "Snapshot: the shifted run's jobs keep their shifts with CASSINI's agent (their period "
                           "measured alone, the first job keeps time, the others re-align past drift_threshold or "
                           "give up as give_up_after/give_up_rate say); off: shifts applied once, at the start."));
    p.push_back(float_param("snapshot_scale", 1, 1e-6, 1e3,
                            "Snapshot: compute times and all-reduce bytes x this (keeps the geometry; packet-level "
                            "timescales such as RTT and DCQCN timers do not scale)."));
    p.push_back(choice_param(
        "cc", "dcqcn", {"none", "dcqcn", "dctcp", "timely", "hpcc", "mltcp"},
        "Packet fidelity: congestion control (netsim's, HPCC ns-3 code parameters; see docs/congestion.md). "
        "mltcp: DCQCN whose increases x F and cuts / F, F = mltcp_intercept + mltcp_slope x the share of the "
        "iteration's bytes already delivered (MLTCP-style; docs/scheduling.md)."));
    p.push_back(sourced(float_param("mltcp_slope", 1, 0, 100, "cc=mltcp: F's slope over the iteration's bytes."),
                        "assumption: MLTCP's F is linear; its constants for RoCE are not given"));
    p.push_back(sourced(float_param("mltcp_intercept", 0.5, 0, 100, "cc=mltcp: F at the iteration's start."),
                        "assumption: F runs 0.5 .. 1.5, mean 1 (DCQCN's aggressiveness on average)"));
    p.push_back(bool_param("pfc", true, "Packet fidelity: PFC pause/resume (lossless fabric)."));
    p.push_back(sourced(float_param("buffer_mb", 16, 0.01, 1e4, "Packet fidelity: switch buffer.", "MB"),
                        "research note: 16 MB (Tofino-class) for the testbed analogue"));
    p.push_back(float_param("packet_scale", 0.05, 1e-6, 1,
                            "Cluster packet fidelity: compute times, bytes and phases x this in the cached packet "
                            "runs (same geometry; packet timescales do not scale). Marks are divided by it."));
    p.push_back(int_param("packet_horizon_periods", 8, 1, 1000,
                          "Cluster packet fidelity: each shared set runs this many periods of its longest job."));
    p.push_back(int_param("packet_phase_bins", 16, 1, 100000,
                          "Cluster packet fidelity: phase offsets rounded to period / this for the cache key."));
    p.push_back(bool_param("packet_cache", true,
                           "Cluster packet fidelity: reuse packet runs of repeated sets (off: same results, slower)."));
    p.push_back(choice_param("workload", "generate", {"generate", "trace"},
                             "Generate Poisson arrivals, or read trace_file (CSV/TSV)."));
    p.push_back(
        string_param("trace_file", "", "CSV/TSV trace: arrival_s, model, gpus, iterations (see docs/scheduling.md)."));
    p.push_back(int_param("jobs", 60, 1, 10000000, "Generated jobs."));
    p.push_back(float_param("jobs_per_hour", 30, 1e-6, 1e9, "Generated Poisson arrival rate.", "1/h"));
    p.push_back(string_param("models", "", "Comma-separated model mix for generated jobs; empty = all 13."));
    p.push_back(string_param("gpu_sizes", "1,2,4,8", "Comma-separated GPU counts for generated jobs."));
    p.push_back(string_param("gpu_weights", "", "Comma-separated weights for gpu_sizes; empty = uniform."));
    p.push_back(int_param("min_iterations", 2000, 1, 1e12, "Generated iterations: log-uniform from this..."));
    p.push_back(int_param("max_iterations", 20000, 1, 1e12, "...to this."));
    p.push_back(string_param("profiles_file", "", "Model profile JSON; empty = the built-in profiles/models.json."));
    // Scheduling.
    p.push_back(choice_param(
        "scheduler", "themis", {"fifo", "srtf", "las", "themis", "themis-ftf", "pollux"},
        "Job policy: FIFO, shortest remaining time, Tiresias-like LAS, Themis-like fairness (largest rho first), "
        "Themis's round (themis-ftf: offer to the 1 - themis_fairness least fairly treated, winners by bid per GPU), "
        "or Pollux-like goodput-aware elastic allocation (pollux: data-parallel jobs resized each round to the GPUs "
        "that raise goodput most; docs/scheduling.md)."));
    p.push_back(sourced(float_param("pollux_noise_scale", 2, 1e-6, 1e6,
                                    "pollux: gradient noise scale / the batch a job asked for; efficiency of a total "
                                    "batch M is (phi + M0) / (phi + M)."),
                        "assumption (Pollux, OSDI'21, measures phi per job online; 2 = twice the batch keeps 3/4 "
                        "of its samples' worth)"));
    p.push_back(sourced(float_param("pollux_noise_growth", 1, 1e-3, 1e6,
                                    "pollux: phi at the end of a job's training over phi at its start; phi grows "
                                    "geometrically with its progress (converted once per round). 1 = constant."),
                        "assumption (McCandlish et al. 2018 and Pollux, OSDI'21, observe the gradient noise scale "
                        "growing as training progresses; 1 keeps the results of plugin 1.7)"));
    p.push_back(choice_param("pollux_search", "genetic", {"genetic", "greedy"},
                             "pollux: how a round's allocation is found: Pollux's genetic search for the best power "
                             "mean of the jobs' speedups (restarts penalised), or greedy on the sum of speedups "
                             "(plugin 1.6)."));
    p.push_back(
        sourced(float_param("pollux_fairness_p", -1, -100, 1,
                            "pollux (genetic): exponent of the power mean of the jobs' speedups over their fair "
                            "share; lower is fairer, 1 the plain mean."),
                "Pollux, OSDI'21, section 4.2: p = -1 in its evaluation"));
    p.push_back(
        sourced(int_param("pollux_population", 100, 2, 10000, "pollux (genetic): allocations kept per generation."),
                "Pollux's simulator: 100"));
    p.push_back(sourced(
        int_param("pollux_generations", 100, 0, 100000, "pollux (genetic): generations per scheduling decision."),
        "Pollux's simulator: 100"));
    p.push_back(sourced(float_param("themis_fairness", 0.8, 0, 1,
                                    "themis-ftf: f, the fairness knob; GPUs are offered to the 1 - f fraction of jobs "
                                    "with the largest finish-time fairness rho."),
                        "assumption (Themis, NSDI'20, names the knob f; its value here is ours)"));
    p.push_back(choice_param("placement", "packed", {"packed", "random"}, "Base placement of a job's GPUs."));
    p.push_back(float_param("round_s", 300, 1, 1e9, "Scheduling round (lease) length.", "s"));
    p.push_back(sourced(float_param("restart_s", 10, 0, 1e6, "Cost of starting or resuming a job on a placement.", "s"),
                        "assumption"));
    p.push_back(sourced(float_param("las_threshold_gpu_s", 3600, 0, 1e12,
                                    "LAS: attained GPU-seconds before a job drops to the low queue.", "GPU*s"),
                        "assumption"));
    // CASSINI.
    p.push_back(bool_param("cassini", false, "Rank placement candidates by compatibility and apply time shifts."));
    p.push_back(
        bool_param("cassini_time_shifts", true, "With cassini: delay iteration starts to the assigned shifts."));
    p.push_back(int_param("cassini_candidates", 8, 1, 1000, "Placement candidates CASSINI ranks."));
    p.push_back(choice_param("cassini_circle", "lcm", {"lcm", "fit"},
                             "Unified circle: lcm (the paper: LCM of periods rounded to cassini_quantum_ms) or fit "
                             "(first k x longest period within cassini_tolerance)."));
    p.push_back(float_param(
        "cassini_quantum_ms", 1, 1e-6, 1e6,
        "Unified circle (lcm): periods are rounded to this before the LCM (our choice; the paper gives none).", "ms"));
    p.push_back(float_param("cassini_tolerance", 0.05, 0, 1,
                            "Unified circle (fit, and lcm past the cap): relative period mismatch accepted."));
    p.push_back(int_param("cassini_max_turns", 16, 1, 1000,
                          "Unified circle: perimeter at most this many longest periods (our cap)."));
    p.push_back(bool_param(
        "cassini_pad_periods", false,
        "Jobs wait to keep their circle period (padding, reported as padding_s); off: they keep their own period."));
    p.push_back(choice_param(
        "cassini_loops", "skip", {"skip", "break"},
        "Affinity loops: skip placements whose graph has a loop (the paper) or break the least compatible link."));
    p.push_back(int_param("cassini_bins", 90, 4, 100000, "Arcs per longest period in the rotation search."));
    p.push_back(int_param(
        "cassini_placement_options", 4, 1, 1000,
        "Placements drawn per job when CASSINI builds a candidate (each as good as the base by the host's measure)."));
    p.push_back(int_param("cassini_max_passes", 8, 1, 1000,
                          "Coordinate-descent passes of the rotation search (3+ jobs on a link)."));
    p.push_back(float_param(
        "cassini_loop_tolerance_arcs", 1.5, 0, 1e6,
        "Affinity loop: shifts that agree within this many arcs (modulo the period) make the loop consistent."));
    p.push_back(float_param("drift_threshold", 0.05, 0, 0.5,
                            "Re-align a job off its shift by more than this fraction of its period."));
    p.push_back(
        float_param("give_up_rate", 0.1, 0, 1,
                    "Stop re-aligning a job that re-aligns on more than this fraction of its iterations (1 = never)."));
    p.push_back(int_param("give_up_after", 10, 0, 1e9, "Re-alignments a job may make before give_up_rate applies."));
    p.push_back(bool_param("ideal", true,
                           "Also run the same trace, scheduler and placement without network contention (no CASSINI) "
                           "and report ideal_avg_jct_s: the headroom any network-aware scheduler has."));
    p.push_back(float_param("timeline_bin_s", 60, 0, 1e9, "Per-link timeline resolution (0 = no timeline).", "s"));
    p.push_back(choice_param("stepping", "auto", {"auto", "iteration", "coast"},
                             "How running jobs advance (flow fidelity). iteration: every compute step and transfer "
                             "is an event. coast: a job whose links cannot fill and that keeps no CASSINI shift takes "
                             "its steps without events (same job completion times); needs a fabric of more than 128 "
                             "links, or flow_method shared-sets (where every job without a shift coasts). auto: "
                             "coast where it can."));

    auto& m = info.metrics;
    m.push_back(series_metric("jct_s", "s", Better::Lower, "Job completion time; step = job id."));
    m.push_back(series_metric(
        "busiest_link_utilisation", "", Better::Neither,
        "Utilisation of the busiest link in each timeline bin; step = bin (time = step x timeline_bin_s)."));
    m.push_back(
        series_metric("excess_gbps", "Gbps", Better::Lower,
                      "Offered traffic above capacity, summed over links, mean over each timeline bin; step = bin."));
    m.push_back(summary_metric("avg_jct_s", "s", Better::Lower, "Average job completion time.", Headline::Yes));
    m.push_back(summary_metric("p99_jct_s", "s", Better::Lower, "99th percentile job completion time.", Headline::Yes));
    m.push_back(summary_metric("ideal_avg_jct_s", "s", Better::Lower,
                               "Average JCT of the same trace without network contention (parameter ideal)."));
    m.push_back(
        summary_metric("ideal_p99_jct_s", "s", Better::Lower, "99th percentile JCT without network contention."));
    m.push_back(summary_metric("jct_ratio_vs_ideal", "", Better::Lower,
                               "avg_jct_s / ideal_avg_jct_s: the slowdown the network causes (1 = none)."));
    m.push_back(summary_metric("snapshot_score", "", Better::Higher,
                               "Snapshot: CASSINI's predicted compatibility under its shifts."));
    m.push_back(
        summary_metric("snapshot_score_unshifted", "", Better::Higher, "Snapshot: the same jobs all at shift 0."));
    m.push_back(
        summary_metric("iteration_s", "s", Better::Lower, "Snapshot: mean iteration time with CASSINI's shifts."));
    m.push_back(summary_metric("iteration_s_unshifted", "s", Better::Lower,
                               "Snapshot: mean iteration time, all jobs starting together."));
    m.push_back(summary_metric("ideal_iteration_s", "s", Better::Lower,
                               "Snapshot: mean ideal iteration time (network to itself)."));
    m.push_back(summary_metric("iteration_gain", "", Better::Higher, "Snapshot: iteration_s_unshifted / iteration_s."));
    m.push_back(
        summary_metric("late_iteration_s", "s", Better::Lower,
                       "Snapshot: mean iteration time over each job's second half of iterations, with shifts."));
    m.push_back(summary_metric("snapshot_realignments", "", Better::Lower,
                               "Snapshot with the agent: waits for the next grid point, all jobs."));
    m.push_back(summary_metric("snapshot_gave_up", "", Better::Lower,
                               "Snapshot with the agent: jobs that stopped re-aligning."));
    m.push_back(summary_metric("late_iteration_s_unshifted", "s", Better::Lower,
                               "Snapshot: the same, all jobs starting together (where MLTCP-style cc settles)."));
    m.push_back(summary_metric("late_collective_s", "s", Better::Lower,
                               "Snapshot: mean all-reduce time over each job's second half of iterations, with "
                               "shifts (the agent's waits left out: how much transfers still collide)."));
    m.push_back(summary_metric("late_collective_s_unshifted", "s", Better::Lower,
                               "Snapshot: the same, all jobs starting together."));
    m.push_back(summary_metric("flow_sets_looked_up", "", Better::Neither,
                               "flow_method shared-sets: shared-link sets looked up."));
    m.push_back(summary_metric("flow_sets_run", "", Better::Neither,
                               "flow_method shared-sets: sets run in the fluid model (cache misses)."));
    m.push_back(
        summary_metric("flow_sets_cpu_s", "s", Better::Lower, "flow_method shared-sets: CPU time of the set runs."));
    m.push_back(
        summary_metric("ecn_marks", "", Better::Lower,
                       "Packet fidelity: ECN-marked packets, all switch ports (with shifts in snapshot mode)."));
    m.push_back(summary_metric("ecn_marks_unshifted", "", Better::Lower,
                               "Snapshot, packet fidelity: ECN marks without shifts."));
    m.push_back(summary_metric("ecn_marks_per_gb", "", Better::Lower,
                               "Packet fidelity: ECN marks per delivered GB (with shifts)."));
    m.push_back(summary_metric("pfc_paused_s", "s", Better::Lower,
                               "Packet fidelity: time ports spent paused, summed over ports (with shifts)."));
    m.push_back(summary_metric("pfc_paused_s_unshifted", "s", Better::Lower,
                               "Snapshot, packet fidelity: paused time without shifts."));
    m.push_back(summary_metric("packet_sets_looked_up", "", Better::Neither,
                               "Cluster packet fidelity: shared-link sets looked up in the packet cache."));
    m.push_back(summary_metric("packet_sets_simulated", "", Better::Neither,
                               "Cluster packet fidelity: sets simulated at packet level (cache misses)."));
    m.push_back(summary_metric("packet_cpu_s", "s", Better::Lower,
                               "Cluster packet fidelity: CPU time of the packet-level set runs."));
    m.push_back(summary_metric("makespan_s", "s", Better::Lower, "Time until the last job finished.", Headline::Yes));
    m.push_back(summary_metric("gpu_utilisation", "", Better::Higher, "GPU-seconds allocated / (GPUs x makespan)."));
    m.push_back(
        summary_metric("link_utilisation", "", Better::Neither, "Carried / capacity over links that carried traffic."));
    m.push_back(summary_metric("spine_utilisation", "", Better::Neither, "Same over leaf-spine links."));
    m.push_back(summary_metric("congestion_excess_gbit", "Gbit", Better::Lower,
                               "Offered traffic above link capacity, integrated (stand-in for ECN marks)."));
    m.push_back(summary_metric("congested_link_s", "s", Better::Lower, "Link-seconds with demand above capacity."));
    m.push_back(summary_metric("compatibility_mean", "", Better::Higher, "Mean compatibility of chosen placements."));
    m.push_back(summary_metric("compatibility_min", "", Better::Higher, "Worst compatibility of a chosen placement."));
    m.push_back(
        summary_metric("realignments", "", Better::Neither, "Iteration starts delayed to restore a time shift."));
    m.push_back(summary_metric("realignment_delay_s", "s", Better::Lower, "Total delay spent re-aligning."));
    m.push_back(summary_metric("padding_s", "s", Better::Lower, "Total wait padding periods to unified circles."));
    m.push_back(summary_metric("gave_up", "", Better::Neither, "Jobs that stopped re-aligning (give_up_rate)."));
    m.push_back(
        summary_metric("placements_moved", "", Better::Neither, "Batches CASSINI placed differently from the base."));
    m.push_back(summary_metric("affinity_loops", "", Better::Neither, "Loops met in affinity graphs."));
    m.push_back(summary_metric("broken_links", "", Better::Lower,
                               "Links that gave way on a disagreeing loop (cassini_loops=break, or a host placement "
                               "with a loop under skip)."));
    m.push_back(summary_metric("loop_skips", "", Better::Neither,
                               "Placements not taken because their affinity graph had a loop (cassini_loops=skip)."));
    m.push_back(
        summary_metric("truncated_circles", "", Better::Lower,
                       "Unified circles whose LCM passed cassini_max_turns x the longest period (the fit was used)."));
    m.push_back(summary_metric("worst_period_error", "", Better::Lower,
                               "Largest |circle period / own period - 1| of a unified circle (rounding to "
                               "cassini_quantum_ms, or the fit's padding)."));
    m.push_back(summary_metric("preemptions", "", Better::Neither, "Jobs preempted by the scheduler."));
    m.push_back(summary_metric("jobs_finished", "", Better::Higher, "Jobs that completed."));
    m.push_back(summary_metric("sim_events", "", Better::Neither, "Simulation events processed."));
    return info;
}

RunSetup make_run_setup(const Params& params, std::uint64_t seed, Jobs jobs) {
    RunSetup s;
    const std::string profiles_file = text(params, "profiles_file");
    s.profiles = profiles_file.empty() ? ProfileTable::builtin()
                                       : naming(
                                             "profiles_file", [&] { return ProfileTable::load(profiles_file); },
                                             "a readable model profile JSON");
    // An unknown model is unknown to the profiles a run reads: the built-in ones, or profiles_file's.
    auto with_profiles = [&](std::string param) {
        std::vector<std::string> out{std::move(param)};
        if (!profiles_file.empty()) out.push_back("profiles_file");
        return out;
    };

    SimConfig& c = s.config;
    c.topology.servers = int_of(params, "servers");
    c.topology.gpus_per_server = int_of(params, "gpus_per_server");
    c.topology.nic_gbps = real(params, "nic_gbps");
    c.topology.kind = naming("topology", [&] { return parse_topology_kind(text(params, "topology")); });
    c.topology.servers_per_leaf = int_of(params, "servers_per_leaf");
    c.topology.oversubscription = real(params, "oversubscription");
    c.policy = naming("scheduler", [&] { return parse_policy(text(params, "scheduler")); });
    c.policy_config.las_threshold_gpu_s = real(params, "las_threshold_gpu_s");
    c.policy_config.themis_fairness = real(params, "themis_fairness");
    c.pollux.noise_scale = real(params, "pollux_noise_scale");
    c.pollux.noise_growth = real(params, "pollux_noise_growth");
    c.pollux.search = naming("pollux_search", [&] { return parse_pollux_search(text(params, "pollux_search")); });
    c.pollux.fairness_p = real(params, "pollux_fairness_p");
    c.pollux.population = int_of(params, "pollux_population");
    c.pollux.generations = int_of(params, "pollux_generations");
    c.placement = naming("placement", [&] { return parse_placement(text(params, "placement")); });
    c.round_s = real(params, "round_s");
    c.policy_config.round_s = c.round_s;
    c.restart_s = real(params, "restart_s");
    c.cassini = flag(params, "cassini");
    c.time_shifts = flag(params, "cassini_time_shifts");
    c.candidates = int_of(params, "cassini_candidates");
    c.cassini_config.tolerance = real(params, "cassini_tolerance");
    c.cassini_config.max_turns = int_of(params, "cassini_max_turns");
    c.cassini_config.circle =
        naming("cassini_circle", [&] { return parse_circle_method(text(params, "cassini_circle")); });
    c.cassini_config.quantum_ms = real(params, "cassini_quantum_ms");
    c.cassini_config.pad_periods = flag(params, "cassini_pad_periods");
    c.cassini_config.loop_policy =
        naming("cassini_loops", [&] { return parse_loop_policy(text(params, "cassini_loops")); });
    c.cassini_config.bins_per_period = int_of(params, "cassini_bins");
    c.placement_options = int_of(params, "cassini_placement_options");
    c.cassini_config.max_passes = int_of(params, "cassini_max_passes");
    c.cassini_config.loop_tolerance_arcs = real(params, "cassini_loop_tolerance_arcs");
    c.give_up_after = int_of(params, "give_up_after");
    c.drift_threshold = real(params, "drift_threshold");
    c.give_up_rate = real(params, "give_up_rate");
    c.timeline_bin_s = real(params, "timeline_bin_s");
    c.stepping = naming("stepping", [&] { return parse_stepping(text(params, "stepping")); });
    s.ideal = flag(params, "ideal");
    // Placement randomness is decoupled from the workload's, so cassini on/off runs with
    // the same seed see the same jobs.
    c.seed = seed ^ 0x9e3779b97f4a7c15ULL;

    const std::string fidelity = text(params, "fidelity");
    if (text(params, "mode") == "snapshot") {
        SnapshotConfig sc;
        sc.models = split_list<std::string>(text(params, "snapshot_models"), "snapshot_models");
        for (const std::string& m : sc.models)
            if (!s.profiles.find(m))
                throw SetupConflict(
                    with_profiles("snapshot_models"),
                    "models the profiles know (" + s.profiles.names() + "), got '" + m + "'",
                    "parameter 'snapshot_models': unknown model '" + m + "' (known: " + s.profiles.names() + ")");
        if (sc.models.size() < 2 || sc.models.size() > 8)
            throw SetupConflict(
                {"snapshot_models"}, "2 to 8 models, got " + std::to_string(sc.models.size()),
                "parameter 'snapshot_models': expected 2 to 8 models, got " + std::to_string(sc.models.size()));
        sc.link_gbps = c.topology.nic_gbps;
        sc.iterations = int_of(params, "snapshot_iterations");
        sc.agent = flag(params, "snapshot_agent");
        sc.drift_threshold = c.drift_threshold;
        sc.give_up_after = c.give_up_after;
        sc.give_up_rate = c.give_up_rate;
        sc.scale = real(params, "snapshot_scale");
        sc.packet = fidelity == "packet";
        sc.cc = text(params, "cc");
        sc.mltcp_slope = real(params, "mltcp_slope");
        sc.mltcp_intercept = real(params, "mltcp_intercept");
        sc.pfc = flag(params, "pfc");
        sc.buffer_mb = real(params, "buffer_mb");
        sc.bins = c.cassini_config.bins_per_period;
        sc.quantum_ms = c.cassini_config.quantum_ms;
        sc.max_turns = c.cassini_config.max_turns;
        s.snapshot = sc;
        return s;
    }
    c.packet_fidelity = fidelity == "packet";
    c.packet.cc = text(params, "cc");
    c.packet.mltcp_slope = real(params, "mltcp_slope");
    c.packet.mltcp_intercept = real(params, "mltcp_intercept");
    c.packet.pfc = flag(params, "pfc");
    c.packet.buffer_mb = real(params, "buffer_mb");
    c.packet.scale = real(params, "packet_scale");
    c.packet.horizon_periods = int_of(params, "packet_horizon_periods");
    c.packet.phase_bins = int_of(params, "packet_phase_bins");
    c.packet.cache = flag(params, "packet_cache");
    c.flow_method = naming("flow_method", [&] { return parse_flow_method(text(params, "flow_method")); });
    c.flow_sets.horizon_periods = int_of(params, "flow_sets_horizon_periods");
    c.flow_sets.phase_bins = int_of(params, "flow_sets_phase_bins");
    Topology topo(c.topology);
    // The simulator refuses this too, but only once a run has started.
    const bool fixed_rates = !c.packet_fidelity && c.flow_method == FlowMethod::SharedSets;
    if (c.stepping == Stepping::Coast && !fixed_rates &&
        (c.packet_fidelity || topo.links().size() <= c.whole_fabric_links)) {
        const std::string more = "more than " + std::to_string(c.whole_fabric_links) + " links";
        const std::string message = "parameter 'stepping': coast needs fidelity=flow and a fabric of " + more +
                                    " (this one has " + std::to_string(topo.links().size()) +
                                    "); use auto or iteration";
        if (c.packet_fidelity)
            throw SetupConflict({"stepping", "fidelity"},
                                "stepping auto or iteration with fidelity=packet (coast "
                                "needs fidelity=flow)",
                                message);
        throw SetupConflict({"stepping", "servers", "topology", "servers_per_leaf"},
                            "stepping auto or iteration on a fabric of " + std::to_string(topo.links().size()) +
                                " links (coast needs " + more + ")",
                            message);
    }
    const std::string workload = text(params, "workload");
    if (workload == "trace") {
        const std::string file = text(params, "trace_file");
        if (file.empty())
            throw SetupConflict({"trace_file", "workload"}, "a trace file (CSV/TSV) when workload=trace",
                                "parameter 'trace_file': required when workload=trace");
        auto iteration_time = [&](const ModelProfile& m, int gpus) {
            int servers = (gpus + topo.gpus_per_server() - 1) / topo.gpus_per_server();
            return plan_iteration(m, servers, topo.config().nic_gbps).ideal_seconds();
        };
        s.jobs = naming(
            "trace_file", [&] { return read_trace(file, s.profiles, iteration_time); },
            "a readable trace of arrival_s, model, gpus, iterations");
        // The simulator would refuse such a job only when its run starts.
        for (const JobSpec& j : s.jobs)
            if (j.gpus > topo.total_gpus())
                throw SetupConflict({"trace_file", "servers", "gpus_per_server"},
                                    "jobs of at most " + cluster_gpus(topo) + " GPUs, got job '" + j.name + "' of " +
                                        std::to_string(j.gpus),
                                    "parameter 'trace_file': job '" + j.name + "' needs " + std::to_string(j.gpus) +
                                        " GPUs but the cluster has " + std::to_string(topo.total_gpus()));
    } else if (workload == "generate") {
        GeneratorConfig g;
        g.jobs = int_of(params, "jobs");
        g.jobs_per_hour = real(params, "jobs_per_hour");
        g.models = split_list<std::string>(text(params, "models"), "models");
        g.gpu_sizes = split_list<int>(text(params, "gpu_sizes"), "gpu_sizes");
        g.gpu_weights = split_list<double>(text(params, "gpu_weights"), "gpu_weights");
        g.min_iterations = integer(params, "min_iterations");
        g.max_iterations = integer(params, "max_iterations");
        g.seed = seed;
        // The generator checks these too; here the message names the parameter to change.
        for (const std::string& m : g.models)
            if (!s.profiles.find(m))
                throw SetupConflict(
                    with_profiles("models"), "models the profiles know (" + s.profiles.names() + "), got '" + m + "'",
                    "parameter 'models': unknown model '" + m + "' (known: " + s.profiles.names() + ")");
        if (g.gpu_sizes.empty())
            throw SetupConflict({"gpu_sizes"}, "at least one GPU count",
                                "parameter 'gpu_sizes': expected at least one GPU count");
        for (int size : g.gpu_sizes)
            if (size < 1 || size > topo.total_gpus())
                throw SetupConflict({"gpu_sizes", "servers", "gpus_per_server"},
                                    "GPU counts from 1 to " + cluster_gpus(topo) + ", got " + std::to_string(size),
                                    "parameter 'gpu_sizes': " + std::to_string(size) +
                                        " GPUs does not fit a cluster of " + std::to_string(topo.total_gpus()));
        if (!g.gpu_weights.empty()) {
            if (g.gpu_weights.size() != g.gpu_sizes.size())
                throw SetupConflict({"gpu_weights", "gpu_sizes"},
                                    "one weight per size (" + std::to_string(g.gpu_sizes.size()) + "), got " +
                                        std::to_string(g.gpu_weights.size()),
                                    "parameter 'gpu_weights': " + std::to_string(g.gpu_weights.size()) +
                                        " weights for " + std::to_string(g.gpu_sizes.size()) +
                                        " gpu_sizes (expected one weight per size)");
            double total = 0;
            for (double w : g.gpu_weights) {
                if (!(w >= 0))
                    throw SetupConflict({"gpu_weights"}, "weights >= 0",
                                        "parameter 'gpu_weights': weights must be >= 0");
                total += w;
            }
            if (!(total > 0))
                throw SetupConflict({"gpu_weights"}, "weights with a sum above zero",
                                    "parameter 'gpu_weights': the weights sum to zero");
        }
        if (g.max_iterations < g.min_iterations)
            throw SetupConflict({"min_iterations", "max_iterations"}, "min_iterations <= max_iterations",
                                "parameter 'max_iterations': " + std::to_string(g.max_iterations) +
                                    " is below min_iterations (" + std::to_string(g.min_iterations) + ")");
        if (jobs == Jobs::Build) s.jobs = generate_jobs(g, s.profiles);
    } else {
        throw SetupConflict({"workload"}, "generate or trace, got '" + workload + "'",
                            "parameter 'workload': expected 'generate' or 'trace', got '" + workload + "'");
    }
    return s;
}

}  // namespace sextant::scheduling
