#include "plugin_params.hpp"

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
                throw std::invalid_argument("parameter '" + param + "': expected comma-separated numbers, got '" + item + "'");
            out.push_back(v);
        }
    }
    return out;
}

}  // namespace

PluginInfo scheduling_plugin_info() {
    PluginInfo info;
    info.id = "scheduling";
    info.version = "1.0.0";
    info.name = "Network-aware job scheduling (CASSINI)";
    info.description =
        "Simulated GPU cluster in which training jobs compete for links (flow-level, max-min fair). "
        "Schedulers FIFO, SRTF, LAS (Tiresias-like) and Themis-like, with packed or random placement, "
        "optionally augmented by CASSINI's compatibility-ranked placement and iteration time shifts.";
    info.targets = {"simulated"};
    auto& p = info.params;
    // Cluster.
    p.push_back(sourced(int_param("servers", 24, 1, 100000, "Servers in the cluster."), "CASSINI testbed: 24 servers"));
    p.push_back(sourced(int_param("gpus_per_server", 1, 1, 64, "GPUs per server."), "CASSINI testbed: one A100 per server"));
    p.push_back(sourced(float_param("nic_gbps", 50, 0.001, 1e6, "NIC (server link) rate.", "Gbps"),
                        "CASSINI testbed: 50 Gbps RoCE NICs"));
    p.push_back(choice_param("topology", "leaf-spine", {"leaf-spine", "single-switch"},
                             "One switch, or leaves joined by a spine."));
    p.push_back(sourced(int_param("servers_per_leaf", 4, 1, 100000, "Servers under each leaf switch (leaf-spine)."),
                        "assumption"));
    p.push_back(sourced(float_param("oversubscription", 2, 1, 1000,
                                    "Leaf downlink : uplink capacity ratio (1 = non-blocking)."),
                        "assumption: 2:1 is a common data-centre ratio"));
    // Jobs.
    p.push_back(choice_param("workload", "generate", {"generate", "trace"},
                             "Generate Poisson arrivals, or read trace_file (CSV/TSV)."));
    p.push_back(string_param("trace_file", "", "CSV/TSV trace: arrival_s, model, gpus, iterations (see docs/scheduling.md)."));
    p.push_back(int_param("jobs", 60, 1, 10000000, "Generated jobs."));
    p.push_back(float_param("jobs_per_hour", 30, 1e-6, 1e9, "Generated Poisson arrival rate.", "1/h"));
    p.push_back(string_param("models", "", "Comma-separated model mix for generated jobs; empty = all 13."));
    p.push_back(string_param("gpu_sizes", "1,2,4,8", "Comma-separated GPU counts for generated jobs."));
    p.push_back(string_param("gpu_weights", "", "Comma-separated weights for gpu_sizes; empty = uniform."));
    p.push_back(int_param("min_iterations", 2000, 1, 1e12, "Generated iterations: log-uniform from this..."));
    p.push_back(int_param("max_iterations", 20000, 1, 1e12, "...to this."));
    p.push_back(string_param("profiles_file", "", "Model profile JSON; empty = the built-in profiles/models.json."));
    // Scheduling.
    p.push_back(choice_param("scheduler", "themis", {"fifo", "srtf", "las", "themis"},
                             "Job policy: FIFO, shortest remaining time, Tiresias-like LAS, Themis-like fairness."));
    p.push_back(choice_param("placement", "packed", {"packed", "random"}, "Base placement of a job's GPUs."));
    p.push_back(float_param("round_s", 300, 1, 1e9, "Scheduling round (lease) length.", "s"));
    p.push_back(sourced(float_param("restart_s", 10, 0, 1e6, "Cost of starting or resuming a job on a placement.", "s"),
                        "assumption"));
    p.push_back(sourced(float_param("las_threshold_gpu_s", 3600, 0, 1e12, "LAS: attained GPU-seconds before a job drops to the low queue.", "GPU*s"),
                        "assumption"));
    // CASSINI.
    p.push_back(bool_param("cassini", false, "Rank placement candidates by compatibility and apply time shifts."));
    p.push_back(bool_param("cassini_time_shifts", true, "With cassini: delay iteration starts to the assigned shifts."));
    p.push_back(int_param("cassini_candidates", 8, 1, 1000, "Placement candidates CASSINI ranks."));
    p.push_back(float_param("cassini_tolerance", 0.05, 0, 1, "Unified circle: relative period mismatch accepted."));
    p.push_back(int_param("cassini_max_turns", 8, 1, 1000, "Unified circle: at most this many longest periods."));
    p.push_back(int_param("cassini_bins", 90, 4, 100000, "Arcs per longest period in the rotation search."));
    p.push_back(float_param("drift_threshold", 0.05, 0, 0.5, "Re-align a job off its shift by more than this fraction of its period."));
    p.push_back(float_param("give_up_rate", 0.1, 0, 1,
                            "Stop re-aligning a job that re-aligns on more than this fraction of its iterations (1 = never)."));
    p.push_back(float_param("timeline_bin_s", 60, 0, 1e9, "Per-link timeline resolution (0 = no timeline).", "s"));

    auto& m = info.metrics;
    m.push_back(series_metric("jct_s", "s", Better::Lower, "Job completion time; step = job id."));
    m.push_back(summary_metric("avg_jct_s", "s", Better::Lower, "Average job completion time."));
    m.push_back(summary_metric("p99_jct_s", "s", Better::Lower, "99th percentile job completion time."));
    m.push_back(summary_metric("makespan_s", "s", Better::Lower, "Time until the last job finished."));
    m.push_back(summary_metric("gpu_utilisation", "", Better::Higher, "GPU-seconds allocated / (GPUs x makespan)."));
    m.push_back(summary_metric("link_utilisation", "", Better::Neither, "Carried / capacity over links that carried traffic."));
    m.push_back(summary_metric("spine_utilisation", "", Better::Neither, "Same over leaf-spine links."));
    m.push_back(summary_metric("congestion_excess_gbit", "Gbit", Better::Lower,
                               "Offered traffic above link capacity, integrated (stand-in for ECN marks)."));
    m.push_back(summary_metric("congested_link_s", "s", Better::Lower, "Link-seconds with demand above capacity."));
    m.push_back(summary_metric("compatibility_mean", "", Better::Higher, "Mean compatibility of chosen placements."));
    m.push_back(summary_metric("compatibility_min", "", Better::Higher, "Worst compatibility of a chosen placement."));
    m.push_back(summary_metric("realignments", "", Better::Neither, "Iteration starts delayed to restore a time shift."));
    m.push_back(summary_metric("realignment_delay_s", "s", Better::Lower, "Total delay spent re-aligning."));
    m.push_back(summary_metric("padding_s", "s", Better::Lower, "Total wait padding periods to unified circles."));
    m.push_back(summary_metric("gave_up", "", Better::Neither, "Jobs that stopped re-aligning (give_up_rate)."));
    m.push_back(summary_metric("placements_moved", "", Better::Neither, "Batches CASSINI placed differently from the base."));
    m.push_back(summary_metric("affinity_loops", "", Better::Neither, "Loops met in affinity graphs."));
    m.push_back(summary_metric("broken_links", "", Better::Lower, "Links that gave way under the loop policy."));
    m.push_back(summary_metric("preemptions", "", Better::Neither, "Jobs preempted by the scheduler."));
    m.push_back(summary_metric("jobs_finished", "", Better::Higher, "Jobs that completed."));
    m.push_back(summary_metric("sim_events", "", Better::Neither, "Simulation events processed."));
    return info;
}

RunSetup make_run_setup(const Params& params, std::uint64_t seed) {
    RunSetup s;
    const std::string profiles_file = params.text("profiles_file");
    s.profiles = profiles_file.empty() ? ProfileTable::builtin() : ProfileTable::load(profiles_file);

    SimConfig& c = s.config;
    c.topology.servers = static_cast<int>(params.integer("servers"));
    c.topology.gpus_per_server = static_cast<int>(params.integer("gpus_per_server"));
    c.topology.nic_gbps = params.real("nic_gbps");
    c.topology.kind = parse_topology_kind(params.text("topology"));
    c.topology.servers_per_leaf = static_cast<int>(params.integer("servers_per_leaf"));
    c.topology.oversubscription = params.real("oversubscription");
    c.policy = parse_policy(params.text("scheduler"));
    c.policy_config.las_threshold_gpu_s = params.real("las_threshold_gpu_s");
    c.placement = parse_placement(params.text("placement"));
    c.round_s = params.real("round_s");
    c.restart_s = params.real("restart_s");
    c.cassini = params.flag("cassini");
    c.time_shifts = params.flag("cassini_time_shifts");
    c.candidates = static_cast<int>(params.integer("cassini_candidates"));
    c.cassini_config.tolerance = params.real("cassini_tolerance");
    c.cassini_config.max_turns = static_cast<int>(params.integer("cassini_max_turns"));
    c.cassini_config.bins_per_period = static_cast<int>(params.integer("cassini_bins"));
    c.drift_threshold = params.real("drift_threshold");
    c.give_up_rate = params.real("give_up_rate");
    c.timeline_bin_s = params.real("timeline_bin_s");
    // Placement randomness is decoupled from the workload's, so cassini on/off runs with
    // the same seed see the same jobs.
    c.seed = seed ^ 0x9e3779b97f4a7c15ULL;

    Topology topo(c.topology);
    if (params.text("workload") == "trace") {
        const std::string file = params.text("trace_file");
        if (file.empty()) throw std::invalid_argument("parameter 'trace_file': required when workload=trace");
        auto iteration_time = [&](const ModelProfile& m, int gpus) {
            int servers = (gpus + topo.gpus_per_server() - 1) / topo.gpus_per_server();
            return plan_iteration(m, servers, topo.config().nic_gbps).ideal_seconds();
        };
        s.jobs = read_trace(file, s.profiles, iteration_time);
    } else {
        GeneratorConfig g;
        g.jobs = static_cast<int>(params.integer("jobs"));
        g.jobs_per_hour = params.real("jobs_per_hour");
        g.models = split_list<std::string>(params.text("models"), "models");
        g.gpu_sizes = split_list<int>(params.text("gpu_sizes"), "gpu_sizes");
        g.gpu_weights = split_list<double>(params.text("gpu_weights"), "gpu_weights");
        g.min_iterations = params.integer("min_iterations");
        g.max_iterations = params.integer("max_iterations");
        g.seed = seed;
        for (int size : g.gpu_sizes)
            if (size < 1 || size > topo.total_gpus())
                throw std::invalid_argument("parameter 'gpu_sizes': " + std::to_string(size) + " GPUs does not fit a cluster of " +
                                            std::to_string(topo.total_gpus()));
        s.jobs = generate_jobs(g, s.profiles);
    }
    return s;
}

}  // namespace sextant::scheduling
