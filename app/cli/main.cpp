// sextant-cli: the headless face of Sextant. Everything the GUI does, this does too.
// The commands live in engine/cli (a library with its own tests); this file only assembles them.
#include "cli/commands.hpp"
#include "run/provenance_probe.hpp"
#include "sextant/plugin.hpp"

#ifdef SEXTANT_HAVE_CODEC_COMMAND
#include "codec_command.hpp"
#endif
#ifdef SEXTANT_HAVE_CASSINI_COMMAND
#include "cassini_command.hpp"
#endif
#ifdef SEXTANT_HAVE_MOSEL_COMMAND
#include "mosel_command.hpp"
#endif
#ifdef SEXTANT_HAVE_NETSIM_COMMAND
#include "netsim_command.hpp"
#endif
#ifdef SEXTANT_HAVE_MODELS_COMMAND
#include "models_command.hpp"
#endif
#ifdef SEXTANT_HAVE_OSFM_COMMAND
#include "osfm_command.hpp"
#endif

#include <spdlog/spdlog.h>

int main(int argc, char** argv) {
    using namespace sextant::cli;
    spdlog::set_pattern("%^%l%$: %v");
    CLI::App app{"Sextant: run, inspect and export ML-systems experiments headless.", "sextant-cli"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "sextant-cli " + sextant::sextant_version() + " (plugin API v" +
                                          std::to_string(sextant::kPluginApiVersion) + ")");
    int exit_code = kOk;
    add_commands(app, exit_code);
#ifdef SEXTANT_HAVE_CODEC_COMMAND
    add_codec_command(app, exit_code);
#endif
#ifdef SEXTANT_HAVE_CASSINI_COMMAND
    add_cassini_command(app, exit_code);
#endif
#ifdef SEXTANT_HAVE_MOSEL_COMMAND
    add_mosel_command(app, exit_code);
#endif
#ifdef SEXTANT_HAVE_NETSIM_COMMAND
    add_netsim_command(app, exit_code);
#endif
#ifdef SEXTANT_HAVE_MODELS_COMMAND
    add_models_command(app, exit_code);
#endif
#ifdef SEXTANT_HAVE_OSFM_COMMAND
    add_osfm_command(app, exit_code);
#endif
    return run_app(app, exit_code, std::vector<std::string>(argv + 1, argv + argc));
}
