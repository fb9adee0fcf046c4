// `sextant-cli cassini score --jobs JOBS.json --capacity-gbps C [--json]`: the CASSINI
// geometry on one link, for checking it by hand.
//
// JOBS.json: {"jobs":[{"name":..,"iteration_ms":..,"phases":[{"start_ms":..,"duration_ms":..,"gbps":..}]}]}
// Prints the best compatibility score and each job's time shift (the delay of its
// iteration start, relative to the first job). --json prints
// {"score": S, "shifts_ms": {"NAME": MS, ...}, ...further fields}.
// Exit codes: 0 ok, 1 failure, 2 bad input (message on stderr).
#pragma once

#include <CLI/CLI.hpp>

#include <iosfwd>
#include <string>

namespace sextant::cli {

void add_cassini_command(CLI::App& app, int& exit_code);

struct CassiniScoreOptions {
    std::string jobs_path;
    double capacity_gbps = 0.0;
    bool json = false;
    double quantum_ms = 1.0;  // unified circle: periods rounded to this before the LCM (plugin: cassini_quantum_ms)
    double tolerance = 0.05;  // unified circle past the cap: relative period mismatch accepted
    int max_turns = 16;       // unified circle: at most this many longest periods (plugin: cassini_max_turns)
    int bins = 360;           // arcs per longest period
};

// The command itself, without CLI11: returns the exit code.
int cassini_score(const CassiniScoreOptions& options, std::ostream& out, std::ostream& err);

}  // namespace sextant::cli
