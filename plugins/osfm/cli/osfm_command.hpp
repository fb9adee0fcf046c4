// `sextant-cli osfm cache-sim --trace T.csv --capacity C --policy lru|clock|lfu|arc|2q|opt [--json]`:
// replays a page-reference trace through one replacement policy.
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

// The command itself, without CLI11: returns the exit code.
int osfm_cache_sim(const CacheSimOptions& options, std::ostream& out, std::ostream& err);

}  // namespace sextant::cli
