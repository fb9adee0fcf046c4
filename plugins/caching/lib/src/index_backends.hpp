// Internal to the index backends: an exact store of the live vectors (for rebuilds,
// re-ranking and small caches) and the hnswlib factory.
#pragma once

#include "caching/neighbour_index.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace caching {

class FlatStore {
public:
    explicit FlatStore(int dim) : dim_(static_cast<std::size_t>(dim)) {}
    void add(std::span<const float> v, std::span<const std::int64_t> ids) {
        for (std::size_t i = 0; i < ids.size(); ++i) {
            slot_[ids[i]] = ids_.size();
            ids_.push_back(ids[i]);
            data_.insert(data_.end(), v.begin() + static_cast<std::ptrdiff_t>(i * dim_),
                         v.begin() + static_cast<std::ptrdiff_t>((i + 1) * dim_));
        }
    }
    // Moves the last vector into the freed slot.
    void remove(std::int64_t id) {
        const auto it = slot_.find(id);
        if (it == slot_.end()) return;
        const std::size_t s = it->second, last = ids_.size() - 1;
        if (s != last) {
            std::copy_n(data_.begin() + static_cast<std::ptrdiff_t>(last * dim_), dim_,
                        data_.begin() + static_cast<std::ptrdiff_t>(s * dim_));
            ids_[s] = ids_[last];
            slot_[ids_[s]] = s;
        }
        ids_.pop_back();
        data_.resize(last * dim_);
        slot_.erase(it);
    }
    bool contains(std::int64_t id) const { return slot_.count(id) > 0; }
    std::size_t size() const { return ids_.size(); }
    std::size_t bytes() const { return ids_.size() * (dim_ * 4 + 24); }
    float distance(std::span<const float> q, std::size_t slot) const {
        float s = 0;
        const float* v = data_.data() + slot * dim_;
        for (std::size_t j = 0; j < dim_; ++j) s += (q[j] - v[j]) * (q[j] - v[j]);
        return s;
    }
    std::vector<Neighbour> search(std::span<const float> q, int k) const {
        std::vector<Neighbour> all(ids_.size());
        for (std::size_t i = 0; i < ids_.size(); ++i) all[i] = {ids_[i], distance(q, i)};
        return best(std::move(all), k);
    }
    // The k nearest of `candidates` (ids; -1 and unknown ids skipped) by exact distance.
    template <class Ids>
    std::vector<Neighbour> rerank(std::span<const float> q, const Ids& candidates, int k) const {
        std::vector<Neighbour> all;
        for (auto id : candidates)
            if (auto it = slot_.find(id); it != slot_.end()) all.push_back({id, distance(q, it->second)});
        return best(std::move(all), k);
    }
    std::pair<std::vector<float>, std::vector<std::int64_t>> all() const { return {data_, ids_}; }

private:
    static std::vector<Neighbour> best(std::vector<Neighbour> all, int k) {
        const auto n = std::min<std::size_t>(static_cast<std::size_t>(std::max(k, 0)), all.size());
        std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(),
                          [](const Neighbour& a, const Neighbour& b) { return a.distance < b.distance; });
        all.resize(n);
        return all;
    }
    std::size_t dim_;
    std::vector<float> data_;
    std::vector<std::int64_t> ids_;
    std::unordered_map<std::int64_t, std::size_t> slot_;
};

std::unique_ptr<NeighbourIndex> make_hnswlib_index(int dim, const IndexOptions& options);

}  // namespace caching
