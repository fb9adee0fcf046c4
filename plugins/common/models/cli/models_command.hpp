// `sextant-cli models list [--json] [--cache-dir DIR]` and
// `sextant-cli models prune (--unused-days N | --all) [--cache-dir DIR]`: the shared model
// cache ($SEXTANT_MODEL_CACHE, else $XDG_CACHE_HOME/sextant/models, else ~/.cache/sextant/models).
// Exit codes: 0 ok, 1 failure, 2 bad input (message on stderr).
#pragma once

#include <CLI/CLI.hpp>

#include <iosfwd>
#include <string>

namespace sextant::cli {

void add_models_command(CLI::App& app, int& exit_code);

struct ModelsOptions {
    std::string cache_dir;  // empty: the default folder
    bool json = false;
    double unused_days = -1;  // prune: entries unused this long (-1: not given)
    bool all = false;         // prune: every entry
};

int models_list(const ModelsOptions& options, std::ostream& out, std::ostream& err);
int models_prune(const ModelsOptions& options, std::ostream& out, std::ostream& err);

}  // namespace sextant::cli
