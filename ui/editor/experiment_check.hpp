// What the editor shows under an experiment: how many runs it expands to and what is wrong
// with it, computed from the plugin's declarations alone (no plugin is loaded).
#pragma once

#include "project/project.hpp"
#include "sextant/declarations.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace sextant::ui {

struct ExperimentCheck {
    std::size_t runs = 0;  // sweep points x seeds; 0 when there are problems
    std::size_t points = 0;
    std::size_t seeds = 0;
    std::vector<std::string> problems;  // "params.steps: expected an integer in [0, 10], got 11"
};

ExperimentCheck check_experiment(const Experiment& experiment, const PluginInfo& plugin);

// Parameters a grid or random axis varies: their fixed values are not used. (Explicit
// points do not count: the other sweep points still use the fixed value.)
std::vector<std::string> swept_params(const nlohmann::json& sweep);

// The problems about one parameter ("params.NAME: ..."), message only.
std::vector<std::string> problems_of_param(const ExperimentCheck& check, const std::string& name);

}  // namespace sextant::ui
