// sextant-cli's commands as a library (Qt-free): app/cli/main.cpp only builds the CLI::App
// from them, and tests drive them in-process. Commands write to std::cout / std::cerr.
#pragma once

#include "store/run_store.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <functional>
#include <string>
#include <vector>

namespace sextant::cli {

enum ExitCode { kOk = 0, kSomeRunFailed = 1, kBadInput = 2 };

// Runs a command body; InputError -> message on stderr + exit 2, other errors -> exit 1.
int guarded(const std::function<int()>& body);

// Adds every built-in command (run, sync, validate, new, list, show, export, plugins, worker);
// a command's callback stores its exit code in `exit_code`.
void add_commands(CLI::App& app, int& exit_code);

// Parses and runs; returns the exit code (CLI11's own for --help/--version, 2 for bad flags).
int run_app(CLI::App& app, int& exit_code, const std::vector<std::string>& args);

// The results of a project, opened read-only (results_commands.cpp); throws InputError
// for a missing or malformed project file.
std::unique_ptr<RunStore> open_results(const std::string& project);

void add_run_command(CLI::App& app, int& exit_code);
void add_sync_command(CLI::App& app, int& exit_code);
void add_validate_command(CLI::App& app, int& exit_code);
void add_new_command(CLI::App& app, int& exit_code);
void add_list_command(CLI::App& app, int& exit_code);
void add_show_command(CLI::App& app, int& exit_code);
void add_export_command(CLI::App& app, int& exit_code);
void add_plugins_command(CLI::App& app, int& exit_code);
void add_worker_command(CLI::App& app, int& exit_code);

}  // namespace sextant::cli
