// Seeded random streams: one independent stream per (seed, purpose, index), so a client's
// data, trace and draws do not depend on how many other clients or rounds came before.
#pragma once

#include <cstdint>
#include <random>

namespace federated {

enum class Stream : std::uint64_t {
    groups = 1,
    labels,
    sizes,
    samples,
    test,
    traces,
    rounds,
    training,
    init,
    auxo,
    ifca,
    eval,
    sides
};

inline std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

using Rng = std::mt19937_64;

inline Rng stream(std::uint64_t seed, Stream purpose, std::uint64_t index = 0) {
    return Rng(mix(mix(seed) ^ mix(static_cast<std::uint64_t>(purpose) * 0x100000001b3ull + index)));
}

// Uniform in [0, 1) from the engine's raw bits (fixed by the standard, unlike std distributions).
inline double uniform(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }
inline std::size_t below(Rng& rng, std::size_t n) {
    return static_cast<std::size_t>(uniform(rng) * static_cast<double>(n));
}

}  // namespace federated
