// validate, new and plugins: commands about projects and plugins, before anything runs.
#include "commands.hpp"
#include "plugins/plugin_json.hpp"
#include "plugins/plugin_registry.hpp"
#include "project/experiment_defaults.hpp"
#include "run/sweep_plan.hpp"
#include "util/errors.hpp"

#include <filesystem>
#include <iostream>

namespace sextant::cli {

namespace fs = std::filesystem;

void add_validate_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("validate", "Check a project against its plugins' declarations; runs nothing");
    auto project = std::make_shared<std::string>();
    cmd->add_option("project", *project, "Project file (NAME.sextant)")->required();
    cmd->callback([project, &exit_code] {
        exit_code = guarded([&] {
            const Project p = Project::load(*project);
            const auto plan = plan_sweeps(p, *project, PluginRegistry(), {});
            std::size_t runs = 0;
            for (const auto& x : plan) {
                std::cout << x.experiment.name << ": plugin " << x.plugin.info.id << " " << x.plugin.info.version
                          << ", target " << x.experiment.target.value("kind", "") << ", " << x.points.size()
                          << " runs\n";
                runs += x.points.size();
            }
            std::cout << *project << ": ok, " << plan.size() << " experiments, " << runs << " runs\n";
            return kOk;
        });
    });
}

void add_new_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("new", "Create a project with one experiment of a plugin, all defaults");
    auto project = std::make_shared<std::string>();
    auto plugin_id = std::make_shared<std::string>();
    cmd->add_option("project", *project, "Project file to create (NAME.sextant)")->required();
    cmd->add_option("--plugin", *plugin_id, "Plugin id (see `sextant-cli plugins`)")->required();
    cmd->callback([project, plugin_id, &exit_code] {
        exit_code = guarded([&] {
            if (fs::exists(*project)) throw InputError(*project + ": already exists; not overwriting it");
            const auto plugin = PluginRegistry().load(*plugin_id);
            Project p;
            p.name = fs::path(*project).stem().string();
            const Experiment x = experiment_at_defaults(plugin.info.id, &plugin.info);
            p.experiments.push_back(x);
            p.save(*project);
            std::cout << "created " << *project << " (experiment '" << x.name << "', " << x.params.size()
                      << " parameters at their defaults)\n";
            return kOk;
        });
    });
}

void add_plugins_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("plugins", "List installed plugins with their parameters and metrics");
    auto as_json = std::make_shared<bool>(false);
    auto installed = std::make_shared<bool>(false);
    auto ids = std::make_shared<std::vector<std::string>>();
    cmd->add_option("ids", *ids, "Only these plugins (loading a plugin can take seconds: libtorch)");
    cmd->add_flag("--json", *as_json, "Print declarations as JSON (what the GUI reads)");
    cmd->add_flag("--installed", *installed, "Only the ids of the installed plugin files, one per line; loads nothing");
    cmd->callback([as_json, installed, ids, &exit_code] {
        exit_code = guarded([&] {
            PluginRegistry registry;
            if (*installed) {
                for (const auto& f : registry.plugin_files()) std::cout << PluginRegistry::id_from_file(f) << "\n";
                return static_cast<int>(kOk);
            }
            std::vector<PluginLoadFailure> failures;
            std::vector<LoadedPlugin> plugins;
            int result = kOk;  // kBadInput when an asked-for plugin is not there
            if (ids->empty()) plugins = registry.load_all(&failures);
            for (const auto& id : *ids) {
                try {
                    plugins.push_back(registry.load(id));
                } catch (const InputError& e) {  // the others are still listed
                    std::cerr << e.what() << "\n";
                    result = kBadInput;
                }
            }
            for (const auto& f : failures) std::cerr << "skipped " << f.reason << "\n";
            if (*as_json) {
                nlohmann::json out = nlohmann::json::array();
                for (const auto& p : plugins) {
                    auto j = to_json(p.info);
                    j["file"] = p.file.string();
                    out.push_back(std::move(j));
                }
                std::cout << out.dump(2) << "\n";
                return result;
            }
            if (plugins.empty() && ids->empty()) std::cout << "no plugins found\n";
            for (const auto& p : plugins) {
                std::cout << p.info.id << " " << p.info.version << " - " << p.info.name << "\n  " << p.info.description
                          << "\n  targets:";
                for (const auto& t : p.info.targets) std::cout << " " << t;
                std::cout << "\n  parameters:\n";
                for (const auto& d : p.info.params)
                    std::cout << "    " << d.name << " (" << to_string(d.type) << ", default " << d.default_value.dump()
                              << (d.unit.empty() ? "" : " " + d.unit) << "): " << d.help
                              << (d.source.empty() ? "" : " Default from: " + d.source + ".") << "\n";
                std::cout << "  metrics:\n";
                for (const auto& m : p.info.metrics)
                    std::cout << "    " << m.name << (m.unit.empty() ? "" : " [" + m.unit + "]") << ", "
                              << to_string(m.kind) << ", " << to_string(m.better) << " is better\n";
                std::cout << "  file: " << p.file.string() << "\n";
            }
            return result;
        });
    });
}

}  // namespace sextant::cli
