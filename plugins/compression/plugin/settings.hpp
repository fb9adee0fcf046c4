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

struct Settings {
    ::compression::SchemeConfig scheme;
    std::size_t workers = 8;
    std::size_t steps = 3;
    std::string profile = "none";
    std::uint64_t size = 0;
    double density = 0, overlap = 0;
    double profile_scale = 0.02, dense_keep = 1.0;
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
