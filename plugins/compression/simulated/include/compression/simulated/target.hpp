// The simulated target as the compression plugin sees it: the parameters it adds (each
// with the source of its default), the metrics it reports, and one call that turns a
// codec report into those metrics.
//
// In the plugin's run() for target kind "simulated", per tensor t of the workload:
//   Traffic traffic;
//   for (t ...) {
//       compression::Report r = scheme->aggregate(views, decoded);   // the codec on real data
//       traffic += traffic_from_report(scheme_name, r, true).scaled(full_size(t) / sampled_size(t));
//   }
//   auto sim = compression::simulated::run_simulated(traffic, ctx.params(), profile_id, ctx.seed());
//   compression::simulated::report_simulated(sim, ctx);
#pragma once

#include "compression/scheme.hpp"
#include "compression/simulated/scheme_timing.hpp"

#include <sextant/declarations.hpp>
#include <sextant/params.hpp>
#include <sextant/run_context.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace compression::simulated {

// Parameters and metrics to append to the plugin's declarations. They use none of the
// codec's names; "workers" and "seed" come from the plugin's own parameters.
std::vector<sextant::ParamDecl> simulated_params();
std::vector<sextant::MetricDecl> simulated_metrics();

struct SimulatedSettings {
    Fabric fabric;
    OverlapSettings overlap;
    bool in_network = true;
    double compute_ms = 0.0;  // 0: the model's FLOP-based reference
    double backward_fraction = 2.0 / 3.0;
    double gpu_tflops = 50.0;
    std::uint32_t batch_per_worker = 0;
};
// Reads simulated_params() from a run's parameters (absent names keep their defaults).
SimulatedSettings settings_from_params(const sextant::Params& params, std::uint32_t workers, std::uint64_t seed);

// Compute per iteration: compute_ms when set, else the reference for `model` ("", "none"
// or an unknown model with compute_ms = 0 gives zero compute and says so in the source).
Compute compute_for(const SimulatedSettings& settings, std::string_view model);

struct SimulatedRun {
    Traffic traffic;
    SchemeTiming scheme;
    SchemeTiming dense_in_network;  // SwitchML-style baseline on the same fabric and compute
    double line_gbps = 0.0;         // the fabric's link rate, beside the effective rates
    double repair_rate = 0.0;       // share of the simulated aggregation's tensors whose LHC peeling stalled
};

// `traffic`: one aggregation of the whole gradient, e.g. the sum of every tensor's
// traffic_from_report(...).scaled(full / sampled). Rounds of the same kind are fused into
// one buffer (tensor fusion), and every phase's path is chosen from the run's in_network
// parameter. `model` names the profile for the compute reference ("" when none).
SimulatedRun run_simulated(const Traffic& traffic, const sextant::Params& params, std::string_view model,
                           std::uint64_t seed);
// The same for a single report whose bytes all scale by `scale`.
SimulatedRun run_simulated(const std::string& scheme, const Report& report, const sextant::Params& params,
                           std::string_view model, std::uint64_t seed, double scale = 1.0);

// Reports the metrics of simulated_metrics() and logs the per-phase breakdown, the compute
// source and the modelling notes.
void report_simulated(const SimulatedRun& run, sextant::RunContext& context);

}  // namespace compression::simulated
