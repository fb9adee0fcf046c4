#include "run/combination_check.hpp"

#include <map>
#include <set>
#include <tuple>

namespace sextant {

namespace {

using nlohmann::json;

// At most this many distinct conflicts per experiment are listed; the rest are counted.
constexpr std::size_t kListed = 3;

struct Found {
    ParamConflict conflict;
    json values;  // the conflicting parameters' values at the first point that showed it
    std::size_t points = 0;
};

std::string values_text(const ParamConflict& conflict, const json& values) {
    std::string text;
    for (const auto& name : conflict.params) {
        if (!text.empty()) text += " with ";
        text += name + " = " + (values.contains(name) ? values[name].dump() : std::string("(not declared)"));
    }
    return text;
}

// The parameters a sweep varies: their conflicts are located at the sweep, not at params.
std::set<std::string> varied(const std::vector<SweepPoint>& points) {
    std::set<std::string> out;
    if (points.empty()) return out;
    for (const auto& p : points)
        for (const auto& [name, value] : p.params.items())
            if (points.front().params.value(name, json()) != value) out.insert(name);
    return out;
}

}  // namespace

void check_combinations(const LoadedPlugin& plugin, const std::string& experiment_name,
                        const std::vector<SweepPoint>& points, Problems& problems, const std::string& path) {
    std::vector<Found> found;
    std::map<std::tuple<std::vector<std::string>, std::string, std::string>, std::size_t> index;
    std::size_t conflicting = 0, distinct = 0;
    const json* previous = nullptr;
    for (const auto& point : points) {
        // Seeds repeat a point one after another: its values need checking once.
        if (previous && *previous == point.params) continue;
        previous = &point.params;
        ++distinct;
        std::vector<ParamConflict> conflicts;
        try {
            conflicts = plugin.check(Params(point.params));
        } catch (const std::exception& e) {
            conflicts.push_back({{}, std::string("(the plugin's check failed: ") + e.what() + ")"});
        }
        if (!conflicts.empty()) ++conflicting;
        for (auto& c : conflicts) {
            json values = json::object();
            for (const auto& name : c.params)
                if (point.params.contains(name)) values[name] = point.params[name];
            auto key = std::make_tuple(c.params, c.expected, values.dump());
            const auto [it, added] = index.emplace(std::move(key), found.size());
            if (added) found.push_back({std::move(c), std::move(values), 0});
            ++found[it->second].points;
        }
    }
    if (found.empty()) return;
    const auto swept = varied(points);
    for (std::size_t i = 0; i < std::min(found.size(), kListed); ++i) {
        const Found& f = found[i];
        const auto& params = f.conflict.params;
        const bool fixed = !params.empty() && !swept.contains(params.front());
        const std::string where = params.empty() ? path : path + (fixed ? ".params." + params.front() : ".sweep");
        std::string message = "experiment '" + experiment_name + "': ";
        if (params.empty())
            message += "plugin '" + plugin.info.id + "' cannot run these values: " + f.conflict.expected;
        else
            message += values_text(f.conflict, f.values) + " cannot run together in plugin '" + plugin.info.id +
                       "': expected " + f.conflict.expected;
        if (distinct > 1)
            message += " (" + std::to_string(f.points) + " of " + std::to_string(distinct) + " sweep points)";
        problems.add(where, message);
    }
    if (found.size() > kListed)
        problems.add(path + ".sweep", "experiment '" + experiment_name +
                                          "': " + std::to_string(found.size() - kListed) + " more conflicts; " +
                                          std::to_string(conflicting) + " of " + std::to_string(distinct) +
                                          " sweep points cannot run");
}

}  // namespace sextant
