// The baselines against their definitions: dense sums exact, OmniReduce lossless, fp16
// within half-precision rounding, top-k error feedback conserves mass, THC unbiased.
#include "gradients.hpp"

#include <compression/baselines.hpp>
#include <compression/fixed_point.hpp>
#include <collective/half.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>

using namespace compression;
using testing_support::bitwise_equal;
using testing_support::sparse_gradients;

TEST(Dense, SumsInWorkerOrder) {
    const auto g = sparse_gradients(5, 1001, 0.3, 0.5, 1);
    DenseScheme dense;
    const auto r = aggregate(dense, g);
    for (std::size_t i = 0; i < 1001; ++i) {
        float s = g[0][i];
        for (std::size_t w = 1; w < 5; ++w) s += g[w][i];
        ASSERT_EQ(r.sum[i], s);
    }
    EXPECT_EQ(r.report.bytes_sent(), 4004u);
    EXPECT_FALSE(r.report.switch_aggregatable());
}

TEST(DenseInt, IsTheFixedPointSumOfTheSharedScale) {
    const auto g = sparse_gradients(7, 333, 0.5, 0.2, 2);
    DenseIntScheme scheme;
    const auto r = aggregate(scheme, g);
    std::uint8_t e = 0;
    for (const auto& w : g) e = std::max(e, max_exponent_byte(w));
    const FixedPoint fixed(e, 7);
    for (std::size_t i = 0; i < 333; ++i) {
        std::int64_t s = 0;
        for (const auto& w : g) s += fixed.encode(w[i]);
        ASSERT_EQ(r.sum[i], fixed.decode(s));
        float exact = 0;
        for (const auto& w : g) exact += w[i];
        EXPECT_NEAR(r.sum[i], exact, 1e-6);  // 2^27/7 steps across the range: fine resolution
    }
    EXPECT_TRUE(r.report.switch_aggregatable());
    EXPECT_EQ(r.report.bytes_sent(), 4u + 4 * 333);
}

TEST(OmniReduce, IsBitIdenticalToDenseAndSendsOnlyNonzeroBlocks) {
    std::mt19937_64 rng(3);
    for (int trial = 0; trial < 20; ++trial) {
        const std::size_t n = 1 + rng() % 10000, K = 1 + rng() % 12, B = 1 + rng() % 300;
        const auto g = sparse_gradients(K, n, 0.002 * (1 + rng() % 50), 0.5, rng());
        OmniReduceScheme omni(B);
        DenseScheme dense;
        const auto r = aggregate(omni, g);
        ASSERT_TRUE(bitwise_equal(r.sum, aggregate(dense, g).sum)) << "n=" << n << " K=" << K << " B=" << B;
        std::size_t union_blocks = 0;
        for (std::size_t b = 0; b * B < n; ++b) {
            bool any = false;
            for (std::size_t i = b * B; i < std::min(n, (b + 1) * B); ++i)
                for (const auto& w : g) any = any || w[i] != 0.0f;
            union_blocks += any;
        }
        EXPECT_LE(r.report.bytes_received(), 4 * (((n + B - 1) / B + 31) / 32) + 4 * B * union_blocks);
        EXPECT_FALSE(r.report.switch_aggregatable());
    }
}

TEST(Fp16, WithinHalfPrecisionAndRangeErrorsAreClear) {
    const auto g = sparse_gradients(4, 2000, 0.5, 0.5, 4);
    Fp16Scheme fp16;
    DenseScheme dense;
    const auto got = aggregate(fp16, g), want = aggregate(dense, g);
    for (std::size_t i = 0; i < 2000; ++i)
        ASSERT_NEAR(got.sum[i], want.sum[i], 4 * 5e-3 * (1 + std::fabs(want.sum[i])));
    EXPECT_EQ(got.report.bytes_sent(), 4000u);
    std::vector<std::vector<float>> big{{1.0f, 70000.0f}};
    try {
        aggregate(fp16, big);
        FAIL() << "70000 does not fit fp16";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("position 1"), std::string::npos) << e.what();
    }
    std::vector<std::vector<float>> sum_overflows{{60000.0f}, {60000.0f}};
    EXPECT_THROW(aggregate(fp16, sum_overflows), std::invalid_argument);
}

TEST(Half, RoundsToNearestEvenAndRoundTrips) {
    using collective::float_to_half;
    using collective::half_to_float;
    for (std::uint32_t h = 0; h < 0x10000; ++h) {
        const float f = half_to_float(static_cast<std::uint16_t>(h));
        if (std::isnan(f)) continue;
        ASSERT_EQ(float_to_half(f), h) << h;
    }
    EXPECT_EQ(half_to_float(float_to_half(1.0f + 0x1p-11f)), 1.0f);  // tie -> even
    EXPECT_EQ(half_to_float(float_to_half(1.0f + 0x1p-11f + 0x1p-20f)), 1.0f + 0x1p-10f);
    EXPECT_EQ(half_to_float(float_to_half(65519.0f)), 65504.0f);
    EXPECT_TRUE(std::isinf(half_to_float(float_to_half(65520.0f))));
}

TEST(Topk, SendsKPairsAndCarriesTheRestAsResidual) {
    const auto g = sparse_gradients(3, 5000, 0.2, 0.5, 5);
    TopkScheme topk(0.01);
    double sent_total = 0, grad_total = 0;
    std::vector<float> out(5000);
    for (int step = 0; step < 4; ++step) {
        auto views = testing_support::views(g);
        const auto r = topk.aggregate(views, out);
        EXPECT_EQ(r.bytes_sent(), 50u * 8);
        EXPECT_EQ(r.bytes_received(), 2u * 50 * 8);
        sent_total += std::accumulate(out.begin(), out.end(), 0.0);
        for (const auto& w : g) grad_total += std::accumulate(w.begin(), w.end(), 0.0);
    }
    // Error feedback: everything not yet sent is in the residuals.
    double residual_total = 0;
    for (const auto& r : topk.residuals()) residual_total += std::accumulate(r.begin(), r.end(), 0.0);
    EXPECT_NEAR(sent_total + residual_total, grad_total, 1e-2);
}

TEST(Thc, IsUnbiasedAndSwitchAggregatable) {
    const auto g = sparse_gradients(4, 3000, 0.3, 0.5, 6);
    DenseScheme dense;
    const auto want = aggregate(dense, g);
    std::vector<double> mean(3000, 0.0);
    const int reps = 200;
    ThcScheme thc(4, 9);
    compression::Report last;
    for (int r = 0; r < reps; ++r) {
        const auto got = aggregate(thc, g);
        for (std::size_t i = 0; i < 3000; ++i) mean[i] += got.sum[i] / reps;
        last = got.report;
    }
    double err = 0, norm = 0;
    for (std::size_t i = 0; i < 3000; ++i) {
        err += (mean[i] - want.sum[i]) * (mean[i] - want.sum[i]);
        norm += want.sum[i] * want.sum[i];
    }
    EXPECT_LT(std::sqrt(err / norm), 0.05) << "averaged over fresh rounding, THC converges to the true sum";
    EXPECT_TRUE(last.switch_aggregatable());
    EXPECT_EQ(last.rounds[1].bytes_sent, 4096u * 4 / 8);      // 4 bits per (padded) value
    EXPECT_EQ(last.rounds[1].bytes_received, 4096u * 6 / 8);  // + log2(4) bits for the sum
}
