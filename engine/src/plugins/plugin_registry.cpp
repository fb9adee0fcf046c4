#include "plugins/plugin_registry.hpp"

#include "plugins/declaration_check.hpp"

#include "util/closest_name.hpp"
#include "util/errors.hpp"

#include <boost/dll/shared_library.hpp>

#include <cstdlib>
#include <map>
#include <sstream>

namespace sextant {

namespace fs = std::filesystem;

namespace {
const std::string kPrefix = "sextant-plugin-";
const std::string kSuffix = ".so";
}  // namespace

fs::path executable_dir() {
    std::error_code ec;
    const auto exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::current_path() : exe.parent_path();
}

PluginRegistry::PluginRegistry() {
    if (const char* env = std::getenv("SEXTANT_PLUGIN_PATH")) {
        std::stringstream parts(env);
        std::string part;
        while (std::getline(parts, part, ':'))
            if (!part.empty()) dirs_.emplace_back(part);
    }
    const fs::path bin = executable_dir();
    dirs_.push_back(bin.parent_path() / "lib" / "sextant" / "plugins");  // build tree, or prefix/lib
    dirs_.push_back(bin.parent_path() / SEXTANT_PLUGIN_INSTALL_DIR);     // install tree (GNUInstallDirs)
}

PluginRegistry::PluginRegistry(std::vector<fs::path> search_dirs) : dirs_(std::move(search_dirs)) {}

std::string PluginRegistry::id_from_file(const fs::path& file) {
    const std::string name = file.filename().string();
    if (name.rfind(kPrefix, 0) != 0 || name.size() <= kPrefix.size() + kSuffix.size() ||
        name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0)
        return {};
    return name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
}

std::vector<fs::path> PluginRegistry::plugin_files() const {
    std::map<std::string, fs::path> by_id;
    for (const auto& dir : dirs_) {
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) continue;
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(dir, ec))
            if (!id_from_file(entry.path()).empty()) files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) by_id.emplace(id_from_file(f), fs::canonical(f, ec));
    }
    std::vector<fs::path> out;
    for (auto& [id, file] : by_id) out.push_back(file);
    return out;
}

LoadedPlugin PluginRegistry::load_file(const fs::path& file) {
    auto library = std::make_shared<boost::dll::shared_library>();
    boost::system::error_code ec;
    library->load(boost::dll::fs::path(file.string()),
                  boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
    if (ec) throw InputError(file.string() + ": cannot load plugin (" + ec.message() + ")");
    if (!library->has("sextant_plugin_api_version") || !library->has("sextant_create_plugin"))
        throw InputError(file.string() +
                         ": not a Sextant plugin (missing sextant_plugin_api_version or "
                         "sextant_create_plugin; use SEXTANT_PLUGIN(YourClass))");
    const int version = library->get<int()>("sextant_plugin_api_version")();
    if (version < kOldestPluginApiVersion || version > kPluginApiVersion)
        throw InputError(file.string() + ": plugin API version " + std::to_string(version) +
                         " does not match this Sextant's plugin API version " + std::to_string(kPluginApiVersion) +
                         " (it loads plugins built for versions " + std::to_string(kOldestPluginApiVersion) + " to " +
                         std::to_string(kPluginApiVersion) + "); rebuild the plugin against the matching SDK");
    Plugin* raw = library->get<Plugin*()>("sextant_create_plugin")();
    if (!raw) throw InputError(file.string() + ": sextant_create_plugin returned null");
    // The deleter holds the library, so the code of the destructor stays mapped until it ran.
    std::shared_ptr<Plugin> plugin(raw, [library](Plugin* p) { delete p; });
    LoadedPlugin loaded{file, plugin->info(), plugin, version};
    const std::string expected = id_from_file(file);
    if (!expected.empty() && loaded.info.id != expected)
        throw InputError(file.string() + ": plugin declares id '" + loaded.info.id + "' but its file name says '" +
                         expected + "'");
    check_declarations(loaded.info, file.string());
    return loaded;
}

std::vector<ParamConflict> LoadedPlugin::check(const Params& params) const {
    // A plugin built for API 2 has no check() in its virtual table: calling it would jump
    // past the end of that table.
    if (api_version < 3 || !plugin) return {};
    return plugin->check(params);
}

LoadedPlugin PluginRegistry::load(const std::string& id) const {
    std::vector<std::string> known;
    for (const auto& f : plugin_files()) {
        if (id_from_file(f) == id) return load_file(f);
        known.push_back(id_from_file(f));
    }
    std::string searched;
    for (const auto& d : dirs_) searched += (searched.empty() ? "" : ", ") + d.string();
    std::string known_text;
    for (const auto& k : known) known_text += (known_text.empty() ? "" : ", ") + k;
    throw InputError("unknown plugin '" + id + "'" + did_you_mean(id, known) +
                     "; installed plugins: " + (known_text.empty() ? "none" : known_text) + " (searched " + searched +
                     "; add folders with SEXTANT_PLUGIN_PATH)");
}

std::vector<LoadedPlugin> PluginRegistry::load_all(std::vector<PluginLoadFailure>* failures) const {
    std::vector<LoadedPlugin> out;
    for (const auto& f : plugin_files()) {
        try {
            out.push_back(load_file(f));
        } catch (const std::exception& e) {
            if (failures) failures->push_back({f, e.what()});
        }
    }
    return out;
}

}  // namespace sextant
