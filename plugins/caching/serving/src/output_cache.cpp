#include "caching/output_cache.hpp"

#include <xxhash.h>

namespace caching {

OutputCache::OutputCache(std::size_t capacity) : capacity_(capacity) {}

std::optional<std::int64_t> OutputCache::lookup(std::span<const float> pixels) {
    const auto it = entries_.find(XXH3_64bits(pixels.data(), pixels.size_bytes()));
    if (it == entries_.end()) return std::nullopt;
    recent_.splice(recent_.begin(), recent_, it->second.recency);
    return it->second.label;
}

void OutputCache::insert(std::span<const float> pixels, std::int64_t label) {
    const std::uint64_t key = XXH3_64bits(pixels.data(), pixels.size_bytes());
    if (entries_.count(key)) return;
    if (capacity_ != 0 && entries_.size() >= capacity_) {
        entries_.erase(recent_.back());
        recent_.pop_back();
    }
    recent_.push_front(key);
    entries_[key] = Entry{label, recent_.begin()};
}

}  // namespace caching
