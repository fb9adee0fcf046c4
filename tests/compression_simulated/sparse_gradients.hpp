// Seeded sparse test gradients: each worker has `density` of its positions nonzero.
#pragma once

#include <random>
#include <vector>

namespace sextant_test {

inline std::vector<std::vector<float>> sparse_gradients(std::size_t workers, std::size_t n, double density,
                                                        std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::bernoulli_distribution nonzero(density);
    std::normal_distribution<float> value(0.0f, 1.0f);
    std::vector<std::vector<float>> g(workers, std::vector<float>(n, 0.0f));
    for (auto& w : g)
        for (auto& v : w)
            if (nonzero(rng)) v = value(rng);
    return g;
}

}  // namespace sextant_test
