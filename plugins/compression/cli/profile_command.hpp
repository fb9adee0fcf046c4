// `sextant-cli codec profile --from-run PROJECT RUN --out FILE`: turns the gradient densities a
// compression-training run measured (its gradient_densities.json artifact) into a gradient
// profile (plugins/compression/profiles format, tensor kind "measured") that the compression
// plugin's local and simulated targets can run. Exit codes: 0 ok, 1 failure, 2 bad input.
#pragma once

#include <CLI/CLI.hpp>

#include <iosfwd>
#include <string>

namespace sextant::cli {

struct CodecProfileOptions {
    std::string project, run;  // the run: its number or a unique prefix of its identity
    std::string output;        // the profile file to write
    std::string id;            // the profile's id (default: the output file's stem)
};

void add_codec_profile_command(CLI::App& codec, int& exit_code);
int run_codec_profile(const CodecProfileOptions& options, std::ostream& out, std::ostream& err);

}  // namespace sextant::cli
