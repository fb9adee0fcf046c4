// sextant-cli: the headless face of Sextant. Everything the GUI does, this does too.
#include "cli_common.hpp"
#include "run/provenance_probe.hpp"
#include "sextant/plugin.hpp"
#include "util/errors.hpp"

#ifdef SEXTANT_HAVE_CODEC_COMMAND
#include "codec_command.hpp"
#endif
#ifdef SEXTANT_HAVE_CASSINI_COMMAND
#include "cassini_command.hpp"
#endif
#ifdef SEXTANT_HAVE_MOSEL_COMMAND
#include "mosel_command.hpp"
#endif

#include <spdlog/spdlog.h>

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

}  // namespace sextant::cli

int main(int argc, char** argv) {
    using namespace sextant::cli;
    spdlog::set_pattern("%^%l%$: %v");
    CLI::App app{"Sextant: run, inspect and export ML-systems experiments headless."};
    app.require_subcommand(1);
    app.set_version_flag("--version", "sextant-cli " + sextant::sextant_version() + " (plugin API v" +
                                          std::to_string(sextant::kPluginApiVersion) + ")");
    int exit_code = kOk;
    add_run_command(app, exit_code);
    add_validate_command(app, exit_code);
    add_new_command(app, exit_code);
    add_list_command(app, exit_code);
    add_show_command(app, exit_code);
    add_export_command(app, exit_code);
    add_plugins_command(app, exit_code);
    add_worker_command(app, exit_code);
#ifdef SEXTANT_HAVE_CODEC_COMMAND
    add_codec_command(app, exit_code);
#endif
#ifdef SEXTANT_HAVE_CASSINI_COMMAND
    add_cassini_command(app, exit_code);
#endif
#ifdef SEXTANT_HAVE_MOSEL_COMMAND
    add_mosel_command(app, exit_code);
#endif
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kBadInput;
    }
    return exit_code;
}
