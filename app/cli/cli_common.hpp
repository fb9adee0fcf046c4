// Shared pieces of sextant-cli's commands: exit codes and reporting bad input.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace sextant::cli {

enum ExitCode { kOk = 0, kSomeRunFailed = 1, kBadInput = 2 };

// Runs a command body; InputError -> message on stderr + exit 2, other errors -> exit 1.
int guarded(const std::function<int()>& body);

void add_run_command(CLI::App& app, int& exit_code);
void add_validate_command(CLI::App& app, int& exit_code);
void add_new_command(CLI::App& app, int& exit_code);
void add_list_command(CLI::App& app, int& exit_code);
void add_show_command(CLI::App& app, int& exit_code);
void add_export_command(CLI::App& app, int& exit_code);
void add_plugins_command(CLI::App& app, int& exit_code);
void add_worker_command(CLI::App& app, int& exit_code);

}  // namespace sextant::cli
