// Random sparse gradients for the property tests: deterministic from a seed.
#pragma once

#include <compression/scheme.hpp>

#include <cstring>
#include <random>
#include <span>
#include <vector>

namespace testing_support {

// K workers, n values; each worker's positions are nonzero with probability `density`,
// drawing a shared hot set with probability `overlap` so that unions overlap.
inline std::vector<std::vector<float>> sparse_gradients(std::size_t K, std::size_t n, double density, double overlap,
                                                        std::uint64_t seed, float scale = 1.0f) {
    std::mt19937_64 rng(seed);
    std::vector<std::uint8_t> hot(n);
    std::bernoulli_distribution pick_hot(density);
    for (auto& h : hot) h = pick_hot(rng);
    std::normal_distribution<float> value(0.0f, scale);
    std::bernoulli_distribution own(density * (1.0 - overlap)), keep(overlap);
    std::vector<std::vector<float>> g(K, std::vector<float>(n, 0.0f));
    for (auto& w : g)
        for (std::size_t i = 0; i < n; ++i)
            if ((hot[i] && keep(rng)) || own(rng)) {
                float v = value(rng);
                w[i] = v == 0.0f ? scale : v;
            }
    return g;
}

inline std::vector<std::span<const float>> views(const std::vector<std::vector<float>>& g) {
    return {g.begin(), g.end()};
}

inline bool bitwise_equal(std::span<const float> a, std::span<const float> b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * 4) == 0);
}

}  // namespace testing_support
