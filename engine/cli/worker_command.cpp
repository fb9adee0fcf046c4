#include "commands.hpp"
#include "exec/worker.hpp"

namespace sextant::cli {

void add_worker_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("worker", "Internal: run requests from stdin in this process (started by run)");
    cmd->group("");  // hidden from --help: users never call it
    auto file = std::make_shared<std::string>();
    auto id = std::make_shared<std::string>();
    auto* by_file = cmd->add_option("--plugin-file", *file, "Plugin library to load");
    auto* by_id = cmd->add_option("--plugin", *id, "Plugin id, found in this machine's plugin folders (cluster jobs)");
    by_file->excludes(by_id);
    cmd->callback([file, id, &exit_code] {
        if (file->empty() && id->empty()) throw CLI::ValidationError("worker", "--plugin-file or --plugin is required");
        exit_code = id->empty() ? run_worker(*file) : run_worker_for_plugin(*id);
    });
}

}  // namespace sextant::cli
