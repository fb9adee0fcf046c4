// The congestion plugin's declarations and the decoding of a run's parameters.
#pragma once

#include "congestion/study.hpp"

#include <sextant/declarations.hpp>
#include <sextant/params.hpp>

#include <cstdint>

namespace sextant::congestion {

PluginInfo congestion_plugin_info();

struct RunSetup {
    StudyConfig study;
    bool compare_pfc_only = false;
};

// Throws std::invalid_argument naming the parameter at fault.
RunSetup make_run_setup(const Params& params, std::uint64_t seed);

}  // namespace sextant::congestion
