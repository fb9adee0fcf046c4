// The simulated switch's integer sums equal the codec's dense-int aggregate, bit for bit:
// the codec's SwitchML-style rounds (max exponent, then int32 sum) replayed through the
// netsim switch model with real data in its registers.
#include "real_gradients.hpp"

#include "compression/baselines.hpp"
#include "compression/fixed_point.hpp"
#include "compression/scheme.hpp"
#include "netsim/switch_aggregation.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <random>

namespace {

netsim::SwitchAggregationConfig switch_config(std::uint32_t workers, double loss) {
    netsim::SwitchAggregationConfig c;
    c.workers = workers;
    c.slots = 64;
    c.packets = netsim::PacketFormat{1024, 74};
    c.uplinks = {netsim::LinkSpec{100.0, 1e-6, loss}};
    c.downlinks = c.uplinks;
    c.switch_latency_s = 0.5e-6;
    c.retransmit_timeout_s = 20e-6;
    c.seed = 99;
    return c;
}

struct SwitchOutcome {
    std::vector<std::vector<std::uint32_t>> sums;  // per worker, as received
    std::vector<std::vector<float>> decoded;       // per worker
    netsim::SwitchAggregationResult values_round;
};

// Worker side of dense-int, with the network replaced by the simulated switch.
SwitchOutcome through_switch(const std::vector<std::vector<float>>& grads, const netsim::SwitchAggregationConfig& c) {
    const std::size_t k = grads.size(), n = grads[0].size();
    std::vector<std::vector<std::uint32_t>> meta(k, std::vector<std::uint32_t>(1, 0)), meta_out;
    for (std::size_t w = 0; w < k; ++w) meta[w][0] = compression::max_exponent_byte(grads[w]);
    netsim::aggregate_through_switch(c, meta, netsim::AggregationOp::MaxBytes, meta_out);

    SwitchOutcome out;
    std::vector<std::vector<std::uint32_t>> words(k, std::vector<std::uint32_t>(n));
    std::vector<compression::FixedPoint> scale;
    for (std::size_t w = 0; w < k; ++w) {
        // Each worker derives the scale from what the switch returned to it.
        scale.emplace_back(static_cast<std::uint8_t>(meta_out[w][0] & 0xFF), k);
        for (std::size_t i = 0; i < n; ++i) words[w][i] = static_cast<std::uint32_t>(scale[w].encode(grads[w][i]));
    }
    out.values_round = netsim::aggregate_through_switch(c, words, netsim::AggregationOp::Sum, out.sums);
    out.decoded.assign(k, std::vector<float>(n));
    for (std::size_t w = 0; w < k; ++w) {
        for (std::size_t i = 0; i < n; ++i) out.decoded[w][i] = scale[w].decode(static_cast<std::int32_t>(out.sums[w][i]));
    }
    // The codec's own integer reduction of the same messages.
    compression::Message reference = compression::aggregate(compression::Reduce::sum_int32, words);
    for (std::size_t w = 0; w < k; ++w) EXPECT_EQ(out.sums[w], reference) << "worker " << w;
    return out;
}

void expect_bit_identical(const std::vector<float>& a, const std::vector<float>& b, const std::string& what) {
    ASSERT_EQ(a.size(), b.size());
    std::size_t differing = 0, first = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::bit_cast<std::uint32_t>(a[i]) != std::bit_cast<std::uint32_t>(b[i]) && differing++ == 0) first = i;
    }
    EXPECT_EQ(differing, 0u) << what << ": first difference at " << first << ": " << a[first] << " vs " << b[first];
}

void check_against_codec(const std::vector<std::vector<float>>& grads, double loss) {
    compression::DenseIntScheme codec;
    compression::Result expected = compression::aggregate(codec, grads);
    SwitchOutcome got = through_switch(grads, switch_config(static_cast<std::uint32_t>(grads.size()), loss));
    for (std::size_t w = 0; w < grads.size(); ++w) {
        expect_bit_identical(got.decoded[w], expected.sum, "worker " + std::to_string(w));
    }
    EXPECT_EQ(got.values_round.slot_reuse_violations, 0u);
    if (loss > 0) EXPECT_GT(got.values_round.retransmissions, 0u);
}

TEST(SwitchMatchesCodec, DenseIntOnFashionMnistGradients) {
    auto grads = sextant_test::fashion_mnist_gradients(8, 64);
    if (!grads) {
        GTEST_SKIP() << "needs the dataset-fashion-mnist package (" << sextant_test::kFashionMnistImages
                     << ") and zlib";
    }
    std::size_t zeros = 0;
    for (float v : (*grads)[0]) zeros += v == 0.0f;
    EXPECT_GT(zeros, 0u) << "softmax-regression gradients of a batch have zero rows for unused pixels";
    check_against_codec(*grads, 0.0);
    check_against_codec(*grads, 0.02);
}

TEST(SwitchMatchesCodec, DenseIntOnAdversarialGradients) {
    // Zeros, tiny and huge magnitudes, values that cancel exactly across workers, and a
    // length that leaves the last packet short.
    const std::size_t k = 6, n = 100'003;
    std::mt19937_64 rng(5);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<std::vector<float>> grads(k, std::vector<float>(n, 0.0f));
    for (std::size_t i = 0; i < n; ++i) {
        switch (i % 5) {
        case 0: break;  // all zero
        case 1:
            for (auto& g : grads) g[i] = normal(rng) * 1e-3f;
            break;
        case 2:
            grads[0][i] = 3.5f;
            grads[1][i] = -3.5f;  // cancels to exactly zero
            break;
        case 3: grads[i % k][i] = (i % 2 ? 1.0f : -1.0f) * 6.0e4f; break;
        case 4:
            for (auto& g : grads) g[i] = normal(rng) * 1e-30f;
            break;
        }
    }
    check_against_codec(grads, 0.0);
    check_against_codec(grads, 0.01);
}

}  // namespace
