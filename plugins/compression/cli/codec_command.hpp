// `sextant-cli codec aggregate`: aggregates researchers' own gradients (one float32 .npy
// per worker) with any scheme and writes the decoded sum. Exit codes: 0 ok, 1 failure,
// 2 bad input (message on stderr naming the file or flag).
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace sextant::cli {

void add_codec_command(CLI::App& app, int& exit_code);

struct CodecAggregateOptions {
    std::string scheme;
    std::string mode = "int";          // lhc: int | float
    std::string load_factor = "1.23";  // lhc: text, so a bad number is our clear error
    std::string sketch_ratio = "10";   // lhc (one pass, no previous aggregation): dense values per cell
    std::string index = "bloom";       // lhc: bitmap | bloom
    std::string seed = "0";
    std::vector<std::string> inputs;
    std::string output;
    bool json = false;
};

// The command's body, callable from tests: returns the exit code.
int run_codec_aggregate(const CodecAggregateOptions& options, std::ostream& out, std::ostream& err);

}  // namespace sextant::cli
