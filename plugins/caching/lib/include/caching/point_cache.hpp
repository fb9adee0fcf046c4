// The approximate cache at one cache point: keys (L2-normalised projections of the
// activation) with the label they stand for, a k-nearest-neighbour vote, and a capacity
// kept by LRU or LFU eviction.
//
// Vote (Freeze's rule, made concrete): weights w_i = exp(-d_i / tau) over the k nearest
// entries, confidence = max_c sum_i w_i [y_i = c] / sum_i w_i. A lookup hits when
// confidence >= theta and the nearest distance <= delta; theta = +inf disables the cache.
#pragma once

#include "caching/neighbour_index.hpp"

#include <cstdint>
#include <functional>
#include <limits>
#include <list>
#include <memory>
#include <span>
#include <unordered_map>

namespace caching {

enum class Eviction { lru, lfu };
const char* to_string(Eviction e);
Eviction eviction_from_string(const std::string& name);  // throws, naming lru and lfu

struct PointCacheOptions {
    IndexKind index = IndexKind::flat;
    IndexOptions index_options;
    int k = 5;
    double tau = 0.1;          // vote temperature, in squared-L2 units
    std::size_t capacity = 0;  // 0: unbounded
    Eviction eviction = Eviction::lru;
    double theta = std::numeric_limits<double>::infinity();  // confidence threshold
    double delta = std::numeric_limits<double>::infinity();  // nearest-distance threshold
};

struct Lookup {
    bool hit = false;
    std::int64_t label = -1;  // the vote's winner (also on a miss)
    double confidence = 0;
    double nearest = std::numeric_limits<double>::infinity();
    std::vector<Neighbour> neighbours;
};

class PointCache {
public:
    // Throws std::invalid_argument naming the option: k < 1, capacity < k, tau <= 0.
    PointCache(int dim, PointCacheOptions options);

    // The vote over the k nearest entries; on a hit their use counts and recency are updated.
    Lookup lookup(std::span<const float> key);
    // Adds an entry, evicting first when the cache is full. Returns the new entry's id.
    std::int64_t insert(std::span<const float> key, std::int64_t label);
    void remove(std::int64_t id);

    std::size_t size() const { return index_->size(); }
    std::size_t bytes() const { return index_->bytes() + entries_.size() * 48; }
    const PointCacheOptions& options() const { return options_; }
    void set_thresholds(double theta, double delta) {
        options_.theta = theta;
        options_.delta = delta;
    }
    std::int64_t label_of(std::int64_t id) const { return entries_.at(id).label; }
    std::uint64_t hits_of(std::int64_t id) const { return entries_.at(id).uses; }
    const NeighbourIndex& index() const { return *index_; }

private:
    struct Entry {
        std::int64_t label;
        std::uint64_t uses = 0;
        std::list<std::int64_t>::iterator recency;  // position in recent_ (front = newest)
    };
    void touch(std::int64_t id);
    std::int64_t victim() const;

    PointCacheOptions options_;
    std::unique_ptr<NeighbourIndex> index_;
    std::unordered_map<std::int64_t, Entry> entries_;
    std::list<std::int64_t> recent_;
    std::int64_t next_id_ = 0;
};

// The vote alone (hit left false): for calibration over precomputed neighbours.
Lookup vote(std::vector<Neighbour> neighbours, const std::function<std::int64_t(std::int64_t id)>& label_of,
            double tau);

}  // namespace caching
