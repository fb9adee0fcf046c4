// The caching plugin's declarations, and its parameters decoded into a StudyConfig.
#pragma once

#include <caching/study.hpp>
#include <sextant/plugin.hpp>

namespace caching {

sextant::PluginInfo caching_plugin_info();
// Throws std::invalid_argument naming the parameter.
StudyConfig decode_params(const sextant::Params& params, std::uint64_t seed);

}  // namespace caching
