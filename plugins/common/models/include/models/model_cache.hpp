// A content-addressed cache of trained models shared by all plugins. An entry is a folder
// named by the hash of its recipe (architecture, data recipe, training parameters, seed):
// trained weights are a function of their recipe, so runs that find an entry are as
// reproducible as runs that trained it. A file lock per key makes parallel runs (worker
// processes, sweeps) train each recipe once: the others wait and then load it.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace models {

// How a long build reports back; a plugin forwards these to its RunContext. Any may be empty.
struct BuildObserver {
    std::function<void(double fraction, const std::string& message)> progress;
    std::function<void(const std::string& line)> log;
    std::function<bool()> cancelled;
};

// Thrown when the observer's cancelled() became true while building or waiting.
class BuildCancelled : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct CacheEntry {
    std::string key;            // 32 hex digits, XXH3-128 of the canonical recipe
    std::filesystem::path dir;  // the entry's files
    nlohmann::json recipe;
    nlohmann::json info;  // what the build returned (accuracy, time, ...)
    std::uintmax_t bytes = 0;
    std::chrono::system_clock::time_point created, last_used;
};

class ModelCache {
public:
    // $SEXTANT_MODEL_CACHE, else $XDG_CACHE_HOME/sextant/models, else $HOME/.cache/sextant/models.
    static std::filesystem::path default_dir();
    // The hash naming a recipe's entry: canonical JSON (sorted keys, no spaces), XXH3-128.
    static std::string key_of(const nlohmann::json& recipe);

    explicit ModelCache(std::filesystem::path dir = default_dir());
    const std::filesystem::path& dir() const { return dir_; }

    // The entry for `recipe`, building it first if absent: `build` writes the entry's files
    // into the empty folder it is given and returns a JSON summary (stored as info.json).
    // Holds the key's lock while it builds; a second caller waits, polling cancelled().
    // A build that throws leaves nothing behind.
    using Build = std::function<nlohmann::json(const std::filesystem::path& staging)>;
    CacheEntry obtain(const nlohmann::json& recipe, const Build& build, const BuildObserver& observer = {});

    // The entry if it is complete; marks it used.
    std::optional<CacheEntry> find(const nlohmann::json& recipe) const;
    // All complete entries, most recently used first.
    std::vector<CacheEntry> list() const;
    // Removes complete entries not used for `unused_for` (every entry with zero) and the
    // staging folders of builds that died; returns the removed entries. Entries being built
    // now are skipped (their lock is held).
    std::vector<CacheEntry> prune(std::chrono::seconds unused_for);

private:
    std::optional<CacheEntry> read_entry(const std::string& key) const;
    std::filesystem::path dir_;
};

}  // namespace models
