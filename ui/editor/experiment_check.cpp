#include "editor/experiment_check.hpp"

#include "params/sweep_expansion.hpp"
#include "util/closest_name.hpp"

namespace sextant::ui {

ExperimentCheck check_experiment(const Experiment& experiment, const PluginInfo& plugin) {
    ExperimentCheck check;
    Problems problems("experiment");
    std::vector<nlohmann::json> points;
    try {
        points = expand_sweep_points(experiment, plugin, problems, "");
    } catch (const std::exception& e) {
        problems.add("", e.what());
    }
    check.problems = problems.items();
    check.seeds = experiment.run_seeds().size();
    if (check.problems.empty()) {
        check.points = points.size();
        check.runs = points.size() * check.seeds;
    }
    return check;
}

std::vector<Problem> problems_of_param(const ExperimentCheck& check, const std::string& name) {
    const std::string path = field_path("params", name);
    std::vector<Problem> out;
    for (const auto& p : check.problems)
        if (p.path == path) out.push_back(p);
    return out;
}

std::string problem_line(const Problem& p) {
    return (p.path.empty() ? "" : p.path + ": ") + p.message + did_you_mean_text(p.suggestion);
}

}  // namespace sextant::ui
