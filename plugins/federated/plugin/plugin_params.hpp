// The federated plugin's declarations and their decoding into a simulation configuration:
// a static library so tests can check them without loading the module.
#pragma once

#include "federated/simulation.hpp"

#include <sextant/declarations.hpp>
#include <sextant/params.hpp>

#include <string>

namespace federated {

sextant::PluginInfo federated_plugin_info();

struct PluginRun {
    SimulationConfig config;
    std::string dataset_dir;
    int threads = 1;
};
// Throws std::invalid_argument naming the parameter and what was expected.
PluginRun decode_params(const sextant::Params& params, std::uint64_t seed);

std::vector<int> parse_int_list(const std::string& text, const char* param);
std::vector<double> parse_number_list(const std::string& text, const char* param);

}  // namespace federated
