// The compression-training plugin's declarations, and its parameters read into a
// TrainConfig.
#pragma once

#include <compression_training/config.hpp>

#include <sextant/declarations.hpp>
#include <sextant/params.hpp>

namespace sextant::compression_training_plugin {

PluginInfo plugin_info();
::compression_training::TrainConfig read_config(const Params& params, std::uint64_t seed);

}  // namespace sextant::compression_training_plugin
