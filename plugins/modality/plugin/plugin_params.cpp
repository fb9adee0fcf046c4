#include "plugin_params.hpp"

#include "modality/profile_csv.hpp"
#include "modality/scheduler.hpp"

#include <sstream>
#include <stdexcept>

namespace sextant::modality {

namespace {

ParamDecl sourced(ParamDecl p, std::string source) {
    p.source = std::move(source);
    return p;
}

template <class T>
std::vector<T> numbers(const std::string& text, const std::string& param) {
    std::vector<T> out;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');) {
        std::istringstream num(item);
        T v{};
        if (!(num >> v) || !(num >> std::ws).eof())
            throw std::invalid_argument("parameter '" + param + "': expected comma-separated numbers, got '" + item +
                                        "'");
        out.push_back(v);
    }
    if (out.empty()) throw std::invalid_argument("parameter '" + param + "': expected at least one number");
    return out;
}

}  // namespace

Profile builtin_profile(double v_cost_scale) {
    const double enc[3] = {3.2 * v_cost_scale, 1.08, 0.06};
    const double acc[7] = {0.88, 0.72, 0.55, 0.93, 0.90, 0.80, 0.95};  // V, A, T, V+A, V+T, A+T, V+A+T
    Profile p;
    for (size_t i = 0; i < all_masks().size(); ++i) {
        Config c;
        c.mask = all_masks()[i];
        c.accuracy = acc[i];
        double per = (c.mask & kV ? enc[0] : 0) + (c.mask & kA ? enc[1] : 0) + (c.mask & kT ? enc[2] : 0);
        for (int b = 1; b <= 64; ++b) c.latency_ms.emplace_back(b, 0.5 + per * b * (0.6 + 0.4 / b));
        p.configs.push_back(c);
    }
    return p;
}

PluginInfo modality_plugin_info() {
    PluginInfo info;
    info.id = "modality";
    info.version = "0.1.0";
    info.name = "Modality selection (MOSEL)";
    info.description =
        "Inference serving that picks input modalities (image V, audio A, text T) per job under deadlines and accuracy "
        "floors: an exact offline planner over a profile and an online EDF scheduler that downgrades queued jobs, "
        "beside "
        "all-modalities, offline-only, per-job and oracle baselines, on a discrete-event simulator.";
    info.targets = {"simulated"};
    info.params = {
        choice_param(
            "policy", "mosel", {"mosel", "all-modalities", "offline-only", "per-job", "oracle"},
            "mosel: most accurate plans, downgraded under load (never below a floor); all-modalities: V+A+T "
            "with dynamic batching; offline-only: cheapest plan meeting the floor; per-job: cheapest single "
            "configuration meeting the floor (INFaaS-like); oracle: per request the cheapest correct configuration"),
        choice_param("executor", "simulated", {"simulated", "live"},
                     "simulated: batches take the profile's latency; live: the FMNIST-AVT model (trained or loaded "
                     "through the model cache) serves every batch, the clock advancing by its measured time"),
        sourced(string_param("profile", "builtin:assumed",
                             "builtin:assumed (or assumed); measured: profile the FMNIST-AVT model on this machine "
                             "(trained or loaded through the model cache, the profile kept there too); or a CSV "
                             "config,batch,latency_ms,accuracy (absolute path or relative to the worker's directory) "
                             "with all 7 configurations"),
                "builtin:assumed: per-request costs V 3.2, A 1.08, T 0.06 ms measured at batch 1 on a 2-core CPU "
                "(research note, torch 1.13); batching 0.5 ms + cost x b x (0.6 + 0.4/b) and accuracies "
                "0.88/0.72/0.55/0.93/0.90/0.80/0.95 are assumptions until the profiler measures the model"),
        sourced(float_param("v_cost_scale", 1.0, 0.01, 100,
                            "Multiplies V's per-request cost in the built-in profile "
                            "(the encoder cost ratio decides the gains)"),
                "1 = V:A:T about 50:17:1 (research note)"),
        choice_param("model", "full", {"full", "tiny"},
                     "FMNIST-AVT model for profile=measured and executor=live: full (55,000 samples; trained "
                     "once into the model cache, then loaded) or tiny (2,000 samples, 1 epoch, one voice: tests)"),
        sourced(int_param("v_width", 16, 1, 256,
                          "Base width of the V encoder (narrow ResNet-18, widths w..8w): the encoder cost ratio"),
                "16: the caching plugin's backbone"),
        int_param("v_epochs", 1, 1, 100, "Epochs of the V backbone (its own cache entry)"),
        int_param("encoder_epochs", 3, 1, 100, "Epochs of the audio and text encoders"),
        int_param("model_seed", 1, 0, 1000000, "Training seed of the model (not the run's seed)"),
        int_param("threads", 2, 1, 64, "libtorch intra-op threads for training, profiling and live serving"),
        int_param("profile_repeats", 5, 1, 100, "Measured profile: timed runs per batch size (median)"),
        sourced(int_param("max_batch", 64, 1, 256,
                          "Largest batch the server runs (profile rows above it are dropped): a smaller cap bounds how "
                          "long a batch blocks an urgent job, at a cost in throughput"),
                "64: the largest batch profiled (issue 11)"),
        float_param("load", 0.8, 0.01, 20,
                    "Job arrival rate as a multiple of the all-modalities capacity on the size mix", "x"),
        sourced(float_param("slack", 2.0, 1.0, 1000, "Deadline = arrival + slack x the job's all-modalities time"),
                "research note: 1.2, 2, 5"),
        float_param("accuracy_floor_lo", 0.85, 0, 1, "Job floors are drawn uniformly from [lo, hi]"),
        float_param("accuracy_floor_hi", 0.93, 0, 1, "Job floors are drawn uniformly from [lo, hi]"),
        sourced(string_param("job_sizes", "1,4,16,64", "Job sizes (requests) in the mix, comma-separated"),
                "research note"),
        string_param("job_size_weights", "1,1,1,1", "Weights of the job sizes, comma-separated"),
        choice_param("arrivals", "poisson", {"poisson", "mmpp"}, "Poisson, or bursty two-state MMPP arrivals"),
        float_param("burst", 4.0, 1.0, 100, "MMPP: the high state's rate as a multiple of the mean", "x"),
        float_param("burst_share", 0.1, 0.001, 0.999, "MMPP: share of time in the high state (burst x share < 1)"),
        int_param("jobs", 5000, 1, 10000000, "Jobs in the stream"),
        string_param("trace", "",
                     "A trace CSV arrival_s,size,deadline_s,accuracy_floor instead of the generated stream"),
        bool_param("admission_control", false,
                   "Reject jobs predicted to miss their deadline instead of serving them late"),
        bool_param(
            "find_throughput_at_slo", true,
            "Search the highest load with <= 1% of jobs late, rejected or below their floor (about 10 more streams)"),
    };
    info.metrics = {
        summary_metric("goodput", "req/s", Better::Higher,
                       "Requests of jobs finished by their deadline with the floor met, per second", Headline::Yes),
        summary_metric("throughput_at_slo", "req/s", Better::Higher,
                       "Highest offered load (requests/s) with <= 1% SLO misses", Headline::Yes),
        summary_metric("throughput_at_slo_load", "x", Better::Higher,
                       "The same as a multiple of the all-modalities capacity"),
        summary_metric("capacity", "req/s", Better::Neither, "All-modalities capacity on the size mix (load 1)"),
        summary_metric("deadline_miss_rate", "", Better::Lower, "Jobs late or rejected", Headline::Yes),
        summary_metric("slo_miss_rate", "", Better::Lower, "Jobs late, rejected or below their floor"),
        summary_metric("rejected_share", "", Better::Lower, "Jobs rejected by admission control"),
        summary_metric("floor_met_share", "", Better::Higher, "Served jobs whose planned accuracy meets their floor"),
        summary_metric("accuracy", "", Better::Higher, "Realised accuracy of served requests", Headline::Yes),
        summary_metric("planned_accuracy", "", Better::Higher, "Expected accuracy of the plans served"),
        summary_metric("jct_mean_s", "s", Better::Lower, "Mean job completion time", Headline::Yes),
        summary_metric("jct_p50_s", "s", Better::Lower, "Median job completion time"),
        summary_metric("jct_p99_s", "s", Better::Lower, "99th percentile job completion time", Headline::Yes),
        summary_metric("decision_us", "us", Better::Lower, "Scheduler wall time per dispatch"),
        summary_metric("planner_s", "s", Better::Lower, "Offline planner solve time (every job size)"),
    };
    for (unsigned m : all_masks()) {
        std::string n = config_name(m);
        std::string key;
        for (char c : n)
            if (c != '+') key += c;
        info.metrics.push_back(
            summary_metric("share_" + key, "", Better::Neither, "Share of requests served with " + n));
        info.metrics.push_back(summary_metric("profile_accuracy_" + key, "", Better::Higher,
                                              "Measured profile: validation accuracy of " + n));
        info.metrics.push_back(
            series_metric("mix_" + key, "", Better::Neither,
                          "Share of requests served with " + n + " per 1/100 of the run (step = bin)"));
    }
    return info;
}

void apply_max_batch(Profile& profile, int max_batch) {
    for (Config& c : profile.configs) {
        std::erase_if(c.latency_ms, [&](const auto& row) { return row.first > max_batch; });
        if (c.latency_ms.empty())
            throw std::invalid_argument("parameter 'max_batch': " + c.name() +
                                        " has no profiled batch size <= " + std::to_string(max_batch));
    }
}

RunSetup make_run_setup(const Params& p, uint64_t seed) {
    RunSetup s;
    std::string profile = p.text("profile");
    double scale = p.real("v_cost_scale");
    s.max_batch = static_cast<int>(p.integer("max_batch"));
    if (profile == "builtin:assumed" || profile == "assumed") s.profile = builtin_profile(scale);
    else {
        if (scale != 1.0) throw std::invalid_argument("parameter 'v_cost_scale': applies to the built-in profile only");
        if (profile == "measured") s.measured = true;
        else s.profile = read_profile_csv(profile);
    }
    if (!s.measured) apply_max_batch(s.profile, s.max_batch);
    s.live = p.text("executor") == "live";
    ModelChoice& m = s.model;
    m.tiny = p.text("model") == "tiny";
    m.v_width = static_cast<int>(p.integer("v_width"));
    m.v_epochs = static_cast<int>(p.integer("v_epochs"));
    m.epochs = static_cast<int>(p.integer("encoder_epochs"));
    m.seed = static_cast<std::uint64_t>(p.integer("model_seed"));
    m.threads = static_cast<int>(p.integer("threads"));
    m.profile_repeats = static_cast<int>(p.integer("profile_repeats"));
    s.serving.policy = parse_policy(p.text("policy"));
    s.serving.admission_control = p.flag("admission_control");
    s.search_slo = p.flag("find_throughput_at_slo");
    WorkloadSpec& w = s.workload;
    w.arrivals = p.text("arrivals") == "mmpp" ? Arrivals::mmpp : Arrivals::poisson;
    w.load = p.real("load");
    w.slack = p.real("slack");
    w.floor_lo = p.real("accuracy_floor_lo");
    w.floor_hi = p.real("accuracy_floor_hi");
    if (w.floor_lo > w.floor_hi)
        throw std::invalid_argument("parameter 'accuracy_floor_lo': must not exceed accuracy_floor_hi");
    w.sizes = numbers<int>(p.text("job_sizes"), "job_sizes");
    w.size_weights = numbers<double>(p.text("job_size_weights"), "job_size_weights");
    if (w.sizes.size() != w.size_weights.size())
        throw std::invalid_argument("parameter 'job_size_weights': expected one weight per job size");
    for (int n : w.sizes)
        if (n < 1 || n > 256) throw std::invalid_argument("parameter 'job_sizes': sizes must be in [1, 256]");
    w.burst = p.real("burst");
    w.burst_share = p.real("burst_share");
    w.jobs = static_cast<int>(p.integer("jobs"));
    w.seed = seed;
    s.trace = p.text("trace");
    if (s.live && s.search_slo)
        throw std::invalid_argument(
            "parameter 'find_throughput_at_slo': not with executor=live (the search serves about 10 more streams; run "
            "it on the simulator with profile=measured)");
    return s;
}

}  // namespace sextant::modality
