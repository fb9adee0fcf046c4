#include "editor/experiment_check.hpp"

#include "params/sweep_expansion.hpp"
#include "util/closest_name.hpp"

namespace sextant::ui {

ExperimentCheck check_experiment(const Experiment& experiment, const PluginInfo& plugin) {
    ExperimentCheck check;
    Problems problems("experiment");
    std::vector<SweepPoint> points;
    try {
        points = expand_sweep(experiment, plugin, problems, "");
    } catch (const std::exception& e) {
        problems.add("", e.what());
    }
    check.problems = problems.items();
    check.seeds = experiment.run_seeds().size();
    if (check.problems.empty()) {
        check.runs = points.size();
        check.points = check.seeds ? points.size() / check.seeds : 0;
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
