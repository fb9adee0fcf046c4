// The index structures: no false negatives, Bloom false positives as the model predicts,
// union estimates close to the truth.
#include <compression/bitmap_index.hpp>
#include <compression/bloom_index.hpp>
#include <compression/minimum.hpp>
#include <compression/union_estimate.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

using namespace compression;

namespace {

std::vector<std::uint32_t> random_positions(std::size_t n, std::size_t k, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::uint32_t> all(n);
    for (std::size_t i = 0; i < n; ++i) all[i] = static_cast<std::uint32_t>(i);
    std::shuffle(all.begin(), all.end(), rng);
    all.resize(k);
    std::sort(all.begin(), all.end());
    return all;
}

}  // namespace

TEST(Bitmap, ListsExactlyTheMarkedPositions) {
    const auto p = random_positions(1000, 77, 1);
    std::vector<std::uint32_t> back;
    bitmap_positions(bitmap_build(1000, p), 1000, back);
    EXPECT_EQ(back, p);
}

TEST(Bloom, NoFalseNegativesAndFalsePositivesNearTheModel) {
    const std::size_t n = 1 << 20;
    for (std::size_t keys : {1000u, 10000u, 100000u}) {
        const auto p = random_positions(n, keys, keys);
        const BloomPlan plan = plan_bloom(n, keys, 1.23);
        const Message filter = bloom_build(plan, 77, p);
        std::vector<std::uint32_t> candidates;
        bloom_candidates(plan, 77, filter, n, candidates);
        ASSERT_TRUE(std::includes(candidates.begin(), candidates.end(), p.begin(), p.end()));
        const double fp = static_cast<double>(candidates.size() - keys) / static_cast<double>(n - keys);
        EXPECT_LT(fp, 2.0 * plan.false_positive_rate + 3e-5) << keys;
        EXPECT_GT(fp, 0.3 * plan.false_positive_rate) << keys;
        for (auto q : p) ASSERT_TRUE(bloom_contains(plan, 77, filter, q));
    }
}

TEST(Bloom, PlanBeatsTheBitmapAtLowDensityAndFollowsTheMinimum) {
    const std::size_t n = 1 << 24;
    for (double d : {0.001, 0.01, 0.1}) {
        const auto keys = static_cast<std::size_t>(d * n);
        const BloomPlan plan = plan_bloom(n, keys, 1.23);
        const double total = plan.bytes() + 4 * 1.23 * (keys + (n - keys) * plan.false_positive_rate);
        EXPECT_LT(total / minimum_bytes(n, keys), 1.55) << d;
        EXPECT_GT(plan.hashes, 3);
    }
}

TEST(UnionEstimate, WithinAFewStandardErrors) {
    for (std::size_t k : {5u, 500u, 50000u}) {
        std::vector<std::uint8_t> regs(union_registers_for(1 << 24));
        ASSERT_EQ(regs.size(), 1024u);
        const auto p = random_positions(1 << 20, k, k + 1);
        union_add(regs, 5, p);
        union_add(regs, 5, p);  // adding the same positions again changes nothing
        EXPECT_NEAR(union_estimate(regs), static_cast<double>(k), 4 * 1.04 / 32 * k + 2) << k;
    }
}

TEST(Minimum, MatchesTheBinomialFormula) {
    EXPECT_DOUBLE_EQ(minimum_bytes(10, 0), 0.0);
    EXPECT_NEAR(log2_binomial(10, 3), std::log2(120.0), 1e-9);
    EXPECT_NEAR(minimum_bytes(1000, 10), (std::log2(2.634095604619e23) + 320) / 8, 1e-6);
}

TEST(Bloom, SimdCandidatesEqualScalarOnRandomFiltersAndEdgeCases) {
    // The AVX2 query (two permutes + blend per 8 hashes) against the scalar one, for hash
    // counts on both sides of 8, lengths that are not multiples of the vector width or of
    // the 64-position batch, empty and full filters.
    if (!isa_supported(Isa::avx2)) GTEST_SKIP() << "no AVX2 on this processor";
    std::mt19937_64 rng(31);
    for (std::size_t n : {1u, 7u, 8u, 63u, 64u, 65u, 129u, 1000u, 100003u}) {
        for (int hashes : {1, 3, 7, 8, 9, 13, 16}) {
            const std::size_t keys = std::max<std::size_t>(1, n / 50);
            BloomPlan plan;
            plan.hashes = hashes;
            plan.blocks = static_cast<std::uint32_t>(std::max<std::size_t>(1, keys * 10 / kBloomBlockBits));
            const auto p = random_positions(n, keys, rng());
            const std::uint64_t seed = rng();
            const Message filter = bloom_build(plan, seed, p);
            std::vector<std::uint32_t> scalar, simd;
            bloom_candidates(Isa::scalar, plan, seed, filter, n, scalar);
            bloom_candidates(Isa::avx2, plan, seed, filter, n, simd);
            ASSERT_EQ(simd, scalar) << "n=" << n << " hashes=" << hashes;
            ASSERT_TRUE(std::includes(scalar.begin(), scalar.end(), p.begin(), p.end()));
            for (std::size_t q = 0; q < std::min<std::size_t>(n, 2000); ++q)
                ASSERT_EQ(bloom_contains(plan, seed, filter, static_cast<std::uint32_t>(q)),
                          std::binary_search(scalar.begin(), scalar.end(), q));
            // Empty and full filters: nothing, and every position.
            const Message empty(filter.size(), 0u), full(filter.size(), ~0u);
            for (Isa isa : {Isa::scalar, Isa::avx2}) {
                std::vector<std::uint32_t> none, all;
                bloom_candidates(isa, plan, seed, empty, n, none);
                bloom_candidates(isa, plan, seed, full, n, all);
                ASSERT_TRUE(none.empty());
                ASSERT_EQ(all.size(), n);
                for (std::size_t q = 0; q < n; ++q) ASSERT_EQ(all[q], q);
            }
        }
    }
}

TEST(Bloom, FalsePositivesNearTheModelForEveryHashCount) {
    // The multiply-shift offsets (one key hash, k salts) must behave like independent bits.
    const std::size_t n = 1 << 20, keys = 20000;
    const auto p = random_positions(n, keys, 8);
    for (int hashes : {1, 2, 4, 6, 8, 11, 16}) {
        for (double bits_per_key : {6.0, 12.0, 20.0}) {
            BloomPlan plan;
            plan.hashes = hashes;
            plan.blocks = static_cast<std::uint32_t>(std::ceil(bits_per_key * keys / kBloomBlockBits));
            const double model = blocked_bloom_fp_rate(plan.blocks * double(kBloomBlockBits) / keys, hashes);
            const Message filter = bloom_build(plan, 1234, p);
            std::vector<std::uint32_t> candidates;
            bloom_candidates(plan, 1234, filter, n, candidates);
            const double fp = static_cast<double>(candidates.size() - keys) / static_cast<double>(n - keys);
            EXPECT_LT(fp, 1.25 * model + 3e-5) << "hashes " << hashes << " bits/key " << bits_per_key;
            EXPECT_GT(fp, 0.75 * model - 3e-5) << "hashes " << hashes << " bits/key " << bits_per_key;
        }
    }
}
