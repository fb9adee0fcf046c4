#include "settings.hpp"

#include <compression/simulated/target.hpp>
#include <scheme_params.hpp>

#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace sextant::compression_plugin {

PluginInfo plugin_info() {
    PluginInfo info;
    info.id = "compression";
    // 1.2: the simulated target; 1.3: new LHC hash functions (same sums, other wire bytes),
    // so runs of 1.2 are not taken as done by 1.3. 2.0: scheme lhc is the one-pass
    // protocol (the union-sized one is lhc-union), codec time counted by default. 2.1: dense layers
    // thinned by top-k or threshold (dense_sparsifier), not only at random.
    info.version = "2.1.0";
    info.name = "Gradient compression";
    info.description =
        "Lossless homomorphic compression (LHC: OR-aggregated index + count sketch, peeling with exact repair) "
        "beside dense, SwitchML-style fixed point, top-k, THC, OmniReduce and fp16, on synthetic gradients or "
        "model profiles (NCF, LSTM, VGG19, BERT-base).";
    std::vector<std::string> profiles{"none"};
    for (const auto& p : available_profiles()) profiles.push_back(p);
    auto& ps = info.params;
    ps.push_back(compression_params::scheme_param(
        "Aggregation scheme: lhc (lossless homomorphic, one pass: index + fixed-size sketch), lhc-union (sketch "
        "sized from the union: one pass more), lhc-aligned (values aligned to the union, no sketch), or a baseline."));
    ps.push_back(int_param("workers", 8, 1, 64, "Number of workers whose gradients are aggregated."));
    ps.push_back(choice_param("profile", "none", profiles,
                              "Model gradient profile (tensor shapes and densities from a data file); "
                              "none: one synthetic tensor of `size` values."));
    auto size = int_param("size", 1 << 22, 1, 1 << 28, "Synthetic gradient length (profile none).", "values");
    size.log_scale = true;
    ps.push_back(size);
    auto density =
        float_param("density", 0.01, 1e-6, 1.0, "Fraction of a worker's values that are nonzero (profile none).");
    density.log_scale = true;
    ps.push_back(density);
    ps.push_back(float_param("overlap", 0.5, 0.0, 1.0,
                             "Fraction of each worker's nonzeros drawn from positions shared by all workers "
                             "(profile none); 1: identical sparsity patterns, 0: independent."));
    auto scale = float_param("profile_scale", 0.02, 1e-4, 1.0,
                             "Scale of the profile's tensors (first dimension and lookups), keeping densities; "
                             "1 is the full model.");
    scale.log_scale = true;
    ps.push_back(scale);
    ps.push_back(
        float_param("dense_keep", 1.0, 1e-6, 1.0,
                    "Thresholding of dense layers: fraction of values each worker keeps (1: no thresholding)."));
    ps.push_back(choice_param(
        "dense_sparsifier", "random", {"random", "topk", "threshold"},
        "How dense layers are thinned when dense_keep < 1: random (each worker keeps positions independently: "
        "an upper bound on the union), topk (each worker keeps its dense_keep share of largest |gradient|), "
        "threshold (keeps |gradient| above the level that keeps dense_keep on average; the count varies)."));
    ps.push_back(float_param(
        "gradient_correlation", kMeasuredCorrelation, 0.0, 1.0,
        "topk / threshold: correlation of the workers' gradients (each value = sqrt(rho) x a part shared by all "
        "workers + sqrt(1 - rho) x the worker's own); it decides how far their kept positions overlap. Default "
        "measured here: " +
            std::string(kMeasuredCorrelationSource)));
    ps.push_back(float_param(
        "gradient_scale_spread", kFittedScaleSpread, 0.0, 4.0,
        "topk / threshold: spread sigma of the positions' gradient magnitudes (each position's values are scaled "
        "by exp(sigma x N(0, 1)), the same at every worker and step); larger: the workers' largest values gather "
        "on the same positions. Default fitted here: " +
            std::string(kFittedScaleSpreadSource)));
    for (auto& d : compression_params::scheme_knob_params()) ps.push_back(std::move(d));
    ps.push_back(
        int_param("steps", 3, 1, 1000, "Aggregation steps (fresh gradients each step; top-k carries its residual)."));

    using sextant::Better;
    auto& ms = info.metrics;
    ms.push_back(summary_metric("compression_ratio", "x", Better::Higher,
                                "Dense bytes (sent + received) / wire bytes, per worker.", Headline::Yes));
    ms.push_back(summary_metric("bytes_sent_per_worker", "B", Better::Lower, "Per step, all rounds."));
    ms.push_back(summary_metric("bytes_received_per_worker", "B", Better::Lower, "Per step, all rounds."));
    ms.push_back(
        summary_metric("ratio_to_minimum", "x", Better::Lower,
                       "Bytes received / (log2 C(n,k) bits + 32 bits per union nonzero), summed over tensors."));
    ms.push_back(
        summary_metric("encode_time", "s", Better::Lower, "One worker's encoding per step (thread CPU time)."));
    ms.push_back(summary_metric("aggregate_time", "s", Better::Lower,
                                "Element-wise reduction of all workers per step (thread CPU time)."));
    ms.push_back(
        summary_metric("decode_time", "s", Better::Lower, "One worker's decoding per step (thread CPU time)."));
    ms.push_back(summary_metric("encode_throughput", "GB/s", Better::Higher, "Dense bytes of one worker / encode time.",
                                Headline::Yes));
    ms.push_back(
        summary_metric("aggregate_throughput", "GB/s", Better::Higher, "Dense bytes of all workers / aggregate time."));
    ms.push_back(summary_metric("decode_throughput", "GB/s", Better::Higher, "Dense bytes / decode time."));
    ms.push_back(summary_metric("peel_failures", "values", Better::Lower,
                                "LHC: values whose peeling stalled (detected), per step."));
    ms.push_back(summary_metric("repaired", "values", Better::Neither,
                                "LHC: values recovered exactly by the repair round, per step."));
    ms.push_back(summary_metric("repair_rate", "fraction", Better::Lower,
                                "LHC: share of aggregations (tensor x step) that needed the repair round."));
    ms.push_back(
        summary_metric("max_abs_error", "", Better::Lower, "Largest |decoded - dense float32 sum| over all steps."));
    ms.push_back(summary_metric("rel_error", "", Better::Lower, "||decoded - dense||_2 / ||dense||_2 over all steps."));
    ms.push_back(
        summary_metric("exact_mismatches", "values", Better::Lower,
                       "Lossless schemes: values differing from the exact reference (dense-int for fixed point, "
                       "dense float otherwise). Must be 0.",
                       Headline::Yes));
    ms.push_back(summary_metric("union_density", "fraction", Better::Neither, "Nonzero at any worker / values."));
    ms.push_back(
        summary_metric("switch_aggregatable", "bool", Better::Neither, "1 if an integer switch can do every round."));
    ms.push_back(summary_metric("rounds", "count", Better::Lower, "Collective rounds per tensor and step."));
    ms.push_back(summary_metric(
        "passes", "count", Better::Lower,
        "Dependent passes over the network per tensor and step (rounds that travel together count once): "
        "the latencies an aggregation waits for."));
    ms.push_back(series_metric("step_max_abs_error", "", Better::Lower, "Largest error of each step."));
    ms.push_back(series_metric("step_bytes_sent", "B", Better::Lower, "Bytes sent per worker at each step."));
    // The simulated target's fabric, compute and overlap inputs, and its metrics (sim_*).
    for (auto& d : ::compression::simulated::simulated_params()) info.params.push_back(std::move(d));
    for (auto& m : ::compression::simulated::simulated_metrics()) ms.push_back(std::move(m));
    info.targets = {"local", "simulated"};
    return info;
}

Settings read_settings(const Params& p, std::uint64_t seed) {
    Settings s;
    s.scheme = compression_params::read_scheme_config(p, seed);
    s.workers = static_cast<std::size_t>(p.integer("workers"));
    s.steps = static_cast<std::size_t>(p.integer("steps"));
    s.profile = p.text("profile");
    s.size = static_cast<std::uint64_t>(p.integer("size"));
    s.density = p.real("density");
    s.overlap = p.real("overlap");
    s.profile_scale = p.real("profile_scale");
    s.dense.keep = p.real("dense_keep");
    s.dense.kind = dense_sparsifier_from_string(p.text("dense_sparsifier"));
    s.dense.correlation = p.real("gradient_correlation");
    s.dense.scale_spread = p.real("gradient_scale_spread");
    ::compression::make_scheme(s.scheme);  // validates the scheme's own parameters early
    return s;
}

namespace {

// K gradients, the decoded sum and two references per tensor must fit in memory.
constexpr double kMemoryGib = 6.0;

double memory_gib(const Settings& s, const Workload& w) {
    std::uint64_t largest = 0;
    for (const auto& t : w.tensors()) largest = std::max(largest, t.size());
    return static_cast<double>(largest) * 4.0 * static_cast<double>(s.workers + 4) / (1 << 30);
}

Workload workload_of(const Settings& s, std::optional<Profile>& profile) {
    return s.profile == "none"
               ? Workload::synthetic(s.size, s.density, s.overlap)
               : Workload::from_profile(profile.emplace(find_profile(s.profile)), s.profile_scale, s.dense);
}

std::string gib_text(double gib) {
    std::ostringstream os;
    os << std::setprecision(3) << gib << " GiB";
    return os.str();
}

}  // namespace

Workload make_workload(const Settings& s, std::optional<Profile>& profile) {
    Workload w = workload_of(s, profile);
    if (const double gib = memory_gib(s, w); gib > kMemoryGib)
        throw std::invalid_argument("workers x largest tensor needs ~" + std::to_string(gib) +
                                    " GiB; reduce workers, size or profile_scale");
    return w;
}

std::vector<ParamConflict> setting_conflicts(const Params& params) {
    Settings s;
    try {
        s = read_settings(params, 0);
    } catch (const std::invalid_argument& e) {
        return {{{}, e.what()}};
    }
    std::vector<ParamConflict> out;
    std::optional<Profile> profile;
    try {
        const Workload w = workload_of(s, profile);
        if (const double gib = memory_gib(s, w); gib > kMemoryGib) {
            std::vector<std::string> names = s.profile == "none"
                                                 ? std::vector<std::string>{"size", "workers"}
                                                 : std::vector<std::string>{"profile", "profile_scale", "workers"};
            out.push_back({std::move(names), "at most " + gib_text(kMemoryGib) +
                                                 " for (workers + 4) copies of the largest tensor (4 B a value), got " +
                                                 gib_text(gib)});
        }
    } catch (const std::exception& e) {
        out.push_back({{"profile"}, std::string("a profile that loads (") + e.what() + ")"});
    }
    // Read by the simulated target only, after the codec steps: found here before a run starts.
    try {
        ::compression::simulated::settings_from_params(params, static_cast<std::uint32_t>(s.workers), 0);
    } catch (const ::compression::simulated::FabricError& e) {
        out.push_back({e.params, e.expected});
    } catch (const std::invalid_argument& e) {
        out.push_back({{}, e.what()});
    }
    return out;
}

}  // namespace sextant::compression_plugin
