#include "params/sweep.hpp"

#include "params/axis_values.hpp"
#include "params/param_values.hpp"
#include "util/closest_name.hpp"
#include "util/json_file.hpp"

#include <algorithm>

namespace sextant {

namespace {

using nlohmann::json;

// Reads a sweep with or without a plugin to check it against. Problems come in the order a
// user reads the file; once a part is known to be wrong, what depends on it is read quietly
// (into `ignored`) so one mistake is reported once.
class SweepReader {
public:
    explicit SweepReader(const PluginInfo* plugin) : plugin_(plugin) {}

    Sweep read(const json& sweep, Problems& problems, const std::string& path) {
        Sweep out;
        if (!sweep.is_object()) return out;
        static const std::vector<std::string> kSweepKeys = {"grid", "random", "points"};
        for (const auto& [key, value] : sweep.items())
            if (std::find(kSweepKeys.begin(), kSweepKeys.end(), key) == kSweepKeys.end())
                problems.add(path + "." + key, "unknown field", closest_name(key, kSweepKeys));
        if (sweep.contains("grid")) out.grid = grid(sweep["grid"], problems, path + ".grid");
        if (sweep.contains("random")) out.random = random(sweep["random"], problems, path + ".random");
        if (sweep.contains("points")) out.points = points(sweep["points"], problems, path + ".points");
        return out;
    }

private:
    const PluginInfo* plugin_;
    Problems ignored_{""};

    std::vector<std::string> param_names() const {
        std::vector<std::string> names;
        for (const auto& p : plugin_->params) names.push_back(p.name);
        return names;
    }

    // The axis's parameter name, or nullopt when it has none. `decl` is its declaration,
    // null when there is no plugin or the plugin does not declare it (reported).
    std::optional<std::string> axis_param(const json& axis, const ParamDecl*& decl, Problems& problems,
                                          const std::string& path) {
        decl = nullptr;
        if (!axis.is_object()) {
            problems.add(
                path, "expected an axis object like {\"param\": \"x\", \"values\": [..]}, got " + json_type_name(axis));
            return std::nullopt;
        }
        const auto name = axis.find("param");
        if (name == axis.end() || !name->is_string()) {
            problems.add(path + ".param", "missing or not a string (the parameter this axis varies)");
            return std::nullopt;
        }
        if (plugin_) {
            decl = find_param(*plugin_, *name);
            if (!decl)
                problems.add(path + ".param",
                             "unknown parameter '" + name->get<std::string>() + "' of plugin '" + plugin_->id + "'",
                             closest_name(*name, param_names()));
        }
        return name->get<std::string>();
    }

    // Checks a candidate value against the declaration, when there is one.
    bool fits(const ParamDecl* decl, const json& value, Problems& problems, const std::string& path) {
        if (!decl) return true;
        const auto result = check_param_value(*decl, value);
        if (result.error.empty()) return true;
        problems.add(path, result.error, result.suggestion);
        return false;
    }

    bool numeric(const ParamDecl* decl, Problems& problems, const std::string& path) {
        if (!decl || decl->type == ParamType::Int || decl->type == ParamType::Float) return true;
        problems.add(path, "a numeric range needs an int or float parameter; '" + decl->name + "' is " +
                               to_string(decl->type) + " (use \"values\")");
        return false;
    }

    // Reads {"from": a, "to": b[, "count": n]}; false when the shape is unreadable. `valid`
    // turns false (and a problem is reported) when it is readable but out of bounds.
    bool range(const json& spec, bool needs_count, bool positive, RangeEnd& from, RangeEnd& to, int& count, bool& valid,
               Problems& problems, const std::string& path) {
        if (!spec.is_object() || !spec.contains("from") || !spec.contains("to") || !spec["from"].is_number() ||
            !spec["to"].is_number()) {
            problems.add(path, std::string("expected {\"from\": number, \"to\": number") +
                                   (needs_count ? ", \"count\": integer}" : "}"));
            return false;
        }
        from = RangeEnd::as_written(spec["from"]);
        to = RangeEnd::as_written(spec["to"]);
        valid = true;
        if (positive && (from.value() <= 0 || to.value() <= 0)) {
            problems.add(path, "a logarithmic range needs from > 0 and to > 0");
            valid = false;
            return true;
        }
        if (needs_count) {
            const json& n = spec.contains("count") ? spec["count"] : json();
            if (!n.is_number_integer() || n.get<long long>() < 1 || n.get<long long>() > kMaxAxisCount) {
                problems.add(path + ".count", "expected an integer in [1, " + std::to_string(kMaxAxisCount) + "]");
                valid = false;
                if (!n.is_number_integer()) return false;
                count = static_cast<int>(std::clamp<long long>(n.get<long long>(), 0, kMaxAxisCount + 1));
                return true;
            }
            count = n.get<int>();
        }
        return true;
    }

    std::vector<GridAxis> grid(const json& grid, Problems& problems, const std::string& path) {
        std::vector<GridAxis> axes;
        if (!grid.is_array()) {
            problems.add(path, "expected an array of axes");
            return axes;
        }
        for (std::size_t i = 0; i < grid.size(); ++i) {
            const std::string ap = path + "[" + std::to_string(i) + "]";
            const json& a = grid[i];
            const ParamDecl* decl = nullptr;
            const auto name = axis_param(a, decl, problems, ap);
            if (!name) continue;
            // An axis over an unknown parameter is kept (an editor shows it) but its values
            // are not checked: the parameter is the one mistake.
            Problems& report = (plugin_ && !decl) ? ignored_ : problems;
            GridAxis axis{*name, GridAxis::Spacing::Values, {}, 0, 0, 0};
            if (a.contains("values")) {
                if (!a["values"].is_array() || a["values"].empty()) {
                    report.add(ap + ".values", "expected a non-empty array");
                    if (!a["values"].is_array()) continue;
                }
                for (std::size_t j = 0; j < a["values"].size(); ++j) {
                    fits(decl, a["values"][j], report, ap + ".values[" + std::to_string(j) + "]");
                    axis.values.push_back(a["values"][j]);
                }
            } else if (a.contains("linear") || a.contains("log")) {
                const bool log = a.contains("log");
                axis.spacing = log ? GridAxis::Spacing::Log : GridAxis::Spacing::Linear;
                const std::string rp = ap + (log ? ".log" : ".linear");
                bool valid = numeric(decl, report, rp);
                Problems& after = valid ? report : ignored_;
                bool in_bounds = false;
                if (!range(a[log ? "log" : "linear"], true, log, axis.from, axis.to, axis.count, in_bounds, after, rp))
                    continue;
                if (valid && in_bounds && decl)
                    for (double v : spaced_values(axis)) fits(decl, numeric_value(*decl, v), report, rp);
            } else {
                report.add(ap, "expected one of \"values\", \"linear\" or \"log\"");
                continue;
            }
            axes.push_back(std::move(axis));
        }
        return axes;
    }

    std::optional<RandomSweep> random(const json& spec, Problems& problems, const std::string& path) {
        if (!spec.is_object()) {
            problems.add(path, "expected {\"count\": n, \"seed\": s, \"axes\": [..]}");
            return std::nullopt;
        }
        RandomSweep out;
        // After the first wrong part the rest is read quietly.
        Problems* report = &problems;
        const json& count = spec.contains("count") ? spec["count"] : json();
        if (count.is_number_integer()) out.count = count.get<long long>();
        if (!count.is_number_integer() || out.count < 1 || out.count > kMaxRandomCount) {
            report->add(path + ".count", "expected an integer in [1, " + std::to_string(kMaxRandomCount) + "]");
            report = &ignored_;
        }
        if (spec.contains("seed")) {
            if (!spec["seed"].is_number_integer() || spec["seed"].get<long long>() < 0) {
                report->add(path + ".seed", "expected a non-negative integer");
                report = &ignored_;
            } else {
                out.seed = spec["seed"].get<std::uint64_t>();
            }
        }
        if (!spec.contains("axes") || !spec["axes"].is_array() || spec["axes"].empty()) {
            report->add(path + ".axes", "expected a non-empty array of random axes");
            if (!spec.contains("axes") || !spec["axes"].is_array()) return out;
            report = &ignored_;
        }
        for (std::size_t i = 0; i < spec["axes"].size(); ++i)
            if (auto axis = random_axis(spec["axes"][i], *report, path + ".axes[" + std::to_string(i) + "]"))
                out.axes.push_back(std::move(*axis));
        return out;
    }

    std::optional<RandomAxis> random_axis(const json& a, Problems& problems, const std::string& ap) {
        const ParamDecl* decl = nullptr;
        const auto name = axis_param(a, decl, problems, ap);
        if (!name) return std::nullopt;
        Problems& report = (plugin_ && !decl) ? ignored_ : problems;
        RandomAxis axis{*name, RandomAxis::Distribution::Uniform, 0, 0, {}};
        if (a.contains("uniform") || a.contains("log_uniform")) {
            const bool log = a.contains("log_uniform");
            axis.distribution = log ? RandomAxis::Distribution::LogUniform : RandomAxis::Distribution::Uniform;
            const std::string rp = ap + (log ? ".log_uniform" : ".uniform");
            const bool valid = numeric(decl, report, rp);
            int unused = 0;
            bool in_bounds = false;
            if (!range(a[log ? "log_uniform" : "uniform"], false, log, axis.from, axis.to, unused, in_bounds,
                       valid ? report : ignored_, rp))
                return std::nullopt;
            if (valid && in_bounds && decl && fits(decl, numeric_value(*decl, axis.from.value()), report, rp + ".from"))
                fits(decl, numeric_value(*decl, axis.to.value()), report, rp + ".to");
        } else if (a.contains("choice")) {
            axis.distribution = RandomAxis::Distribution::Choice;
            if (!a["choice"].is_array() || a["choice"].empty()) {
                report.add(ap + ".choice", "expected a non-empty array of values");
                if (!a["choice"].is_array()) return std::nullopt;
            }
            for (std::size_t j = 0; j < a["choice"].size(); ++j) {
                fits(decl, a["choice"][j], report, ap + ".choice[" + std::to_string(j) + "]");
                axis.choices.push_back(a["choice"][j]);
            }
        } else {
            report.add(ap, "expected one of \"uniform\", \"log_uniform\" or \"choice\"");
            return std::nullopt;
        }
        return axis;
    }

    std::vector<json> points(const json& points, Problems& problems, const std::string& path) {
        if (!points.is_array()) {
            problems.add(path, "expected an array of parameter objects");
            return {};
        }
        std::vector<json> out;
        for (std::size_t i = 0; i < points.size(); ++i) {
            if (plugin_) resolve_params(*plugin_, points[i], problems, path + "[" + std::to_string(i) + "]");
            out.push_back(points[i]);
        }
        return out;
    }
};

void add_once(std::vector<std::string>& names, const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

json range_json(const RangeEnd& from, const RangeEnd& to) { return {{"from", from.written()}, {"to", to.written()}}; }

}  // namespace

RangeEnd RangeEnd::as_written(const json& number) {
    RangeEnd end;
    end.written_ = number;
    return end;
}

std::string to_string(GridAxis::Spacing spacing) {
    switch (spacing) {
    case GridAxis::Spacing::Linear: return "linear";
    case GridAxis::Spacing::Log: return "log";
    case GridAxis::Spacing::Values: break;
    }
    return "values";
}

std::string to_string(RandomAxis::Distribution distribution) {
    switch (distribution) {
    case RandomAxis::Distribution::LogUniform: return "log_uniform";
    case RandomAxis::Distribution::Choice: return "choice";
    case RandomAxis::Distribution::Uniform: break;
    }
    return "uniform";
}

std::string to_string(SweepPart part) {
    switch (part) {
    case SweepPart::Random: return "random";
    case SweepPart::Points: return "points";
    case SweepPart::Grid: break;
    }
    return "grid";
}

Sweep parse_sweep(const json& sweep, const PluginInfo& plugin, Problems& problems, const std::string& path) {
    return SweepReader(&plugin).read(sweep, problems, path);
}

Sweep read_sweep(const json& sweep) {
    Problems ignored("");
    return SweepReader(nullptr).read(sweep, ignored, "");
}

json to_json(const GridAxis& axis) {
    json out = {{"param", axis.param}};
    if (axis.spacing == GridAxis::Spacing::Values) out["values"] = axis.values;
    else {
        out[to_string(axis.spacing)] = range_json(axis.from, axis.to);
        out[to_string(axis.spacing)]["count"] = axis.count;
    }
    return out;
}

json to_json(const RandomAxis& axis) {
    json out = {{"param", axis.param}};
    if (axis.distribution == RandomAxis::Distribution::Choice) out["choice"] = axis.choices;
    else out[to_string(axis.distribution)] = range_json(axis.from, axis.to);
    return out;
}

json to_json(const RandomSweep& random) {
    json axes = json::array();
    for (const auto& axis : random.axes) axes.push_back(to_json(axis));
    return {{"count", random.count}, {"seed", random.seed}, {"axes", std::move(axes)}};
}

void write_sweep_part(json& sweep, const Sweep& typed, SweepPart part) {
    if (!sweep.is_object()) sweep = json::object();
    const std::string key = to_string(part);
    json value;
    switch (part) {
    case SweepPart::Grid:
        for (const auto& axis : typed.grid) value.push_back(to_json(axis));
        break;
    case SweepPart::Random:
        if (typed.random) value = to_json(*typed.random);
        break;
    case SweepPart::Points:
        for (const auto& point : typed.points) value.push_back(point);
        break;
    }
    if (value.is_null()) sweep.erase(key);
    else sweep[key] = std::move(value);
}

json to_json(const Sweep& sweep) {
    json out = json::object();
    for (auto part : {SweepPart::Grid, SweepPart::Random, SweepPart::Points}) write_sweep_part(out, sweep, part);
    return out;
}

std::vector<std::string> swept_params(const Sweep& sweep) {
    std::vector<std::string> out;
    for (const auto& axis : sweep.grid) add_once(out, axis.param);
    if (sweep.random)
        for (const auto& axis : sweep.random->axes) add_once(out, axis.param);
    return out;
}

std::vector<std::string> varied_params(const Sweep& sweep) {
    std::vector<std::string> out = swept_params(sweep);
    for (const auto& point : sweep.points)
        if (point.is_object())
            for (const auto& [name, value] : point.items()) add_once(out, name);
    return out;
}

}  // namespace sextant
