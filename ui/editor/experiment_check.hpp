// What the editor shows under an experiment: how many runs it expands to and what is wrong
// with it, computed from the plugin's declarations alone (no plugin is loaded).
#pragma once

#include "project/project.hpp"
#include "sextant/declarations.hpp"
#include "util/problems.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace sextant::ui {

struct ExperimentCheck {
    std::size_t runs = 0;  // sweep points x seeds; 0 when there are problems
    std::size_t points = 0;
    std::size_t seeds = 0;
    // Paths relative to the experiment: "params.steps", "sweep.grid[0].values", "target.kind".
    std::vector<Problem> problems;
};

ExperimentCheck check_experiment(const Experiment& experiment, const PluginInfo& plugin);

// The problems with one parameter's fixed value (path "params.NAME").
std::vector<Problem> problems_of_param(const ExperimentCheck& check, const std::string& name);

// A problem as the editor lists it: "params.stepz: unknown parameter ... (did you mean 'steps'?)".
std::string problem_line(const Problem& problem);

}  // namespace sextant::ui
