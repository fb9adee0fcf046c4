#include "caching/centroids.hpp"

#include <faiss/Clustering.h>
#include <faiss/IndexFlat.h>

#include <cmath>
#include <map>
#include <stdexcept>

namespace caching {

ReducedKeys class_centroids(std::span<const float> keys, std::span<const std::int64_t> labels, int dim, int per_class,
                            std::uint64_t seed) {
    const std::size_t d = static_cast<std::size_t>(dim);
    if (dim < 1 || keys.size() != labels.size() * d)
        throw std::invalid_argument("class_centroids: keys and labels do not match");
    if (per_class < 1)
        throw std::invalid_argument("centroids_per_class must be >= 1, got " + std::to_string(per_class));
    std::map<std::int64_t, std::vector<float>> by_label;
    for (std::size_t i = 0; i < labels.size(); ++i)
        by_label[labels[i]].insert(by_label[labels[i]].end(), keys.begin() + static_cast<std::ptrdiff_t>(i * d),
                                   keys.begin() + static_cast<std::ptrdiff_t>((i + 1) * d));
    ReducedKeys out;
    for (auto& [label, x] : by_label) {
        const std::size_t n = x.size() / d;
        if (n <= static_cast<std::size_t>(per_class)) {
            out.keys.insert(out.keys.end(), x.begin(), x.end());
            out.labels.insert(out.labels.end(), n, label);
            continue;
        }
        faiss::ClusteringParameters cp;
        cp.niter = 20;
        cp.seed = static_cast<int>(seed % 1000003);
        cp.min_points_per_centroid = 1;  // small classes are expected; no warning
        cp.verbose = false;
        faiss::Clustering km(dim, per_class, cp);
        faiss::IndexFlatL2 assign(dim);
        km.train(static_cast<faiss::Index::idx_t>(n), x.data(), assign);
        for (int c = 0; c < per_class; ++c) {
            float* v = km.centroids.data() + static_cast<std::size_t>(c) * d;
            double norm = 0;
            for (std::size_t j = 0; j < d; ++j) norm += static_cast<double>(v[j]) * v[j];
            if (norm <= 0) continue;  // an empty cluster
            for (std::size_t j = 0; j < d; ++j) v[j] = static_cast<float>(v[j] / std::sqrt(norm));
            out.keys.insert(out.keys.end(), v, v + d);
            out.labels.push_back(label);
        }
    }
    return out;
}

}  // namespace caching
