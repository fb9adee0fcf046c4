#include "editor/experiment_check.hpp"

#include "params/sweep.hpp"

namespace sextant::ui {

namespace {
const std::string kLabel = "experiment";
}

ExperimentCheck check_experiment(const Experiment& experiment, const PluginInfo& plugin) {
    ExperimentCheck check;
    Problems problems(kLabel);
    std::vector<SweepPoint> points;
    try {
        points = expand_sweep(experiment, plugin, problems, "");
    } catch (const std::exception& e) {
        problems.add("", e.what());
    }
    for (std::string item : problems.items()) {
        // "experiment: .params.steps: msg" -> "params.steps: msg"
        if (item.rfind(kLabel + ": ", 0) == 0) item.erase(0, kLabel.size() + 2);
        if (!item.empty() && item.front() == '.') item.erase(0, 1);
        check.problems.push_back(item);
    }
    check.seeds = experiment.run_seeds().size();
    if (check.problems.empty()) {
        check.runs = points.size();
        check.points = check.seeds ? points.size() / check.seeds : 0;
    }
    return check;
}

std::vector<std::string> swept_params(const nlohmann::json& sweep) {
    std::vector<std::string> out;
    auto add_axes = [&out](const nlohmann::json& axes) {
        if (!axes.is_array()) return;
        for (const auto& a : axes)
            if (a.is_object() && a.contains("param") && a["param"].is_string()) out.push_back(a["param"]);
    };
    if (!sweep.is_object()) return out;
    if (sweep.contains("grid")) add_axes(sweep["grid"]);
    if (sweep.contains("random") && sweep["random"].is_object() && sweep["random"].contains("axes"))
        add_axes(sweep["random"]["axes"]);
    return out;
}

std::vector<std::string> problems_of_param(const ExperimentCheck& check, const std::string& name) {
    const std::string prefix = "params." + name + ": ";
    std::vector<std::string> out;
    for (const auto& p : check.problems)
        if (p.rfind(prefix, 0) == 0) out.push_back(p.substr(prefix.size()));
    return out;
}

}  // namespace sextant::ui
