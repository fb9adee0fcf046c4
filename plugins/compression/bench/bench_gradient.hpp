// The sparse gradient both codec benchmarks time: positions by geometric gaps (O(k) to
// draw), values N(0, 1), seeded by the density - one definition, so the k of the top-k
// comparison is the k of the codec table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

inline std::vector<float> bench_gradient(std::size_t n, double density) {
    std::vector<float> g(n, 0.0f);
    std::mt19937_64 rng(static_cast<std::uint64_t>(density * 1e6));
    std::geometric_distribution<std::size_t> gap(density);
    std::normal_distribution<float> value(0.0f, 1.0f);
    for (std::size_t i = gap(rng); i < n; i += 1 + gap(rng)) {
        const float v = value(rng);
        g[i] = v == 0.0f ? 1.0f : v;
    }
    return g;
}
