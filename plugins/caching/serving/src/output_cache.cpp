#include "caching/output_cache.hpp"

#include <xxhash.h>

namespace caching {

OutputCache::OutputCache(std::size_t capacity) : capacity_(capacity) {}

std::optional<std::int64_t> OutputCache::lookup(std::span<const float> pixels) {
    last_ = XXH3_64bits(pixels.data(), pixels.size_bytes());
    const auto it = entries_.find(last_);
    if (it == entries_.end()) return std::nullopt;
    recent_.splice(recent_.begin(), recent_, it->second.recency);
    return it->second.label;
}

void OutputCache::insert_last(std::int64_t label) {
    if (entries_.count(last_)) return;
    if (capacity_ != 0 && entries_.size() >= capacity_) {
        entries_.erase(recent_.back());
        recent_.pop_back();
    }
    recent_.push_front(last_);
    entries_[last_] = Entry{label, recent_.begin()};
}

}  // namespace caching
