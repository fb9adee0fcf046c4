#include "osfm/replay.hpp"

#include <queue>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace sextant::osfm {

std::vector<std::size_t> next_references(const std::vector<Page>& trace) {
    std::vector<std::size_t> next(trace.size());
    std::unordered_map<Page, std::size_t> seen;
    seen.reserve(trace.size() / 4 + 16);
    for (std::size_t i = trace.size(); i-- > 0;) {
        auto [it, fresh] = seen.try_emplace(trace[i], trace.size());
        next[i] = it->second;
        it->second = i;
    }
    return next;
}

CacheStats replay_opt(const std::vector<Page>& trace, std::size_t capacity) {
    if (capacity < 1) throw std::invalid_argument("cache capacity must be at least 1 page");
    const std::vector<std::size_t> next = next_references(trace);
    // cached page -> its next reference; a max-heap of (next reference, page) with stale entries
    // skipped. Pages never referenced again get distinct keys past the end, so keys are unique.
    std::unordered_map<Page, std::size_t> cached;
    cached.reserve(capacity + 1);
    std::priority_queue<std::pair<std::size_t, Page>> furthest;
    CacheStats s;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        const Page p = trace[i];
        const std::size_t key = next[i] < trace.size() ? next[i] : trace.size() + i;
        auto it = cached.find(p);
        if (it != cached.end()) {
            ++s.hits;
            it->second = key;
        } else {
            ++s.misses;
            if (cached.size() == capacity) {
                for (;;) {
                    auto [when, victim] = furthest.top();
                    furthest.pop();
                    auto v = cached.find(victim);
                    if (v != cached.end() && v->second == when) {
                        cached.erase(v);
                        break;
                    }
                }
            }
            cached.emplace(p, key);
        }
        furthest.emplace(key, p);
    }
    return s;
}

CacheStats replay(const std::vector<Page>& trace, PolicyKind kind, std::size_t capacity, TwoQTuning two_q) {
    if (kind == PolicyKind::Opt) return replay_opt(trace, capacity);
    auto policy = make_policy(kind, capacity, two_q);
    CacheStats s;
    for (Page p : trace) {
        if (policy->access(p)) ++s.hits;
        else ++s.misses;
    }
    return s;
}

}  // namespace sextant::osfm
