#include "caching/point_cache.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

namespace caching {

const char* to_string(Eviction e) { return e == Eviction::lru ? "lru" : "lfu"; }

Eviction eviction_from_string(const std::string& name) {
    if (name == "lru") return Eviction::lru;
    if (name == "lfu") return Eviction::lfu;
    throw std::invalid_argument("unknown eviction '" + name + "' (expected lru or lfu)");
}

PointCache::PointCache(int dim, PointCacheOptions options) : options_(std::move(options)) {
    if (options_.k < 1) throw std::invalid_argument("k must be >= 1, got " + std::to_string(options_.k));
    if (options_.capacity != 0 && options_.capacity < static_cast<std::size_t>(options_.k))
        throw std::invalid_argument("capacity (" + std::to_string(options_.capacity) + ") must be >= k (" +
                                    std::to_string(options_.k) + ")");
    if (!(options_.tau > 0)) throw std::invalid_argument("tau must be > 0");
    index_ = make_index(options_.index, dim, options_.index_options);
}

Lookup vote(std::vector<Neighbour> neighbours, const std::function<std::int64_t(std::int64_t id)>& label_of,
            double tau) {
    Lookup out;
    if (neighbours.empty()) return out;
    out.nearest = neighbours.front().distance;
    std::map<std::int64_t, double> weight;
    double total = 0;
    for (const auto& n : neighbours) {
        // relative to the nearest, so the weights never underflow to zero
        const double w = std::exp(-(n.distance - out.nearest) / tau);
        weight[label_of(n.id)] += w;
        total += w;
    }
    const auto best = std::max_element(weight.begin(), weight.end(),
                                       [](const auto& a, const auto& b) { return a.second < b.second; });
    out.label = best->first;
    out.confidence = best->second / total;
    out.neighbours = std::move(neighbours);
    return out;
}

Lookup PointCache::lookup(std::span<const float> key) {
    auto found = index_->search(key, options_.k);
    Lookup out = vote(
        std::move(found), [this](std::int64_t id) { return entries_.at(id).label; }, options_.tau);
    if (out.neighbours.empty()) return out;
    out.hit = out.confidence >= options_.theta && out.nearest <= options_.delta;
    if (out.hit)
        for (const auto& n : out.neighbours)
            if (entries_.at(n.id).label == out.label) touch(n.id);
    return out;
}

void PointCache::touch(std::int64_t id) {
    auto& e = entries_.at(id);
    ++e.uses;
    recent_.splice(recent_.begin(), recent_, e.recency);
}

std::int64_t PointCache::victim() const {
    if (options_.eviction == Eviction::lru) return recent_.back();
    // Least used; among equals the least recent (scan from the old end).
    std::int64_t best = recent_.back();
    std::uint64_t fewest = entries_.at(best).uses;
    for (auto it = recent_.rbegin(); it != recent_.rend(); ++it)
        if (entries_.at(*it).uses < fewest) {
            fewest = entries_.at(*it).uses;
            best = *it;
        }
    return best;
}

std::int64_t PointCache::insert(std::span<const float> key, std::int64_t label) {
    if (options_.capacity != 0)
        while (entries_.size() >= options_.capacity) remove(victim());
    const std::int64_t id = next_id_++;
    index_->add(key, std::span<const std::int64_t>(&id, 1));
    recent_.push_front(id);
    entries_[id] = Entry{label, 0, recent_.begin()};
    return id;
}

void PointCache::remove(std::int64_t id) {
    const auto it = entries_.find(id);
    if (it == entries_.end()) return;
    index_->remove(id);
    recent_.erase(it->second.recency);
    entries_.erase(it);
}

}  // namespace caching
