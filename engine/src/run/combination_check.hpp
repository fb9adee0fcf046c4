// Values that are valid one by one but cannot run together: each distinct sweep point goes
// through the plugin's check() (plugin API 3) before any run starts.
#pragma once

#include "params/sweep_expansion.hpp"
#include "plugins/plugin_registry.hpp"

#include <string>
#include <vector>

namespace sextant {

// Reports each distinct conflict once under `path` ("experiments[1]"), naming the
// experiment, the parameters with their values and what the plugin expects, and how many of
// the sweep points it concerns.
void check_combinations(const LoadedPlugin& plugin, const std::string& experiment_name,
                        const std::vector<SweepPoint>& points, Problems& problems, const std::string& path);

}  // namespace sextant
