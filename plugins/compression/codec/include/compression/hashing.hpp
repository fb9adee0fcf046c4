// Small, fast, seeded hashing shared by the index, sketch and union estimate. The codec
// needs every worker to compute identical hashes from a shared seed; statistical quality
// of a 64-bit finaliser is enough (no adversary chooses the positions).
#pragma once

#include <cstdint>

namespace compression {

// The splitmix64 / Murmur3-style finaliser: a bijective 64-bit mix.
inline std::uint64_t mix64(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

// Position p hashed under one of several independent seeds.
inline std::uint64_t hash_position(std::uint32_t p, std::uint64_t seed) {
    return mix64(static_cast<std::uint64_t>(p) ^ seed);
}

// Murmur3's 32-bit finaliser: a bijective 32-bit mix, cheap enough to run eight positions
// at a time in SIMD lanes (the Bloom index hashes every one of the n positions).
inline std::uint32_t fmix32(std::uint32_t x) {
    x ^= x >> 16;
    x *= 0x85ebca6bu;
    x ^= x >> 13;
    x *= 0xc2b2ae35u;
    x ^= x >> 16;
    return x;
}

// Maps a 32-bit hash uniformly onto [0, range) without division (Lemire's reduction).
inline std::uint32_t fast_range(std::uint32_t hash, std::uint32_t range) {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(hash) * range) >> 32);
}

// Derives the seed of sub-structure `salt` (hash i, round r, ...) from the shared seed.
inline std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t salt) {
    return mix64(seed * 0x9e3779b97f4a7c15ULL + salt + 1);
}

}  // namespace compression
