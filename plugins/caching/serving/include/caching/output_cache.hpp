// The Clipper-like baseline: a cache of final predictions keyed by the exact input (an
// XXH3-64 hash of its pixels), checked before the first layer. Only byte-identical repeats
// hit; capacity kept by LRU eviction.
#pragma once

#include <cstdint>
#include <list>
#include <optional>
#include <span>
#include <unordered_map>

namespace caching {

class OutputCache {
public:
    explicit OutputCache(std::size_t capacity = 0);  // 0: unbounded
    // The cached prediction for these exact pixels.
    std::optional<std::int64_t> lookup(std::span<const float> pixels);
    // Stores the whole model's answer for these pixels (a miss being written back).
    void insert(std::span<const float> pixels, std::int64_t label);
    std::size_t size() const { return entries_.size(); }
    std::size_t bytes() const { return entries_.size() * 64; }  // key, label, list node, bucket

private:
    struct Entry {
        std::int64_t label;
        std::list<std::uint64_t>::iterator recency;
    };
    std::size_t capacity_;
    std::unordered_map<std::uint64_t, Entry> entries_;
    std::list<std::uint64_t> recent_;  // front = newest
};

}  // namespace caching
