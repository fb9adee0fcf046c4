// Sweep expansion: an experiment's fixed parameters, grid / random / explicit points and
// seeds become the list of runs. The format is documented in docs/project-format.md.
#pragma once

#include "project/project.hpp"
#include "sextant/declarations.hpp"
#include "util/errors.hpp"

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

// Values of one numeric axis, ends included: linear or logarithmic spacing.
std::vector<double> linear_values(double from, double to, int count);
std::vector<double> log_values(double from, double to, int count);

}  // namespace sextant
