// The compact index: a cache-line-blocked Bloom filter aggregated by OR. Each key sets
// `hashes` bits (at most 16) inside one 512-bit block, so a query touches one cache line. Its size is
// chosen to minimise the total bytes on the wire: the filter itself plus the sketch cells
// that its false positives cost (they become candidates that decode to zero).
#pragma once

#include "compression/simd.hpp"
#include "compression/wire.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace compression {

inline constexpr std::uint32_t kBloomBlockBits = 512;

struct BloomPlan {
    std::uint32_t blocks = 0;        // filter size = blocks * 64 bytes
    int hashes = 0;                  // bits set per key
    double bits_per_key = 0;         // for the planned number of keys
    double false_positive_rate = 0;  // model estimate
    std::uint64_t bytes() const { return static_cast<std::uint64_t>(blocks) * kBloomBlockBits / 8; }
};

// False-positive rate of the blocked filter: a Poisson mixture over block loads.
double blocked_bloom_fp_rate(double bits_per_key, int hashes);
// Minimises filter bytes + 4 * load_factor * (expected false positives) over bits per key
// and hash count, for `keys` positions among n.
BloomPlan plan_bloom(std::size_t n, std::size_t keys, double load_factor);

Message bloom_build(const BloomPlan& plan, std::uint64_t seed, std::span<const std::uint32_t> positions);
// The same into `filter`, reusing its buffer.
void bloom_build(const BloomPlan& plan, std::uint64_t seed, std::span<const std::uint32_t> positions, Message& filter);
bool bloom_contains(const BloomPlan& plan, std::uint64_t seed, const Message& filter, std::uint32_t p);
// Appends every position in [0, n) the filter contains, ascending (the best path this
// processor has; the second form picks one, falling back to scalar where unsupported).
void bloom_candidates(const BloomPlan& plan, std::uint64_t seed, const Message& filter, std::size_t n,
                      std::vector<std::uint32_t>& out);
void bloom_candidates(Isa isa, const BloomPlan& plan, std::uint64_t seed, const Message& filter, std::size_t n,
                      std::vector<std::uint32_t>& out);

}  // namespace compression
