// Shrinking a cache point: the keys of each label replaced by `per_class` k-means centroids
// (faiss Clustering), L2-normalised like the keys they stand for. A label with no more keys
// than that keeps its keys.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace caching {

struct ReducedKeys {
    std::vector<float> keys;           // n x dim
    std::vector<std::int64_t> labels;  // n
};

// Throws std::invalid_argument when the sizes do not match or per_class < 1.
ReducedKeys class_centroids(std::span<const float> keys, std::span<const std::int64_t> labels, int dim, int per_class,
                            std::uint64_t seed);

}  // namespace caching
