#include "commands.hpp"

#include "util/errors.hpp"

#include <iostream>

namespace sextant::cli {

int guarded(const std::function<int()>& body) {
    try {
        return body();
    } catch (const InputError& e) {
        std::cerr << e.what() << "\n";
        return kBadInput;
    } catch (const std::exception& e) {
        std::cerr << "sextant-cli: error: " << e.what() << "\n";
        return kSomeRunFailed;
    }
}

void add_commands(CLI::App& app, int& exit_code) {
    add_run_command(app, exit_code);
    add_sync_command(app, exit_code);
    add_validate_command(app, exit_code);
    add_new_command(app, exit_code);
    add_list_command(app, exit_code);
    add_show_command(app, exit_code);
    add_export_command(app, exit_code);
    add_plugins_command(app, exit_code);
    add_worker_command(app, exit_code);
}

int run_app(CLI::App& app, int& exit_code, const std::vector<std::string>& args) {
    exit_code = kOk;
    // CLI11 parses a reversed argument vector (program name excluded).
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::Success& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kBadInput;
    }
    return exit_code;
}

}  // namespace sextant::cli
