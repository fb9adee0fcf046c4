#include "plugins/declaration_check.hpp"

#include "params/param_values.hpp"
#include "sextant/units.hpp"
#include "util/closest_name.hpp"
#include "util/errors.hpp"
#include "util/problems.hpp"

#include <map>
#include <sstream>

namespace sextant {

namespace {

const std::vector<std::string> kTargetKinds = {"local", "simulated", "cluster"};

void check_unit(const std::string& unit, const std::string& path, Problems& problems) {
    if (unit_quantity(unit)) return;
    std::vector<std::string> known;
    for (const auto& u : kUnits)
        if (!u.symbol.empty()) known.emplace_back(u.symbol);
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    problems.add(path + ".unit", "unknown unit '" + unit + "'" + did_you_mean(unit, known) + "; known units: " + list +
                                     " (a new one goes into sextant/units.hpp)");
}

// "params.mode", or "params[3]" while the name itself is what is wrong.
std::string place(const char* list, std::size_t index, const std::string& name) {
    return name.empty() ? std::string(list) + "[" + std::to_string(index) + "]" : std::string(list) + "." + name;
}

// Names are unique per kind: a series and a summary of the same name are stored apart (a
// per-step time and its mean), two parameters or two summaries of one name are a mistake.
std::string kind_of(const ParamDecl&) { return ""; }
std::string kind_of(const MetricDecl& m) { return to_string(m.kind); }

template <typename Decl>
void check_names(const std::vector<Decl>& decls, const char* list, Problems& problems) {
    std::map<std::pair<std::string, std::string>, std::size_t> first;
    for (std::size_t i = 0; i < decls.size(); ++i) {
        const std::string& name = decls[i].name;
        if (name.empty()) {
            problems.add(place(list, i, name), "empty name");
            continue;
        }
        const auto [it, fresh] = first.emplace(std::pair{name, kind_of(decls[i])}, i);
        if (!fresh)
            problems.add(place(list, i, name), std::string("duplicate name: ") + list + "[" +
                                                   std::to_string(it->second) + "] and " + list + "[" +
                                                   std::to_string(i) + "] are both '" + name + "'");
    }
}

void check_param(const ParamDecl& p, const std::string& path, Problems& problems) {
    if (p.type == ParamType::Choice && p.choices.empty()) {
        problems.add(path + ".choices", "a choice parameter needs at least one choice");
        return;
    }
    if (p.min && p.max && *p.min > *p.max) {
        std::ostringstream text;
        text << "min " << *p.min << " is above max " << *p.max;
        problems.add(path, text.str());
    }
    const auto checked = check_param_value(p, p.default_value);
    if (!checked.error.empty())
        problems.add(path + ".default", "the declared default does not fit: " + checked.error, checked.suggestion);
    check_unit(p.unit, path, problems);
}

}  // namespace

void check_declarations(const PluginInfo& info, const std::string& file_label) {
    Problems problems(file_label);
    check_names(info.params, "params", problems);
    check_names(info.metrics, "metrics", problems);
    for (std::size_t i = 0; i < info.params.size(); ++i)
        check_param(info.params[i], place("params", i, info.params[i].name), problems);
    for (std::size_t i = 0; i < info.metrics.size(); ++i)
        check_unit(info.metrics[i].unit, place("metrics", i, info.metrics[i].name), problems);
    if (info.targets.empty()) problems.add("targets", "no target kind declared (local, simulated or cluster)");
    for (std::size_t i = 0; i < info.targets.size(); ++i) {
        const std::string& kind = info.targets[i];
        bool known = false;
        for (const auto& k : kTargetKinds) known = known || k == kind;
        if (!known)
            problems.add("targets[" + std::to_string(i) + "]", "unknown target kind '" + kind + "'" +
                                                                   did_you_mean(kind, kTargetKinds) +
                                                                   " (local, simulated or cluster)");
    }
    problems.throw_if_any();
}

}  // namespace sextant
