#include "commands.hpp"
#include "exec/worker.hpp"

namespace sextant::cli {

void add_worker_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("worker", "Internal: run requests from stdin in this process (started by run)");
    cmd->group("");  // hidden from --help: users never call it
    auto file = std::make_shared<std::string>();
    cmd->add_option("--plugin-file", *file, "Plugin library to load")->required();
    cmd->callback([file, &exit_code] { exit_code = run_worker(*file); });
}

}  // namespace sextant::cli
