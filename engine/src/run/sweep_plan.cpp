#include "run/sweep_plan.hpp"

#include "params/param_values.hpp"
#include "params/sweep.hpp"
#include "run/combination_check.hpp"
#include "util/closest_name.hpp"

namespace sextant {

std::pair<std::string, std::string> parse_assignment(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) throw InputError("--set " + text + ": expected NAME=VALUE");
    return {text.substr(0, eq), text.substr(eq + 1)};
}

namespace {

// --set fixes a parameter: it overrides the fixed value and removes any sweep axis over it
// (a random sweep left without axes goes; explicit points forget their value of it). Only
// the parts that change are rewritten. A sweep with problems is left as written, so
// expand_sweep reports them where they are in the file.
void apply_override(Experiment& x, const PluginInfo& plugin, const ParamDecl& decl, const nlohmann::json& value) {
    x.params[decl.name] = value;
    Problems problems("");
    Sweep sweep = parse_sweep(x.sweep, plugin, problems, "sweep");
    if (!problems.empty()) return;
    const auto over = [&](const auto& axis) { return axis.param == decl.name; };
    if (std::erase_if(sweep.grid, over) > 0) write_sweep_part(x.sweep, sweep, SweepPart::Grid);
    if (sweep.random && std::erase_if(sweep.random->axes, over) > 0) {
        if (sweep.random->axes.empty()) sweep.random.reset();
        write_sweep_part(x.sweep, sweep, SweepPart::Random);
    }
    bool points_changed = false;
    for (auto& point : sweep.points)
        if (point.is_object() && point.erase(decl.name) > 0) points_changed = true;
    if (points_changed) write_sweep_part(x.sweep, sweep, SweepPart::Points);
}

}  // namespace

std::vector<PlannedExperiment> plan_sweeps(const Project& project, const std::string& file_label,
                                           const PluginRegistry& registry, const PlanOptions& options) {
    std::vector<std::string> names;
    for (const auto& x : project.experiments) names.push_back(x.name);
    for (const auto& wanted : options.experiments)
        if (!project.find(wanted))
            throw InputError("--experiment " + wanted + ": no such experiment in " + file_label +
                             did_you_mean(wanted, names));
    if (project.experiments.empty()) throw InputError(file_label + ": the project has no experiments");

    Problems problems(file_label);
    std::vector<PlannedExperiment> plan;
    std::vector<bool> override_used(options.overrides.size(), false);
    for (std::size_t i = 0; i < project.experiments.size(); ++i) {
        const Experiment& x = project.experiments[i];
        if (!options.experiments.empty() &&
            std::find(options.experiments.begin(), options.experiments.end(), x.name) == options.experiments.end())
            continue;
        const std::string path = "experiments[" + std::to_string(i) + "]";
        LoadedPlugin plugin;
        try {
            plugin = registry.load(x.plugin);
        } catch (const InputError& e) {
            problems.add(path + ".plugin", e.what());
            continue;
        }
        Experiment adjusted = x;
        for (std::size_t o = 0; o < options.overrides.size(); ++o) {
            const auto& [name, text] = options.overrides[o];
            if (const ParamDecl* decl = find_param(plugin.info, name)) {
                apply_override(adjusted, plugin.info, *decl, parse_param_text(*decl, text));
                override_used[o] = true;
            }
        }
        const std::size_t problems_before = problems.items().size();
        auto points = expand_sweep(adjusted, plugin.info, problems, path);
        // Combinations are checked only when every value is valid on its own.
        if (problems.items().size() == problems_before) check_combinations(plugin, x.name, points, problems, path);
        plan.push_back({std::move(adjusted), std::move(plugin), std::move(points)});
    }
    for (std::size_t o = 0; o < options.overrides.size(); ++o) {
        if (override_used[o]) continue;
        std::vector<std::string> known;
        for (const auto& p : plan)
            for (const auto& d : p.plugin.info.params) known.push_back(d.name);
        const auto& name = options.overrides[o].first;
        throw InputError("--set " + name + ": no selected experiment's plugin has a parameter '" + name + "'" +
                         did_you_mean(name, known));
    }
    problems.throw_if_any();
    return plan;
}

}  // namespace sextant
