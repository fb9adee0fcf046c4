// Replaying a page-reference trace through a policy, and Belady's OPT (MIN) as the offline
// bound: on a miss with a full cache, evict the cached page referenced furthest in the future.
#pragma once

#include "osfm/cache_policy.hpp"

#include <cstdint>
#include <vector>

namespace sextant::osfm {

struct CacheStats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    double hit_ratio() const {
        const std::uint64_t n = hits + misses;
        return n ? static_cast<double>(hits) / static_cast<double>(n) : 0.0;
    }
};

// For each position, the position of the next reference to the same page (trace.size() when
// there is none).
std::vector<std::size_t> next_references(const std::vector<Page>& trace);

// Belady's MIN under demand paging (the referenced page always enters the cache).
CacheStats replay_opt(const std::vector<Page>& trace, std::size_t capacity);

// Any policy, OPT included. Throws std::invalid_argument for capacity 0.
CacheStats replay(const std::vector<Page>& trace, PolicyKind kind, std::size_t capacity, TwoQTuning two_q = {});

}  // namespace sextant::osfm
