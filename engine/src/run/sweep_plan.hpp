// Turning a project into the runs to execute: load each experiment's plugin, apply --set
// overrides, check everything against the declarations and expand the sweeps.
#pragma once

#include "params/sweep_expansion.hpp"
#include "plugins/plugin_registry.hpp"
#include "project/project.hpp"

#include <string>
#include <utility>
#include <vector>

namespace sextant {

struct PlannedExperiment {
    Experiment experiment;  // after --set overrides
    LoadedPlugin plugin;
    std::vector<SweepPoint> points;
};

struct PlanOptions {
    std::vector<std::string> experiments;                        // empty: all of them
    std::vector<std::pair<std::string, std::string>> overrides;  // --set NAME=VALUE
};

// Throws InputError listing every problem (FILE: path: message).
std::vector<PlannedExperiment> plan_sweeps(const Project& project, const std::string& file_label,
                                           const PluginRegistry& registry, const PlanOptions& options);

// Splits "NAME=VALUE"; throws InputError naming the flag.
std::pair<std::string, std::string> parse_assignment(const std::string& text);

}  // namespace sextant
