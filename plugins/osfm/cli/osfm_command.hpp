// `sextant-cli osfm cache-sim --trace T.csv --capacity C --policy lru|clock|lfu|arc|2q|opt [--json]`:
// replays a page-reference trace through one replacement policy.
//
// `sextant-cli osfm collect --out C.csv --seconds S [--interval-ms 100] [--scenario NAME]
// [--phase-file F] [--recipe TEXT] [--raw R.txt]`: samples this machine's /proc into corpus
// rows (appending to C.csv; the header is written when the file is new or empty).
//
// --json prints {"policy": "lru", "capacity": C, "accesses": N, "hits": H, "misses": M,
// "hit_ratio": R}. A bad trace file exits 2 naming file:line; a bad flag exits 2 naming it.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <iosfwd>
#include <string>

namespace sextant::cli {

void add_osfm_command(CLI::App& app, int& exit_code);

struct CacheSimOptions {
    std::string trace_path;
    std::int64_t capacity = 0;
    std::string policy;
    bool json = false;
};

struct CollectCommandOptions {
    std::string out_path;
    double seconds = 0;
    double interval_ms = 100;
    std::string scenario = "unnamed";
    std::string phase_file;
    std::string recipe;
    std::string raw_path;
};

int osfm_collect(const CollectCommandOptions& options, std::ostream& out, std::ostream& err);

// The command itself, without CLI11: returns the exit code.
int osfm_cache_sim(const CacheSimOptions& options, std::ostream& out, std::ostream& err);

}  // namespace sextant::cli
