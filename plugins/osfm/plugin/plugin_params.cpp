#include "plugin_params.hpp"

#include <cmath>
#include <stdexcept>

namespace sextant::osfm {

namespace {

ParamDecl sourced(ParamDecl p, std::string source) {
    p.source = std::move(source);
    return p;
}

}  // namespace

PluginInfo osfm_plugin_info() {
    PluginInfo info;
    info.id = "osfm";
    info.version = "0.4.0";
    info.name = "OS foundation model study";
    info.description =
        "Track B of issue 18: page-cache replacement policies (LRU, CLOCK, LFU, ARC, 2Q; Belady's OPT as the offline "
        "bound on the same reference order) and Linux-like readahead on a discrete-event machine where the cache, the "
        "run queue and the block device interact: a miss blocks its process, so the policy changes which process runs "
        "and how long the device queue is.";
    info.targets = {"simulated"};
    info.params = {
        choice_param("study", "policy", {"policy", "selection", "learned-eviction"},
                     "policy: one policy on the simulated machine; selection: choosing among LRU, LFU and ARC every "
                     "selection_window references of the machine's reference order (trained on 3 other seeds' runs), "
                     "beside each fixed policy, a greedy per-window oracle and Belady; learned-eviction: evicting the "
                     "sampled page with the longest predicted reuse distance, cache-only vs joint inputs (trained on "
                     "another seed's run), beside sampled LRU, LRU and ARC"),
        choice_param("selection_state", "snapshot", {"snapshot", "shadow"},
                     "snapshot: every candidate replays each window from the cache as it is, so a switch starts the "
                     "new policy without its history; shadow: every candidate keeps its own cache all along and a "
                     "switch adopts it (moving the cache's content is not modelled)"),
        int_param("selection_window", 2000, 10, 1e7, "References between two policy choices (study = selection)",
                  "count"),
        choice_param("policy", "lru", {"lru", "clock", "lfu", "arc", "2q"},
                     "Page-cache replacement policy (every run also reports Belady's OPT on the reference order it "
                     "produced)"),
        bool_param("readahead", false,
                   "Linux-like readahead: a sequential miss reads a window (4 pages, doubling to readahead_max_pages); "
                   "a hit on the window's first page reads the next window without blocking"),
        sourced(int_param("readahead_max_pages", 32, 1, 1024, "Largest readahead window", "pages"),
                "32 pages of 4 KiB = Linux's default read_ahead_kb of 128"),
        int_param("capacity", 4096, 1, 1 << 24, "Page-cache size (4 KiB pages; 4096 = 16 MiB)", "pages"),
        int_param("cpus", 2, 1, 256, "CPUs serving the run queue (round robin)", "count"),
        sourced(float_param("quantum_us", 4000, 1, 1e6, "Round-robin time slice", "us"),
                "4 ms: one scheduler tick at CONFIG_HZ=250"),
        sourced(float_param("hit_us", 1, 0, 1e4, "CPU time to serve a cached page", "us"),
                "assumed: a 4 KiB copy plus page-cache lookup, about 1 us"),
        sourced(float_param("device_fixed_us", 80, 0, 1e6, "Block device latency per request", "us"),
                "assumed: a SATA SSD's 4 KiB random read, 80 us"),
        sourced(float_param("device_page_us", 8, 0, 1e6, "Block device transfer time per 4 KiB page", "us"),
                "assumed: 500 MB/s sequential"),
        int_param("device_channels", 1, 1, 1024, "Requests the device serves at once; the rest queue FIFO", "count"),
        int_param("zipf_procs", 2, 0, 64, "Processes reading their own file at Zipf-random pages", "count"),
        float_param("zipf_pages", 1.0, 0.01, 1000, "Each Zipf file's size as a multiple of the cache capacity", "x"),
        float_param("zipf_s", 0.9, 0, 3, "Zipf exponent (page of rank i drawn with weight 1/i^s)"),
        int_param("loop_procs", 1, 0, 64, "Processes reading one file front to back again and again", "count"),
        float_param("loop_pages", 1.2, 0.01, 1000, "Each looped file's size as a multiple of the cache capacity", "x"),
        int_param("scan_procs", 1, 0, 64, "Processes reading fresh pages sequentially (no reuse)", "count"),
        int_param("phase_procs", 0, 0, 64, "Processes alternating a Zipf phase and a scan phase", "count"),
        int_param("phase_refs", 5000, 1, 1e9, "References per phase of the phase-switching processes", "count"),
        float_param("cpu_us", 20, 0, 1e6, "Mean CPU burst before each reference (exponential)", "us"),
        int_param("references", 50000, 1, 1e8, "References per process", "count"),
    };
    info.metrics = {
        summary_metric("hit_ratio", "fraction", Better::Higher,
                       "References served from the cache without waiting for the device", Headline::Yes),
        summary_metric("opt_hit_ratio", "fraction", Better::Higher,
                       "Belady's OPT on the same reference order (demand paging, no readahead): the ceiling"),
        summary_metric("trace_hit_ratio", "fraction", Better::Higher,
                       "The policy alone replayed on the same reference order (no readahead, no in-flight waits)"),
        summary_metric("latency_mean_us", "us", Better::Lower, "Mean time from a reference to its data", Headline::Yes),
        summary_metric("latency_p99_us", "us", Better::Lower, "99th percentile of the same"),
        summary_metric("throughput", "1/s", Better::Higher, "References completed per simulated second", Headline::Yes),
        summary_metric("makespan_s", "s", Better::Lower, "Simulated time until the last process ends"),
        summary_metric("cpu_utilisation", "fraction", Better::Higher, "Busy CPU time over cpus x makespan"),
        summary_metric("device_queue_mean", "requests", Better::Lower, "Time-averaged requests queued or in service"),
        summary_metric("device_requests", "requests", Better::Lower, "Reads issued to the device"),
        summary_metric("pages_read", "count", Better::Lower, "Pages read from the device (demand and readahead)"),
        summary_metric("prefetched_unused", "count", Better::Lower, "Pages read ahead and never referenced"),
        summary_metric("decision_ns", "ns", Better::Lower,
                       "Wall time per reference of the policy replayed alone (this machine, one core)"),
        summary_metric("references", "count", Better::Neither, "References simulated"),
        summary_metric("sel_hit_ratio_lru", "fraction", Better::Higher, "Selection study: LRU throughout"),
        summary_metric("sel_hit_ratio_lfu", "fraction", Better::Higher, "Selection study: LFU throughout"),
        summary_metric("sel_hit_ratio_arc", "fraction", Better::Higher, "Selection study: ARC throughout"),
        summary_metric("sel_hit_ratio_oracle", "fraction", Better::Higher,
                       "Selection study: each window's best candidate, seen in advance (greedy, not a bound)"),
        summary_metric("sel_hit_ratio_previous", "fraction", Better::Higher,
                       "Selection study: the last window's best candidate"),
        summary_metric("sel_hit_ratio_learned", "fraction", Better::Higher,
                       "Selection study: softmax regression from the last window's features", Headline::Yes),
        summary_metric("sel_hit_ratio_opt", "fraction", Better::Higher, "Selection study: Belady on the same order"),
        summary_metric("sel_learned_switches", "count", Better::Neither, "Policy switches the learned selector made"),
        summary_metric("sel_oracle_switches", "count", Better::Neither, "Policy switches the oracle made"),
        summary_metric("sel_learned_train_accuracy", "fraction", Better::Higher,
                       "Learned selector: agreement with the oracle's labels on its training windows"),
        summary_metric("sel_decision_ns", "ns", Better::Lower, "Learned selector: time per choice"),
        summary_metric("le_hit_ratio_sampled_lru", "fraction", Better::Higher,
                       "Learned-eviction study: the oldest of 32 sampled pages (the recorder)"),
        summary_metric("le_hit_ratio_cache_only", "fraction", Better::Higher,
                       "Learned-eviction study: model on the page's own history", Headline::Yes),
        summary_metric("le_hit_ratio_joint", "fraction", Better::Higher,
                       "Learned-eviction study: plus its owner's state, run queue and device queue", Headline::Yes),
        summary_metric("le_hit_ratio_lru", "fraction", Better::Higher, "Learned-eviction study: LRU"),
        summary_metric("le_hit_ratio_arc", "fraction", Better::Higher, "Learned-eviction study: ARC"),
        summary_metric("le_opt_hit_ratio", "fraction", Better::Higher,
                       "Learned-eviction study: Belady on the joint run's reference order"),
        summary_metric("le_latency_mean_us_cache_only", "us", Better::Lower, "Mean reference latency, cache-only"),
        summary_metric("le_latency_mean_us_joint", "us", Better::Lower, "Mean reference latency, joint"),
        summary_metric("le_throughput_cache_only", "1/s", Better::Higher,
                       "References per simulated second, cache-only"),
        summary_metric("le_throughput_joint", "1/s", Better::Higher, "References per simulated second, joint"),
        summary_metric("le_training_samples", "count", Better::Neither, "Recorded eviction candidates per model"),
        summary_metric("le_decision_ns_sampled_lru", "ns", Better::Lower,
                       "Learned-eviction study: wall time per eviction choosing by age among 32 sampled pages"),
        summary_metric("le_decision_ns_cache_only", "ns", Better::Lower,
                       "Learned-eviction study: wall time per eviction, cache-only model scoring 32 sampled pages"),
        summary_metric("le_decision_ns_joint", "ns", Better::Lower,
                       "Learned-eviction study: wall time per eviction, joint model scoring 32 sampled pages"),
    };
    return info;
}

RunSetup make_run_setup(const Params& p) {
    RunSetup s;
    s.selection = p.text("study") == "selection";
    s.learned_eviction = p.text("study") == "learned-eviction";
    s.selection_window = static_cast<std::size_t>(p.integer("selection_window"));
    s.selection_state = p.text("selection_state") == "shadow" ? SwitchState::Shadow : SwitchState::Snapshot;
    s.policy = parse_policy(p.text("policy"));
    s.capacity = static_cast<std::size_t>(p.integer("capacity"));
    s.readahead.on = p.flag("readahead");
    s.readahead.max_pages = static_cast<int>(p.integer("readahead_max_pages"));
    s.readahead.initial_pages = std::min(4, s.readahead.max_pages);
    s.machine.cpus = static_cast<int>(p.integer("cpus"));
    s.machine.quantum_us = p.real("quantum_us");
    s.machine.hit_us = p.real("hit_us");
    s.machine.device_fixed_us = p.real("device_fixed_us");
    s.machine.device_page_us = p.real("device_page_us");
    s.machine.device_channels = static_cast<int>(p.integer("device_channels"));
    auto pages = [&](const char* name) {
        return std::max<std::uint64_t>(
            1, static_cast<std::uint64_t>(std::llround(p.real(name) * static_cast<double>(s.capacity))));
    };
    ProcessSpec base;
    base.cpu_us = p.real("cpu_us");
    base.references = static_cast<std::uint64_t>(p.integer("references"));
    base.zipf_s = p.real("zipf_s");
    base.phase_refs = static_cast<std::uint64_t>(p.integer("phase_refs"));
    auto add = [&](const char* count, StreamKind kind, std::uint64_t file_pages) {
        for (long long i = 0; i < p.integer(count); ++i) {
            ProcessSpec spec = base;
            spec.kind = kind;
            spec.pages = file_pages;
            s.processes.push_back(spec);
        }
    };
    add("zipf_procs", StreamKind::Zipf, pages("zipf_pages"));
    add("loop_procs", StreamKind::Loop, pages("loop_pages"));
    add("scan_procs", StreamKind::Scan, 1);
    add("phase_procs", StreamKind::Phases, pages("zipf_pages"));
    if (s.processes.empty())
        throw std::invalid_argument("zipf_procs, loop_procs, scan_procs, phase_procs: at least one process is needed");
    return s;
}

}  // namespace sextant::osfm
