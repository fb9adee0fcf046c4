// Finding and loading plugin libraries (Boost.DLL). A plugin file is named
// sextant-plugin-<id>.so and lives in one of the search folders: SEXTANT_PLUGIN_PATH
// (colon-separated) first, then the folder beside the running executable in the build tree
// or the install tree (<prefix>/lib/sextant/plugins).
#pragma once

#include "sextant/plugin.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace sextant {

struct LoadedPlugin {
    std::filesystem::path file;
    PluginInfo info;
    std::shared_ptr<Plugin> plugin;       // keeps its library loaded for as long as it lives
    int api_version = kPluginApiVersion;  // what it was built for: check() exists from 3 on

    // Plugin::check for a plugin built for API 3 or later; nothing for an older one.
    std::vector<ParamConflict> check(const Params& params) const;
};

// A plugin file that could not be loaded, with the reason (API mismatch, missing symbol...).
struct PluginLoadFailure {
    std::filesystem::path file;
    std::string reason;
};

class PluginRegistry {
public:
    // Default search folders (see above).
    PluginRegistry();
    explicit PluginRegistry(std::vector<std::filesystem::path> search_dirs);

    const std::vector<std::filesystem::path>& search_dirs() const { return dirs_; }

    // Every sextant-plugin-*.so in the search folders (first folder wins for a given id).
    std::vector<std::filesystem::path> plugin_files() const;
    // Loads one file; throws InputError when it is not a valid plugin or was built for an API
    // version this host does not speak (the message names both versions).
    static LoadedPlugin load_file(const std::filesystem::path& file);
    // Loads the plugin with this id; throws InputError naming the id, the folders searched
    // and the closest known id.
    LoadedPlugin load(const std::string& id) const;
    // Loads every plugin file; files that fail are reported, not thrown.
    std::vector<LoadedPlugin> load_all(std::vector<PluginLoadFailure>* failures = nullptr) const;

    static std::string id_from_file(const std::filesystem::path& file);

private:
    std::vector<std::filesystem::path> dirs_;
};

// The folder holding the running executable (/proc/self/exe).
std::filesystem::path executable_dir();

}  // namespace sextant
