// The congestion plugin's declarations and the decoding of a run's parameters.
#pragma once

#include "congestion/study.hpp"

#include <sextant/declarations.hpp>
#include <sextant/params.hpp>
#include <sextant/plugin.hpp>

#include <cstdint>
#include <vector>

namespace sextant::congestion {

PluginInfo congestion_plugin_info();

struct RunSetup {
    StudyConfig study;
    bool compare_pfc_only = false;
};

// Throws std::invalid_argument naming the parameter at fault, or the parameters of the first
// of setup_conflicts.
RunSetup make_run_setup(const Params& params, std::uint64_t seed);

// Values valid one by one that the fabric or the jobs cannot run together: a run would fail
// at its start or, for the fabric's buffer, once the packet simulation is built.
std::vector<ParamConflict> setup_conflicts(const Params& params);

}  // namespace sextant::congestion
