// A run's parameters, read once from the validated Params: what every target needs.
#pragma once

#include "workload.hpp"

#include <compression/scheme.hpp>
#include <sextant/declarations.hpp>
#include <sextant/params.hpp>
#include <sextant/plugin.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sextant::compression_plugin {

// The top-k / threshold sparsifier's defaults and where they come from (docs/compression-lhc.md,
// "Top-k and threshold on dense layers").
inline constexpr double kMeasuredCorrelation = 0.25;
inline constexpr const char* kMeasuredCorrelationSource =
    "0.25, the mean pairwise correlation of 8 workers' fc1 gradients of the CNN on Fashion-MNIST, 100 steps "
    "(experiments/compression-lhc.sextant, gradient-densities; 0.23-0.35 over its tensors at 4-16 workers)";
inline constexpr double kFittedScaleSpread = 0.75;
inline constexpr const char* kFittedScaleSpreadSource =
    "0.75, fitted so that the generator with rho 0.25 gives the union of the 8 workers' top-1% masks measured "
    "on the same fc1 (0.042); it then predicts 0.030 and 0.059 at 4 and 16 workers, measured 0.028 and 0.053";

struct Settings {
    ::compression::SchemeConfig scheme;
    std::size_t workers = 8;
    std::size_t steps = 3;
    std::string profile = "none";
    std::uint64_t size = 0;
    double density = 0, overlap = 0;
    double profile_scale = 0.02;
    DenseSparsifier dense;  // dense_keep, dense_sparsifier, gradient_correlation
};

// The plugin's declarations (parameters, metrics, targets).
PluginInfo plugin_info();
// Throws std::invalid_argument naming the parameter when a combination is unusable.
Settings read_settings(const Params& params, std::uint64_t seed);
// The workload the settings describe (loads the profile if one is chosen). Throws when
// workers x its largest tensor would not fit in memory.
Workload make_workload(const Settings& settings, std::optional<Profile>& profile);
// Values valid one by one that a run cannot take together: what read_settings and
// make_workload refuse at a run's start, and the simulated fabric's settings, refused
// only once the codec steps have run.
std::vector<ParamConflict> setting_conflicts(const Params& params);

}  // namespace sextant::compression_plugin
