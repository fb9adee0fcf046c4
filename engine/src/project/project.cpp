#include "project/project.hpp"

#include "util/closest_name.hpp"
#include "util/errors.hpp"
#include "util/problems.hpp"
#include "util/json_file.hpp"

#include <set>

namespace sextant {

namespace {

using nlohmann::json;

const std::vector<std::string> kProjectKeys = {"sextant_project", "name", "description", "experiments", "ui"};
const std::vector<std::string> kExperimentKeys = {"name",  "description", "plugin", "target",    "params", "sweep",
                                                  "seeds", "repeats",     "seed",   "timeout_s", "plots"};

void reject_unknown_keys(const json& object, const std::vector<std::string>& known, const std::string& path,
                         Problems& problems) {
    for (const auto& [key, value] : object.items()) {
        bool ok = false;
        for (const auto& k : known) ok = ok || k == key;
        if (!ok) problems.add(path.empty() ? key : path + "." + key, "unknown field", closest_name(key, known));
    }
}

// Reads an optional field of a given JSON kind; reports a type mismatch and returns nullptr.
const json* field(const json& object, const char* key, json::value_t kind, const char* expected,
                  const std::string& path, Problems& problems) {
    const auto it = object.find(key);
    if (it == object.end()) return nullptr;
    const bool ok = kind == json::value_t::number_integer
                        ? it->is_number_integer()
                        : (kind == json::value_t::number_float ? it->is_number() : it->type() == kind);
    if (!ok) {
        problems.add(path.empty() ? key : path + "." + key,
                     std::string("expected ") + expected + ", got " + json_type_name(*it));
        return nullptr;
    }
    return &*it;
}

Experiment experiment_from_json(const json& e, const std::string& path, Problems& problems) {
    Experiment x;
    if (!e.is_object()) {
        problems.add(path, "expected an object, got " + json_type_name(e));
        return x;
    }
    reject_unknown_keys(e, kExperimentKeys, path, problems);
    if (auto v = field(e, "name", json::value_t::string, "a string", path, problems)) x.name = *v;
    else if (!e.contains("name")) problems.add(path + ".name", "missing (every experiment needs a name)");
    if (auto v = field(e, "description", json::value_t::string, "a string", path, problems)) x.description = *v;
    if (auto v = field(e, "plugin", json::value_t::string, "a plugin id (string)", path, problems)) x.plugin = *v;
    else if (!e.contains("plugin")) problems.add(path + ".plugin", "missing (e.g. \"compression\")");
    if (auto v = field(e, "target", json::value_t::object, "an object like {\"kind\": \"local\"}", path, problems)) {
        x.target = *v;
        if (!x.target.contains("kind") || !x.target["kind"].is_string())
            problems.add(path + ".target.kind", "missing or not a string (local, simulated or cluster)");
    }
    if (auto v = field(e, "params", json::value_t::object, "an object", path, problems)) x.params = *v;
    if (auto v = field(e, "sweep", json::value_t::object, "an object", path, problems)) x.sweep = *v;
    if (auto v = field(e, "seeds", json::value_t::array, "an array of non-negative integers", path, problems)) {
        for (std::size_t i = 0; i < v->size(); ++i) {
            const auto& s = (*v)[i];
            if (s.is_number_unsigned() || (s.is_number_integer() && s.get<long long>() >= 0))
                x.seeds.push_back(s.get<std::uint64_t>());
            else
                problems.add(path + ".seeds[" + std::to_string(i) + "]",
                             "expected a non-negative integer, got " + s.dump());
        }
    }
    if (auto v = field(e, "repeats", json::value_t::number_integer, "an integer >= 1", path, problems)) {
        if (v->get<long long>() < 1 || v->get<long long>() > 1000000)
            problems.add(path + ".repeats", "expected an integer in [1, 1000000], got " + v->dump());
        else x.repeats = v->get<int>();
    }
    if (auto v = field(e, "seed", json::value_t::number_integer, "a non-negative integer", path, problems)) {
        if (v->get<long long>() < 0) problems.add(path + ".seed", "expected a non-negative integer, got " + v->dump());
        else x.seed = v->get<std::uint64_t>();
    }
    if (auto v = field(e, "timeout_s", json::value_t::number_float, "a number of seconds > 0", path, problems)) {
        if (v->get<double>() <= 0)
            problems.add(path + ".timeout_s", "expected a number of seconds > 0, got " + v->dump());
        else x.timeout_s = v->get<double>();
    }
    if (auto v = field(e, "plots", json::value_t::array, "an array", path, problems)) x.plots = *v;
    return x;
}

}  // namespace

json experiment_to_json(const Experiment& x) {
    json e = json::object();
    e["name"] = x.name;
    if (!x.description.empty()) e["description"] = x.description;
    e["plugin"] = x.plugin;
    e["target"] = x.target;
    e["params"] = x.params;
    if (!x.sweep.empty()) e["sweep"] = x.sweep;
    if (!x.seeds.empty()) e["seeds"] = x.seeds;
    else {
        if (x.repeats != 1) e["repeats"] = x.repeats;
        if (x.seed != 0) e["seed"] = x.seed;
    }
    if (x.timeout_s) e["timeout_s"] = *x.timeout_s;
    if (!x.plots.empty()) e["plots"] = x.plots;
    return e;
}

std::vector<std::uint64_t> Experiment::run_seeds() const {
    if (!seeds.empty()) return seeds;
    std::vector<std::uint64_t> out;
    for (int i = 0; i < repeats; ++i) out.push_back(seed + static_cast<std::uint64_t>(i));
    return out;
}

Project Project::from_json(const json& doc, const std::string& file_label) {
    Problems problems(file_label);
    Project p;
    if (!doc.is_object()) {
        problems.add("", "expected a JSON object at the top level, got " + json_type_name(doc));
        problems.throw_if_any();
    }
    reject_unknown_keys(doc, kProjectKeys, "", problems);
    const auto version = doc.find("sextant_project");
    if (version == doc.end()) {
        problems.add("sextant_project",
                     "missing (the schema version, currently " + std::to_string(kProjectSchemaVersion) + ")");
    } else if (!version->is_number_integer() || version->get<int>() < 1 ||
               version->get<int>() > kProjectSchemaVersion) {
        problems.add("sextant_project", "expected schema version " + std::to_string(kProjectSchemaVersion) + ", got " +
                                            version->dump() + " (a newer Sextant may have written this file)");
    }
    if (auto v = field(doc, "name", json::value_t::string, "a string", "", problems)) p.name = *v;
    if (auto v = field(doc, "description", json::value_t::string, "a string", "", problems)) p.description = *v;
    if (auto v = field(doc, "ui", json::value_t::object, "an object", "", problems)) p.ui = *v;
    if (auto v = field(doc, "experiments", json::value_t::array, "an array of experiments", "", problems)) {
        std::set<std::string> names;
        for (std::size_t i = 0; i < v->size(); ++i) {
            const std::string path = "experiments[" + std::to_string(i) + "]";
            p.experiments.push_back(experiment_from_json((*v)[i], path, problems));
            const auto& name = p.experiments.back().name;
            if (!name.empty() && !names.insert(name).second)
                problems.add(path + ".name", "duplicate experiment name '" + name + "'");
        }
    }
    problems.throw_if_any();
    return p;
}

Project Project::load(const std::filesystem::path& path) { return from_json(read_json_file(path), path.string()); }

json Project::to_json() const {
    json doc = json::object();
    doc["sextant_project"] = kProjectSchemaVersion;
    doc["name"] = name;
    if (!description.empty()) doc["description"] = description;
    doc["experiments"] = json::array();
    for (const auto& x : experiments) doc["experiments"].push_back(experiment_to_json(x));
    if (!ui.empty()) doc["ui"] = ui;
    return doc;
}

void Project::save(const std::filesystem::path& path) const { write_file_atomically(path, to_json().dump(2) + "\n"); }

const Experiment* Project::find(const std::string& experiment_name) const {
    for (const auto& x : experiments)
        if (x.name == experiment_name) return &x;
    return nullptr;
}

Experiment* Project::find(const std::string& experiment_name) {
    for (auto& x : experiments)
        if (x.name == experiment_name) return &x;
    return nullptr;
}

std::filesystem::path database_path(const std::filesystem::path& project_file) { return project_file.string() + ".db"; }

std::filesystem::path artifacts_path(const std::filesystem::path& project_file) {
    auto stem = project_file;
    stem.replace_extension();
    return stem.string() + ".artifacts";
}

}  // namespace sextant
