// `sextant-cli netsim collective`: one collective on a packet-level (or flow-level)
// fabric, for checking the congestion model by hand. Exit codes: 0 ok, 1 failure,
// 2 bad input (message on stderr naming the flag and the accepted values).
#pragma once

#include <CLI/CLI.hpp>

namespace sextant::cli {

void add_netsim_command(CLI::App& app, int& exit_code);

}  // namespace sextant::cli
