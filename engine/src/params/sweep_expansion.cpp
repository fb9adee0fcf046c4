#include "params/sweep_expansion.hpp"

#include "cluster/cluster_target.hpp"
#include "params/axis_values.hpp"
#include "params/param_values.hpp"
#include "util/closest_name.hpp"

namespace sextant {

namespace {

using nlohmann::json;

// An axis's values in the form the parameter holds them.
std::vector<json> grid_values(const GridAxis& axis, const ParamDecl& decl) {
    std::vector<json> values;
    if (axis.spacing == GridAxis::Spacing::Values)
        for (const auto& v : axis.values) values.push_back(check_param_value(decl, v).value);
    else
        for (double v : spaced_values(axis)) values.push_back(check_param_value(decl, numeric_value(decl, v)).value);
    return values;
}

std::vector<json> random_samples(const RandomSweep& random, const PluginInfo& plugin) {
    std::vector<json> samples;
    std::mt19937_64 rng(random.seed);
    for (long long s = 0; s < random.count; ++s) {
        json sample = json::object();
        for (const auto& axis : random.axes) {
            const ParamDecl& decl = *find_param(plugin, axis.param);
            sample[axis.param] = check_param_value(decl, draw_value(axis, decl, rng)).value;
        }
        samples.push_back(std::move(sample));
    }
    return samples;
}

// Each point's `product` with each of `with`: with's values win.
std::vector<json> combined(const std::vector<json>& points, const std::vector<json>& with) {
    std::vector<json> out;
    for (const auto& p : points)
        for (const auto& w : with) {
            json q = p;
            q.update(w);
            out.push_back(std::move(q));
        }
    return out;
}

}  // namespace

std::vector<json> sweep_points(const Sweep& sweep, const PluginInfo& plugin) {
    std::vector<json> points{json::object()};
    for (const auto& axis : sweep.grid) {
        std::vector<json> values;
        for (auto& v : grid_values(axis, *find_param(plugin, axis.param))) values.push_back({{axis.param, v}});
        points = combined(points, values);
    }
    if (sweep.random) points = combined(points, random_samples(*sweep.random, plugin));
    for (const auto& extra : sweep.points) {
        // Only the values the point sets, in canonical form.
        Problems ignored("");
        const json resolved = resolve_params(plugin, extra, ignored, "");
        json overrides = json::object();
        if (extra.is_object())
            for (const auto& [k, v] : extra.items())
                if (resolved.contains(k)) overrides[k] = resolved[k];
        points.push_back(overrides);
    }
    return points;
}

std::vector<nlohmann::json> expand_sweep_points(const Experiment& x, const PluginInfo& info, Problems& problems,
                                                const std::string& path) {
    const std::string kind = x.target.value("kind", "");
    bool target_ok = false;
    // A plugin that runs on this machine runs on a cluster node just the same.
    for (const auto& t : info.targets) target_ok = target_ok || t == kind || (kind == "cluster" && t == "local");
    if (!target_ok) {
        std::string kinds;
        for (const auto& t : info.targets) kinds += (kinds.empty() ? "" : ", ") + t;
        problems.add(field_path(path, "target.kind"),
                     "plugin '" + info.id + "' supports targets " + kinds + ", got \"" + kind + "\"",
                     closest_name(kind, info.targets));
    } else if (kind == "cluster") {
        parse_cluster_target(x.target, problems, field_path(path, "target"));
    }
    const json fixed = resolve_params(info, x.params, problems, field_path(path, "params"));
    const Sweep sweep = parse_sweep(x.sweep, info, problems, field_path(path, "sweep"));

    std::vector<json> points;
    if (!problems.empty()) return points;
    for (const auto& p : sweep_points(sweep, info)) {
        points.push_back(fixed);
        points.back().update(p);
    }
    return points;
}

std::vector<SweepPoint> expand_sweep(const Experiment& x, const PluginInfo& info, Problems& problems,
                                     const std::string& path) {
    std::vector<SweepPoint> runs;
    const auto seeds = x.run_seeds();
    for (auto& point : expand_sweep_points(x, info, problems, path))
        for (const auto seed : seeds) runs.push_back({point, seed});
    return runs;
}

}  // namespace sextant
