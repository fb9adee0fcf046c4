#include "params/sweep.hpp"

#include "cluster/cluster_target.hpp"

#include "params/param_values.hpp"
#include "util/closest_name.hpp"
#include "util/json_file.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

namespace sextant {

namespace {

using nlohmann::json;

struct Axis {
    std::string param;
    std::vector<json> values;
};

std::vector<std::string> param_names(const PluginInfo& info) {
    std::vector<std::string> names;
    for (const auto& p : info.params) names.push_back(p.name);
    return names;
}

const ParamDecl* axis_param(const json& axis, const PluginInfo& info, const std::string& path, Problems& problems) {
    if (!axis.is_object()) {
        problems.add(path,
                     "expected an axis object like {\"param\": \"x\", \"values\": [..]}, got " + json_type_name(axis));
        return nullptr;
    }
    const auto name = axis.find("param");
    if (name == axis.end() || !name->is_string()) {
        problems.add(path + ".param", "missing or not a string (the parameter this axis varies)");
        return nullptr;
    }
    const ParamDecl* decl = find_param(info, *name);
    if (!decl)
        problems.add(path + ".param", "unknown parameter '" + name->get<std::string>() + "' of plugin '" + info.id +
                                          "'" + did_you_mean(*name, param_names(info)));
    return decl;
}

// Reads {"from": a, "to": b[, "count": n]} of a numeric axis.
bool read_range(const json& spec, bool needs_count, bool positive, const std::string& path, Problems& problems,
                double& from, double& to, int& count) {
    if (!spec.is_object() || !spec.contains("from") || !spec.contains("to") || !spec["from"].is_number() ||
        !spec["to"].is_number()) {
        problems.add(path, std::string("expected {\"from\": number, \"to\": number") +
                               (needs_count ? ", \"count\": integer}" : "}"));
        return false;
    }
    from = spec["from"].get<double>();
    to = spec["to"].get<double>();
    if (positive && (from <= 0 || to <= 0)) {
        problems.add(path, "a logarithmic range needs from > 0 and to > 0");
        return false;
    }
    if (needs_count) {
        if (!spec.contains("count") || !spec["count"].is_number_integer() || spec["count"].get<long long>() < 1 ||
            spec["count"].get<long long>() > 100000) {
            problems.add(path + ".count", "expected an integer in [1, 100000]");
            return false;
        }
        count = spec["count"].get<int>();
    }
    return true;
}

json numeric_value(const ParamDecl& decl, double v) {
    if (decl.type == ParamType::Int) return static_cast<long long>(std::llround(v));
    return v;
}

// Checks a candidate value and reports it under `path`; returns the canonical value.
std::optional<json> checked(const ParamDecl& decl, const json& value, const std::string& path, Problems& problems) {
    auto result = check_param_value(decl, value);
    if (!result.error.empty()) {
        problems.add(path, result.error);
        return std::nullopt;
    }
    return result.value;
}

bool numeric(const ParamDecl& decl, const std::string& path, Problems& problems) {
    if (decl.type == ParamType::Int || decl.type == ParamType::Float) return true;
    problems.add(path, "a numeric range needs an int or float parameter; '" + decl.name + "' is " +
                           to_string(decl.type) + " (use \"values\")");
    return false;
}

std::vector<Axis> grid_axes(const json& grid, const PluginInfo& info, const std::string& path, Problems& problems) {
    std::vector<Axis> axes;
    if (!grid.is_array()) {
        problems.add(path, "expected an array of axes");
        return axes;
    }
    for (std::size_t i = 0; i < grid.size(); ++i) {
        const std::string ap = path + "[" + std::to_string(i) + "]";
        const json& a = grid[i];
        const ParamDecl* decl = axis_param(a, info, ap, problems);
        if (!decl) continue;
        Axis axis{decl->name, {}};
        double from = 0, to = 0;
        int count = 0;
        if (a.contains("values")) {
            if (!a["values"].is_array() || a["values"].empty()) {
                problems.add(ap + ".values", "expected a non-empty array");
                continue;
            }
            for (std::size_t j = 0; j < a["values"].size(); ++j)
                if (auto v = checked(*decl, a["values"][j], ap + ".values[" + std::to_string(j) + "]", problems))
                    axis.values.push_back(*v);
        } else if (a.contains("linear") || a.contains("log")) {
            const bool log = a.contains("log");
            const std::string rp = ap + (log ? ".log" : ".linear");
            if (!numeric(*decl, rp, problems) ||
                !read_range(a[log ? "log" : "linear"], true, log, rp, problems, from, to, count))
                continue;
            for (double v : log ? log_values(from, to, count) : linear_values(from, to, count))
                if (auto c = checked(*decl, numeric_value(*decl, v), rp, problems)) axis.values.push_back(*c);
        } else {
            problems.add(ap, "expected one of \"values\", \"linear\" or \"log\"");
            continue;
        }
        axes.push_back(std::move(axis));
    }
    return axes;
}

// Uniform double in [0, 1) from the raw 64-bit output: the same on every platform, unlike
// std::uniform_real_distribution.
double unit_draw(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

std::vector<json> random_samples(const json& spec, const PluginInfo& info, const std::string& path,
                                 Problems& problems) {
    std::vector<json> samples;
    if (!spec.is_object()) {
        problems.add(path, "expected {\"count\": n, \"seed\": s, \"axes\": [..]}");
        return samples;
    }
    if (!spec.contains("count") || !spec["count"].is_number_integer() || spec["count"].get<long long>() < 1 ||
        spec["count"].get<long long>() > 1000000) {
        problems.add(path + ".count", "expected an integer in [1, 1000000]");
        return samples;
    }
    const auto count = spec["count"].get<long long>();
    std::uint64_t seed = 0;
    if (spec.contains("seed")) {
        if (!spec["seed"].is_number_integer() || spec["seed"].get<long long>() < 0) {
            problems.add(path + ".seed", "expected a non-negative integer");
            return samples;
        }
        seed = spec["seed"].get<std::uint64_t>();
    }
    if (!spec.contains("axes") || !spec["axes"].is_array() || spec["axes"].empty()) {
        problems.add(path + ".axes", "expected a non-empty array of random axes");
        return samples;
    }
    struct RandomAxis {
        const ParamDecl* decl;
        enum { Uniform, LogUniform, Choice } kind;
        double from = 0, to = 0;
        json choices;
    };
    std::vector<RandomAxis> axes;
    for (std::size_t i = 0; i < spec["axes"].size(); ++i) {
        const std::string ap = path + ".axes[" + std::to_string(i) + "]";
        const json& a = spec["axes"][i];
        const ParamDecl* decl = axis_param(a, info, ap, problems);
        if (!decl) continue;
        int unused = 0;
        RandomAxis axis{decl, RandomAxis::Uniform, 0, 0, {}};
        if (a.contains("uniform") || a.contains("log_uniform")) {
            const bool log = a.contains("log_uniform");
            axis.kind = log ? RandomAxis::LogUniform : RandomAxis::Uniform;
            const std::string rp = ap + (log ? ".log_uniform" : ".uniform");
            if (!numeric(*decl, rp, problems) ||
                !read_range(a[log ? "log_uniform" : "uniform"], false, log, rp, problems, axis.from, axis.to, unused))
                continue;
            if (!checked(*decl, numeric_value(*decl, axis.from), rp + ".from", problems) ||
                !checked(*decl, numeric_value(*decl, axis.to), rp + ".to", problems))
                continue;
        } else if (a.contains("choice")) {
            axis.kind = RandomAxis::Choice;
            if (!a["choice"].is_array() || a["choice"].empty()) {
                problems.add(ap + ".choice", "expected a non-empty array of values");
                continue;
            }
            bool ok = true;
            for (std::size_t j = 0; j < a["choice"].size(); ++j)
                ok = checked(*decl, a["choice"][j], ap + ".choice[" + std::to_string(j) + "]", problems) && ok;
            if (!ok) continue;
            axis.choices = a["choice"];
        } else {
            problems.add(ap, "expected one of \"uniform\", \"log_uniform\" or \"choice\"");
            continue;
        }
        axes.push_back(axis);
    }
    if (axes.size() != spec["axes"].size()) return samples;
    std::mt19937_64 rng(seed);
    for (long long s = 0; s < count; ++s) {
        json sample = json::object();
        for (const auto& axis : axes) {
            const double u = unit_draw(rng);
            json value;
            if (axis.kind == RandomAxis::Choice) {
                value = axis.choices[std::min<std::size_t>(static_cast<std::size_t>(u * axis.choices.size()),
                                                           axis.choices.size() - 1)];
            } else if (axis.kind == RandomAxis::LogUniform) {
                value = numeric_value(*axis.decl,
                                      std::exp(std::log(axis.from) + u * (std::log(axis.to) - std::log(axis.from))));
            } else {
                value = numeric_value(*axis.decl, axis.from + u * (axis.to - axis.from));
            }
            sample[axis.decl->name] = check_param_value(*axis.decl, value).value;
        }
        samples.push_back(std::move(sample));
    }
    return samples;
}

// 12 significant digits: 0.01 instead of 0.010000000000000004 in tables and file names,
// and the same value (so the same run identity) whatever rounding the arithmetic did.
double tidy(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.12g", v);
    return std::strtod(text, nullptr);
}

}  // namespace

std::vector<double> linear_values(double from, double to, int count) {
    std::vector<double> out;
    for (int i = 0; i < count; ++i) out.push_back(tidy(count == 1 ? from : from + (to - from) * i / (count - 1)));
    if (count > 1) out.back() = to;  // exact end despite rounding
    return out;
}

std::vector<double> log_values(double from, double to, int count) {
    std::vector<double> out;
    for (int i = 0; i < count; ++i)
        out.push_back(tidy(
            std::exp(std::log(from) + (std::log(to) - std::log(from)) * (count == 1 ? 0.0 : double(i) / (count - 1)))));
    if (!out.empty()) out.front() = from;
    if (count > 1) out.back() = to;
    return out;
}

std::vector<SweepPoint> expand_sweep(const Experiment& x, const PluginInfo& info, Problems& problems,
                                     const std::string& path) {
    const std::string kind = x.target.value("kind", "");
    bool target_ok = false;
    // A plugin that runs on this machine runs on a cluster node just the same.
    for (const auto& t : info.targets) target_ok = target_ok || t == kind || (kind == "cluster" && t == "local");
    if (!target_ok) {
        std::string kinds;
        for (const auto& t : info.targets) kinds += (kinds.empty() ? "" : ", ") + t;
        problems.add(path + ".target.kind", "plugin '" + info.id + "' supports targets " + kinds + ", got \"" + kind +
                                                "\"" + did_you_mean(kind, info.targets));
    } else if (kind == "cluster") {
        parse_cluster_target(x.target, problems, path + ".target");
    }
    const json fixed = resolve_params(info, x.params, problems, path + ".params");

    const json& sweep = x.sweep;
    static const std::vector<std::string> kSweepKeys = {"grid", "random", "points"};
    for (const auto& [key, value] : sweep.items()) {
        bool known = false;
        for (const auto& k : kSweepKeys) known = known || k == key;
        if (!known) problems.add(path + ".sweep." + key, "unknown field" + did_you_mean(key, kSweepKeys));
    }

    // Grid: cartesian product of the axes, last axis varying fastest.
    std::vector<json> points{json::object()};
    if (sweep.contains("grid")) {
        for (const auto& axis : grid_axes(sweep["grid"], info, path + ".sweep.grid", problems)) {
            std::vector<json> next;
            for (const auto& p : points)
                for (const auto& v : axis.values) {
                    json q = p;
                    q[axis.param] = v;
                    next.push_back(std::move(q));
                }
            points = std::move(next);
        }
    }
    if (sweep.contains("random")) {
        const auto samples = random_samples(sweep["random"], info, path + ".sweep.random", problems);
        std::vector<json> next;
        for (const auto& p : points)
            for (const auto& s : samples) {
                json q = p;
                q.update(s);
                next.push_back(std::move(q));
            }
        points = std::move(next);
    }
    if (sweep.contains("points")) {
        const json& extra = sweep["points"];
        if (!extra.is_array()) problems.add(path + ".sweep.points", "expected an array of parameter objects");
        else
            for (std::size_t i = 0; i < extra.size(); ++i) {
                const std::string pp = path + ".sweep.points[" + std::to_string(i) + "]";
                json resolved = resolve_params(info, extra[i], problems, pp);
                json overrides = json::object();
                if (extra[i].is_object())
                    for (const auto& [k, v] : extra[i].items())
                        if (resolved.contains(k)) overrides[k] = resolved[k];
                points.push_back(overrides);
            }
    }

    std::vector<SweepPoint> runs;
    if (!problems.empty()) return runs;
    for (const auto& p : points) {
        json full = fixed;
        full.update(p);
        for (const auto seed : x.run_seeds()) runs.push_back({full, seed});
    }
    return runs;
}

}  // namespace sextant
