#include "compression/bloom_index.hpp"

#include "compression/hashing.hpp"
#include "compression/simd.hpp"
#include "hash_avx2.hpp"
#include "huge_pages.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace compression {

namespace {

// A key's block and its bits inside it. The position is hashed twice with murmur3's 32-bit
// finaliser (cheap, and it runs in SIMD lanes): one hash picks the block, the other gives
// the k bit offsets by multiply-shift with k fixed odd salts (the split-block Bloom filter
// of Impala/Parquet, over all 512 bits of the block instead of one word per salt): the
// top 9 bits of key * salt_i. One hash and k multiplies instead of a 64-bit mix per 7
// offsets; the false-positive rate matches the model (tests/compression/test_index.cpp).
constexpr std::uint32_t kWordsPerBlock = kBloomBlockBits / 32;
constexpr int kMaxBloomHashes = 16;
alignas(32) constexpr std::uint32_t kSalts[kMaxBloomHashes] = {
    0x47b6137bu, 0x44974d91u, 0x8824ad5bu, 0xa2b7289du, 0x705495c7u, 0x2df1424bu, 0x9efc4947u, 0x5c6bfb31u,
    0x9e3779b1u, 0x85ebca6bu, 0xc2b2ae35u, 0x27d4eb2fu, 0x165667b1u, 0xd3a2646du, 0xfd7046c5u, 0xb55a4f09u};
constexpr std::uint32_t kKeyMultiplier = 0x9e3779b1u;

struct Seeds {
    std::uint32_t block, key;
    explicit Seeds(std::uint64_t seed)
        : block(static_cast<std::uint32_t>(seed)), key(static_cast<std::uint32_t>(seed >> 32)) {}
};

inline std::uint32_t block_of(std::uint32_t p, const Seeds& s, std::uint32_t blocks) {
    return fast_range(fmix32(p ^ s.block), blocks);
}
inline std::uint32_t key_of(std::uint32_t p, const Seeds& s) { return fmix32((p * kKeyMultiplier) ^ s.key); }
inline std::uint32_t offset(std::uint32_t key, int i) { return (key * kSalts[i]) >> 23; }

inline bool bit_set(const std::uint32_t* block, std::uint32_t bit) { return (block[bit >> 5] >> (bit & 31)) & 1u; }

inline bool block_contains(const std::uint32_t* block, std::uint32_t key, int hashes) {
    // The first three bits without branches: a non-key fails one of them with probability
    // ~7/8, so the branch below is predictable.
    const int first = std::min(hashes, 3);
    std::uint32_t all = 1;
    for (int i = 0; i < first; ++i) all &= bit_set(block, offset(key, i));
    if (!all) return false;
    for (int i = first; i < hashes; ++i)
        if (!bit_set(block, offset(key, i))) return false;
    return true;
}

// The filter with its blocks on cache-line boundaries (a Message's buffer is only 16-byte
// aligned, so a block would straddle two lines: two misses per query instead of one). The
// copy lives in a per-thread buffer that is kept and grown, so repeated decodes do not
// fault in a fresh one each time (2 MiB pages advised, as for the other random-access
// buffers).
class AlignedFilter {
public:
    explicit AlignedFilter(const Message& filter) {
        thread_local Buffer buffer;
        const std::size_t bytes = std::max<std::size_t>(64, (filter.size() * 4 + 63) / 64 * 64);
        if (buffer.bytes < bytes) {
            std::free(buffer.data);
            buffer.data = nullptr;
            buffer.bytes = 0;
            const std::size_t alignment = bytes >= kHugePage ? kHugePage : 64;
            void* p = std::aligned_alloc(alignment, (bytes + alignment - 1) / alignment * alignment);
            if (!p) throw std::bad_alloc();
            if (bytes >= kHugePage) advise_huge_pages(p, bytes);
            buffer.data = static_cast<std::uint32_t*>(p);
            buffer.bytes = bytes;
        }
        data_ = buffer.data;
        std::memcpy(data_, filter.data(), filter.size() * 4);
    }
    const std::uint32_t* data() const { return data_; }

private:
    struct Buffer {
        std::uint32_t* data = nullptr;
        std::size_t bytes = 0;
        ~Buffer() { std::free(data); }
    };
    std::uint32_t* data_;
};

// Positions are tested in batches: hash a batch and prefetch its blocks while the batch
// before it is tested, so the cache misses of a whole batch overlap.
constexpr std::size_t kBatch = 64;

void candidates_scalar(const BloomPlan& plan, const Seeds& seeds, const std::uint32_t* base, std::size_t n,
                       std::vector<std::uint32_t>& out) {
    std::uint32_t blk[2][kBatch], key[2][kBatch], hits[kBatch];
    auto hash_batch = [&](std::size_t at, int slot) {
        const std::size_t count = std::min(kBatch, n - at);
        for (std::size_t i = 0; i < count; ++i) {
            const auto p = static_cast<std::uint32_t>(at + i);
            blk[slot][i] = block_of(p, seeds, plan.blocks);
            key[slot][i] = key_of(p, seeds);
            __builtin_prefetch(base + static_cast<std::size_t>(blk[slot][i]) * kWordsPerBlock);
        }
    };
    hash_batch(0, 0);
    for (std::size_t at = 0, b = 0; at < n; at += kBatch, ++b) {
        const int slot = static_cast<int>(b & 1);
        if (at + kBatch < n) hash_batch(at + kBatch, slot ^ 1);
        const std::size_t count = std::min(kBatch, n - at);
        std::size_t h = 0;
        for (std::size_t i = 0; i < count; ++i) {
            hits[h] = static_cast<std::uint32_t>(at + i);
            h += block_contains(base + static_cast<std::size_t>(blk[slot][i]) * kWordsPerBlock, key[slot][i],
                                plan.hashes);
        }
        out.insert(out.end(), hits, hits + h);
    }
}

#if defined(__x86_64__)

// Whether the block holds all of a key's bits for the 8 salts in `salts` (lanes beyond
// the hash count repeat salt 0, which changes nothing). With x = key * salt, the offset is
// x >> 23: its word is x >> 28 (the low 3 bits pick a word within a 256-bit half, bit 31
// - the sign bit that blendv reads - picks the half) and its bit is (x >> 23) & 31.
__attribute__((target("avx2"))) inline int block_has(__m256i lo, __m256i hi, __m256i key, __m256i salts) {
    const __m256i x = _mm256_mullo_epi32(key, salts);
    const __m256i word = _mm256_srli_epi32(x, 28);
    const __m256i from_lo = _mm256_permutevar8x32_epi32(lo, word);
    const __m256i from_hi = _mm256_permutevar8x32_epi32(hi, word);
    const __m256i w = _mm256_castps_si256(
        _mm256_blendv_ps(_mm256_castsi256_ps(from_lo), _mm256_castsi256_ps(from_hi), _mm256_castsi256_ps(x)));
    const __m256i bit =
        _mm256_sllv_epi32(_mm256_set1_epi32(1), _mm256_and_si256(_mm256_srli_epi32(x, 23), _mm256_set1_epi32(31)));
    return _mm256_testc_si256(w, bit);  // (~w & bit) == 0: every wanted bit is set
}

__attribute__((target("avx2"))) inline void hash8_avx2(__m256i p, __m256i block_seed, __m256i key_seed, __m256i key_mul,
                                                       __m256i blocks, std::uint32_t* blk, std::uint32_t* key) {
    const __m256i hb = fmix32_avx2(_mm256_xor_si256(p, block_seed));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(blk), fast_range_avx2(hb, blocks));
    const __m256i hk = fmix32_avx2(_mm256_xor_si256(_mm256_mullo_epi32(p, key_mul), key_seed));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(key), hk);
}

// Block and key of positions at, at + 1, ... (whole groups of 8: lanes past `count` are
// hashed too, into the padding of the arrays, and never tested).
__attribute__((target("avx2"))) void hash_batch_avx2(const Seeds& seeds, std::uint32_t blocks_count, std::size_t at,
                                                     std::size_t count, std::uint32_t* blk, std::uint32_t* key) {
    const __m256i block_seed = _mm256_set1_epi32(static_cast<int>(seeds.block));
    const __m256i key_seed = _mm256_set1_epi32(static_cast<int>(seeds.key));
    const __m256i key_mul = _mm256_set1_epi32(static_cast<int>(kKeyMultiplier));
    const __m256i blocks = _mm256_set1_epi32(static_cast<int>(blocks_count));
    const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (std::size_t i = 0; i < count; i += 8) {
        const __m256i p = _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(at + i)), iota);
        hash8_avx2(p, block_seed, key_seed, key_mul, blocks, blk + i, key + i);
    }
}

// Block and key of keys[0..count) (whole groups of 8; the rest is left to the caller).
__attribute__((target("avx2"))) std::size_t hash_keys_avx2(const Seeds& seeds, std::uint32_t blocks_count,
                                                           const std::uint32_t* keys, std::size_t count,
                                                           std::uint32_t* blk, std::uint32_t* key) {
    const __m256i block_seed = _mm256_set1_epi32(static_cast<int>(seeds.block));
    const __m256i key_seed = _mm256_set1_epi32(static_cast<int>(seeds.key));
    const __m256i key_mul = _mm256_set1_epi32(static_cast<int>(kKeyMultiplier));
    const __m256i blocks = _mm256_set1_epi32(static_cast<int>(blocks_count));
    std::size_t i = 0;
    for (; i + 8 <= count; i += 8)
        hash8_avx2(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(keys + i)), block_seed, key_seed, key_mul,
                   blocks, blk + i, key + i);
    return i;
}

template <bool kTwoGroups>
__attribute__((target("avx2"))) void candidates_avx2(const BloomPlan& plan, const Seeds& seeds,
                                                     const std::uint32_t* base, std::size_t n,
                                                     std::vector<std::uint32_t>& out) {
    alignas(32) std::uint32_t blk[2][kBatch], key[2][kBatch];
    std::uint32_t hits[kBatch];
    alignas(32) std::uint32_t salts[16];
    for (int i = 0; i < 16; ++i) salts[i] = kSalts[i < plan.hashes ? i : 0];
    const __m256i salts0 = _mm256_load_si256(reinterpret_cast<const __m256i*>(salts));
    const __m256i salts1 = _mm256_load_si256(reinterpret_cast<const __m256i*>(salts + 8));
    auto hash_batch = [&](std::size_t at, int slot) {
        hash_batch_avx2(seeds, plan.blocks, at, std::min(kBatch, n - at), blk[slot], key[slot]);
        for (std::size_t i = 0, count = std::min(kBatch, n - at); i < count; ++i)
            __builtin_prefetch(base + static_cast<std::size_t>(blk[slot][i]) * kWordsPerBlock);
    };
    hash_batch(0, 0);
    for (std::size_t at = 0, b = 0; at < n; at += kBatch, ++b) {
        const int slot = static_cast<int>(b & 1);
        if (at + kBatch < n) hash_batch(at + kBatch, slot ^ 1);
        const std::size_t count = std::min(kBatch, n - at);
        std::size_t h = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const std::uint32_t* block = base + static_cast<std::size_t>(blk[slot][i]) * kWordsPerBlock;
            const __m256i lo = _mm256_load_si256(reinterpret_cast<const __m256i*>(block));
            const __m256i hi = _mm256_load_si256(reinterpret_cast<const __m256i*>(block + 8));
            const __m256i k = _mm256_set1_epi32(static_cast<int>(key[slot][i]));
            int has = block_has(lo, hi, k, salts0);
            // A non-key rarely has all of its first 8 bits set, so this branch is predictable.
            if constexpr (kTwoGroups)
                if (has) has = block_has(lo, hi, k, salts1);
            hits[h] = static_cast<std::uint32_t>(at + i);
            h += static_cast<std::size_t>(has);
        }
        out.insert(out.end(), hits, hits + h);
    }
}
#endif

}  // namespace

double blocked_bloom_fp_rate(double bits_per_key, int hashes) {
    // Keys per block ~ Poisson(lambda). A block holding L keys has each bit set with
    // probability 1 - (1 - 1/512)^(kL); a non-key tests k (independent) bits of one block.
    // The Poisson weights and powers are stepped from one L to the next (plan_bloom calls
    // this ~1,500 times per tensor: with exp/lgamma/pow per term that took ~8 ms).
    const double lambda = kBloomBlockBits / bits_per_key;
    const double spread = 10.0 * std::sqrt(lambda) + 10.0;
    const int lo = static_cast<int>(std::max(0.0, lambda - spread));
    const int hi = static_cast<int>(lambda + spread);
    const double keep = std::pow(1.0 - 1.0 / kBloomBlockBits, hashes);
    double weight = std::exp(-lambda + lo * std::log(lambda) - std::lgamma(lo + 1.0));
    double kept = std::pow(keep, lo);  // keep^L
    double fp = 0;
    for (int L = lo; L <= hi; ++L) {
        const double set = 1.0 - kept;
        double all = 1.0;
        for (int i = 0; i < hashes; ++i) all *= set;
        fp += weight * all;
        weight *= lambda / (L + 1.0);
        kept *= keep;
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
    Message filter;
    bloom_build(plan, seed, positions, filter);
    return filter;
}

void bloom_build(const BloomPlan& plan, std::uint64_t seed, std::span<const std::uint32_t> positions, Message& filter) {
    reserve_huge(filter, static_cast<std::size_t>(plan.blocks) * kWordsPerBlock);
    filter.assign(static_cast<std::size_t>(plan.blocks) * kWordsPerBlock, 0u);
    if (plan.blocks == 0) return;
    if (plan.hashes < 1 || plan.hashes > kMaxBloomHashes)
        throw std::invalid_argument("bloom hashes must be in [1, 16], got " + std::to_string(plan.hashes));
    const Seeds seeds(seed);
    const bool avx2 = best_isa() == Isa::avx2;
    // Keys are hashed a chunk at a time (SIMD where the processor has AVX2), one chunk
    // ahead, and each key's block is prefetched kLead keys before its bits are set, so the
    // cache misses of kLead keys overlap.
    constexpr std::size_t kChunk = 512, kLead = 32;
    std::uint32_t blk[2 * kChunk], key[2 * kChunk];
    std::uint32_t* base = filter.data();
    const std::uint32_t* keys = positions.data();
    const std::size_t count = positions.size();
    auto hash_chunk = [&](std::size_t from, std::uint32_t* b, std::uint32_t* k) {
        const std::size_t len = std::min(kChunk, count - from);
        std::size_t i = 0;
#if defined(__x86_64__)
        if (avx2) i = hash_keys_avx2(seeds, plan.blocks, keys + from, len, b, k);
#endif
        for (; i < len; ++i) {
            b[i] = block_of(keys[from + i], seeds, plan.blocks);
            k[i] = key_of(keys[from + i], seeds);
        }
    };
    auto prefetch = [&](std::uint32_t block) {
        __builtin_prefetch(base + static_cast<std::size_t>(block) * kWordsPerBlock, 1);
    };
    hash_chunk(0, blk, key);
    for (std::size_t k = 0; k < std::min(kLead, count); ++k) prefetch(blk[k]);
    for (std::size_t c0 = 0, c = 0; c0 < count; c0 += kChunk, ++c) {
        const std::size_t cur = (c & 1) * kChunk, next = ((c + 1) & 1) * kChunk;
        if (c0 + kChunk < count) hash_chunk(c0 + kChunk, blk + next, key + next);
        const std::size_t len = std::min(kChunk, count - c0);
        for (std::size_t k = 0; k < len; ++k) {
            const std::size_t ahead = k + kLead;
            if (c0 + ahead < count) prefetch(ahead < kChunk ? blk[cur + ahead] : blk[next + ahead - kChunk]);
            std::uint32_t* block = base + static_cast<std::size_t>(blk[cur + k]) * kWordsPerBlock;
            const std::uint32_t kk = key[cur + k];
            for (int h = 0; h < plan.hashes; ++h) {
                const std::uint32_t bit = offset(kk, h);
                block[bit >> 5] |= 1u << (bit & 31);
            }
        }
    }
}

bool bloom_contains(const BloomPlan& plan, std::uint64_t seed, const Message& filter, std::uint32_t p) {
    if (plan.blocks == 0) return false;
    const Seeds seeds(seed);
    return block_contains(filter.data() + static_cast<std::size_t>(block_of(p, seeds, plan.blocks)) * kWordsPerBlock,
                          key_of(p, seeds), plan.hashes);
}

void bloom_candidates(const BloomPlan& plan, std::uint64_t seed, const Message& filter, std::size_t n,
                      std::vector<std::uint32_t>& out) {
    bloom_candidates(best_isa(), plan, seed, filter, n, out);
}

void bloom_candidates(Isa isa, const BloomPlan& plan, std::uint64_t seed, const Message& filter, std::size_t n,
                      std::vector<std::uint32_t>& out) {
    if (plan.blocks == 0 || n == 0) return;
    if (plan.hashes < 1 || plan.hashes > kMaxBloomHashes)
        throw std::invalid_argument("bloom hashes must be in [1, 16], got " + std::to_string(plan.hashes));
    if (filter.size() < static_cast<std::size_t>(plan.blocks) * kWordsPerBlock)
        throw std::invalid_argument("bloom_candidates: filter smaller than its plan");
    const Seeds seeds(seed);
    const AlignedFilter aligned(filter);
#if defined(__x86_64__)
    if (isa == Isa::avx2 && isa_supported(Isa::avx2)) {
        if (plan.hashes > 8) candidates_avx2<true>(plan, seeds, aligned.data(), n, out);
        else candidates_avx2<false>(plan, seeds, aligned.data(), n, out);
        return;
    }
#endif
    (void)isa;
    candidates_scalar(plan, seeds, aligned.data(), n, out);
}

}  // namespace compression
