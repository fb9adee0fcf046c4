#include "compression/bloom_index.hpp"

#include "compression/hashing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace compression {

namespace {

// A key's block and a stream of independent 9-bit offsets inside it. (Double hashing
// a + i*b is not good enough in a 512-bit block: keys sharing a stride make the measured
// false-positive rate ~10x the model's.)
struct Probe {
    std::uint32_t block;
    std::uint64_t hash;
};

inline Probe probe(std::uint32_t p, std::uint64_t seed, std::uint32_t blocks) {
    const std::uint64_t h = hash_position(p, seed);
    return {fast_range(static_cast<std::uint32_t>(h >> 32), blocks), h};
}

class Offsets {
public:
    explicit Offsets(std::uint64_t hash) : hash_(hash), bits_(hash & 0xffffffffu), left_(32) {}
    std::uint32_t next() {
        if (left_ < 9) {
            hash_ = mix64(hash_ + 0x9e3779b97f4a7c15ULL);
            bits_ = hash_;
            left_ = 64;
        }
        const auto v = static_cast<std::uint32_t>(bits_ & 511u);
        bits_ >>= 9;
        left_ -= 9;
        return v;
    }

private:
    std::uint64_t hash_, bits_;
    int left_;
};

constexpr std::uint32_t kWordsPerBlock = kBloomBlockBits / 32;

inline bool bit_set(const std::uint32_t* block, std::uint32_t bit) { return (block[bit >> 5] >> (bit & 31)) & 1u; }

inline bool block_contains(const std::uint32_t* block, const Probe& pr, int hashes) {
    Offsets offsets(pr.hash);
    // The first three bits without branches: a non-key fails one of them with probability
    // ~7/8, so the branch below is predictable and the scan of n positions stays fast.
    const int first = std::min(hashes, 3);
    std::uint32_t all = 1;
    for (int i = 0; i < first; ++i) all &= bit_set(block, offsets.next());
    if (!all) return false;
    for (int i = first; i < hashes; ++i)
        if (!bit_set(block, offsets.next())) return false;
    return true;
}

}  // namespace

double blocked_bloom_fp_rate(double bits_per_key, int hashes) {
    // Keys per block ~ Poisson(lambda). A block holding L keys has each bit set with
    // probability 1 - (1 - 1/512)^(kL); a non-key tests k (independent) bits of one block.
    const double lambda = kBloomBlockBits / bits_per_key;
    const double spread = 10.0 * std::sqrt(lambda) + 10.0;
    const int lo = static_cast<int>(std::max(0.0, lambda - spread));
    const int hi = static_cast<int>(lambda + spread);
    const double keep = std::pow(1.0 - 1.0 / kBloomBlockBits, hashes);
    double fp = 0;
    for (int L = lo; L <= hi; ++L) {
        const double weight = std::exp(-lambda + L * std::log(lambda) - std::lgamma(L + 1.0));
        fp += weight * std::pow(1.0 - std::pow(keep, L), hashes);
    }
    return fp;
}

BloomPlan plan_bloom(std::size_t n, std::size_t keys, double load_factor) {
    BloomPlan best;
    if (keys == 0 || n == 0) return best;
    const double negatives = static_cast<double>(n > keys ? n - keys : 0);
    double best_bytes = std::numeric_limits<double>::infinity();
    for (double b = 1.0; b <= 48.0; b += 0.5) {
        const auto blocks = static_cast<std::uint32_t>(std::ceil(b * static_cast<double>(keys) / kBloomBlockBits));
        const double actual_b = static_cast<double>(blocks) * kBloomBlockBits / static_cast<double>(keys);
        for (int k = 1; k <= 16; ++k) {
            const double fp = blocked_bloom_fp_rate(actual_b, k);
            const double bytes = blocks * (kBloomBlockBits / 8.0) + 4.0 * load_factor * negatives * fp;
            if (bytes < best_bytes) {
                best_bytes = bytes;
                best = {blocks, k, actual_b, fp};
            }
        }
    }
    return best;
}

Message bloom_build(const BloomPlan& plan, std::uint64_t seed, std::span<const std::uint32_t> positions) {
    Message filter(static_cast<std::size_t>(plan.blocks) * kWordsPerBlock, 0u);
    if (plan.blocks == 0) return filter;
    // Hash a batch and prefetch its blocks first, so the cache misses overlap.
    constexpr std::size_t kBatch = 16;
    Probe batch[kBatch];
    for (std::size_t at = 0; at < positions.size(); at += kBatch) {
        const std::size_t count = std::min(kBatch, positions.size() - at);
        for (std::size_t i = 0; i < count; ++i) {
            batch[i] = probe(positions[at + i], seed, plan.blocks);
            __builtin_prefetch(filter.data() + static_cast<std::size_t>(batch[i].block) * kWordsPerBlock, 1);
        }
        for (std::size_t i = 0; i < count; ++i) {
            std::uint32_t* block = filter.data() + static_cast<std::size_t>(batch[i].block) * kWordsPerBlock;
            Offsets offsets(batch[i].hash);
            for (int h = 0; h < plan.hashes; ++h) {
                const std::uint32_t bit = offsets.next();
                block[bit >> 5] |= 1u << (bit & 31);
            }
        }
    }
    return filter;
}

bool bloom_contains(const BloomPlan& plan, std::uint64_t seed, const Message& filter, std::uint32_t p) {
    if (plan.blocks == 0) return false;
    const Probe pr = probe(p, seed, plan.blocks);
    return block_contains(filter.data() + static_cast<std::size_t>(pr.block) * kWordsPerBlock, pr, plan.hashes);
}

void bloom_candidates(const BloomPlan& plan, std::uint64_t seed, const Message& filter, std::size_t n,
                      std::vector<std::uint32_t>& out) {
    if (plan.blocks == 0) return;
    // Hash a batch first and prefetch its blocks, so the cache misses overlap.
    constexpr std::size_t kBatch = 32;
    Probe batch[kBatch];
    const std::uint32_t* base = filter.data();
    for (std::size_t at = 0; at < n; at += kBatch) {
        const std::size_t count = std::min(kBatch, n - at);
        for (std::size_t i = 0; i < count; ++i) {
            batch[i] = probe(static_cast<std::uint32_t>(at + i), seed, plan.blocks);
            __builtin_prefetch(base + static_cast<std::size_t>(batch[i].block) * kWordsPerBlock);
        }
        for (std::size_t i = 0; i < count; ++i)
            if (block_contains(base + static_cast<std::size_t>(batch[i].block) * kWordsPerBlock, batch[i], plan.hashes))
                out.push_back(static_cast<std::uint32_t>(at + i));
    }
}

}  // namespace compression
