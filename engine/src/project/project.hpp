// A saved project: experiments in one JSON file, results beside it.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sextant {

inline constexpr int kProjectSchemaVersion = 1;

struct Experiment {
    std::string name;
    std::string description;
    std::string plugin;
    nlohmann::json target = {{"kind", "local"}};
    nlohmann::json params = nlohmann::json::object();  // fixed values; defaults fill the rest
    nlohmann::json sweep = nlohmann::json::object();   // see params/sweep.hpp
    std::vector<std::uint64_t> seeds;                  // explicit seeds; empty = repeats from seed
    int repeats = 1;
    std::uint64_t seed = 0;
    std::optional<double> timeout_s;
    nlohmann::json plots = nlohmann::json::array();  // plot configurations saved by the GUI

    // The seeds every sweep point runs with.
    std::vector<std::uint64_t> run_seeds() const;
};

struct Project {
    std::string name;
    std::string description;
    std::vector<Experiment> experiments;
    nlohmann::json ui = nlohmann::json::object();  // GUI layout state saved with the project

    // Reads and structurally checks a project file; InputError lists every problem with its
    // path ("experiments[1].repeats: expected ...") or the syntax error's FILE:LINE:COLUMN.
    static Project load(const std::filesystem::path& path);
    static Project from_json(const nlohmann::json& doc, const std::string& file_label);
    nlohmann::json to_json() const;
    // Atomic: temp file + rename.
    void save(const std::filesystem::path& path) const;

    const Experiment* find(const std::string& experiment_name) const;
    Experiment* find(const std::string& experiment_name);
};

// The experiment as saved in the project file (also its snapshot in the run store).
nlohmann::json experiment_to_json(const Experiment& experiment);

// Where results live: NAME.sextant -> NAME.sextant.db and NAME.artifacts/
std::filesystem::path database_path(const std::filesystem::path& project_file);
std::filesystem::path artifacts_path(const std::filesystem::path& project_file);

}  // namespace sextant
