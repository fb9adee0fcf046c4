// Sweep expansion: an experiment's fixed parameters, grid / random / explicit points and
// seeds become the list of runs. The format is documented in docs/project-format.md.
#pragma once

#include "params/sweep.hpp"
#include "project/project.hpp"
#include "sextant/declarations.hpp"
#include "util/problems.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <vector>

namespace sextant {

struct SweepPoint {
    nlohmann::json params;  // complete: every declared parameter has a value
    std::uint64_t seed = 0;
};

// Checks the experiment against the plugin's declarations (parameters, sweep axes, target
// kind) and expands it; problems are reported under `path` ("experiments[0]").
std::vector<SweepPoint> expand_sweep(const Experiment& experiment, const PluginInfo& plugin, Problems& problems,
                                     const std::string& path);
// The same checks; each sweep point's complete parameters once, before the seeds multiply
// them (an editor counting a 100-point sweep of 1,000 seeds builds 100, not 100,000).
std::vector<nlohmann::json> expand_sweep_points(const Experiment& experiment, const PluginInfo& plugin,
                                                Problems& problems, const std::string& path);

// The parameter values each sweep point sets (the rest keep their fixed values): grid
// product, last axis fastest, times the random samples, then the explicit points. The sweep
// must have parsed without problems.
std::vector<nlohmann::json> sweep_points(const Sweep& sweep, const PluginInfo& plugin);

}  // namespace sextant
