// A small, portable, seeded generator (splitmix64) for everything that must come out the
// same on every machine and in every rank process: initial weights, synthetic data, data
// order. The standard distributions are implementation-defined, so these are written out.
#pragma once

#include <cmath>
#include <cstdint>

namespace compression_training {

class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    // Independent streams for (seed, purpose, index...) without correlated starts.
    Random(std::uint64_t seed, std::uint64_t stream, std::uint64_t index = 0)
        : state_(mix(mix(seed ^ 0x5851f42d4c957f2dULL) + stream * 0x9e3779b97f4a7c15ULL + index)) {}

    std::uint64_t next() {
        state_ += 0x9e3779b97f4a7c15ULL;
        return mix(state_);
    }
    // Uniform in [0, 1) with 53 bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    // Uniform integer in [0, n) (n > 0), rejection-free via 128-bit multiply.
    std::uint64_t below(std::uint64_t n) {
        __extension__ typedef unsigned __int128 Uint128;  // __extension__: -Wpedantic knows it is meant
        return static_cast<std::uint64_t>((static_cast<Uint128>(next()) * n) >> 64);
    }
    // Standard normal (Box-Muller; one value per call keeps streams simple).
    double normal() {
        const double u1 = 1.0 - uniform();  // (0, 1]
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

private:
    static std::uint64_t mix(std::uint64_t x) {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9ULL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebULL;
        return x ^ (x >> 31);
    }
    std::uint64_t state_;
};

// Purposes of the streams derived from a run's seed.
enum Stream : std::uint64_t { kWeights = 1, kShards = 2, kEpochOrder = 3, kSynthetic = 4 };

}  // namespace compression_training
