// The simulated switch's integer sums equal the codec's aggregate, bit for bit: the codec's
// own rounds (dense-int: max exponent, then int32 sum; LHC int: meta, index, sketch,
// repair) run on netsim's SwitchGroup with real data in the switch's registers.
#include "real_gradients.hpp"

#include "compression/baselines.hpp"
#include "compression/dense_rounds.hpp"
#include "compression/lhc_rounds.hpp"
#include "compression/scheme.hpp"
#include "netsim/switch_group.hpp"

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
    std::vector<float> decoded;
    compression::Report rounds;
    std::uint64_t retransmissions = 0, slot_reuse_violations = 0;  // all rounds
};

// The codec's own rounds (dense-int or LHC) with the network replaced by the simulated
// switch; the group checks that every worker received the same result.
SwitchOutcome through_switch(const compression::SchemeConfig& cfg, const std::vector<std::vector<float>>& grads,
                             const netsim::SwitchAggregationConfig& c) {
    netsim::SwitchGroup group(c);
    std::vector<std::span<const float>> mine(grads.begin(), grads.end());
    SwitchOutcome out;
    out.decoded.resize(grads[0].size());
    if (cfg.scheme == "dense-int") {
        compression::dense_int_rounds(group, mine, out.decoded);
    } else {
        compression::LhcScratch scratch;
        const auto d = compression::lhc_rounds(cfg, group, mine, out.decoded, scratch);
        out.rounds.candidates = d.candidates;
        out.rounds.peel_failures = d.peel_failures;
    }
    out.rounds.rounds = group.tally().rounds;
    for (const auto& r : group.switched()) {
        out.retransmissions += r.retransmissions;
        out.slot_reuse_violations += r.slot_reuse_violations;
    }
    EXPECT_GT(group.tally().reduce_s, 0.0);  // simulated time on the fabric
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

void check_against_codec(const compression::SchemeConfig& cfg, const std::vector<std::vector<float>>& grads,
                         double loss) {
    auto codec = compression::make_scheme(cfg);
    compression::Result expected = compression::aggregate(*codec, grads);
    SwitchOutcome got = through_switch(cfg, grads, switch_config(static_cast<std::uint32_t>(grads.size()), loss));
    expect_bit_identical(got.decoded, expected.sum, cfg.scheme);
    ASSERT_EQ(got.rounds.rounds.size(), expected.report.rounds.size());
    for (std::size_t i = 0; i < expected.report.rounds.size(); ++i) {
        EXPECT_EQ(got.rounds.rounds[i].name, expected.report.rounds[i].name);
        EXPECT_EQ(got.rounds.rounds[i].bytes_sent, expected.report.rounds[i].bytes_sent);
    }
    EXPECT_EQ(got.rounds.candidates, expected.report.candidates);
    EXPECT_EQ(got.slot_reuse_violations, 0u);
    if (loss > 0) {
        EXPECT_GT(got.retransmissions, 0u);
    }
}

void check_against_codec(const std::vector<std::vector<float>>& grads, double loss) {
    compression::SchemeConfig cfg;
    cfg.scheme = "dense-int";
    check_against_codec(cfg, grads, loss);
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

TEST(SwitchMatchesCodec, LhcIntRoundsRunOnTheSwitch) {
    // Sparse gradients with a shared part; a short sketch forces the repair round too.
    const std::size_t k = 4, n = 20'011;
    std::mt19937_64 rng(17);
    std::uniform_real_distribution<double> u(0, 1);
    std::normal_distribution<float> v(0.0f, 0.01f);
    std::vector<std::vector<float>> grads(k, std::vector<float>(n, 0.0f));
    for (std::size_t i = 0; i < n; ++i) {
        const bool shared = u(rng) < 0.01;
        for (auto& g : grads)
            if (shared || u(rng) < 0.01) g[i] = v(rng);
    }
    compression::SchemeConfig cfg;
    cfg.scheme = "lhc";
    for (auto index : {compression::IndexKind::bloom, compression::IndexKind::bitmap})
        for (double load : {1.23, 0.6}) {
            cfg.index = index;
            cfg.load_factor = load;
            check_against_codec(cfg, grads, 0.0);
        }
    cfg.load_factor = 1.23;
    check_against_codec(cfg, grads, 0.1);  // LHC sends a few dozen packets: lose many
}

TEST(SwitchMatchesCodec, FloatRoundsAreRefusedOnAnIntegerSwitch) {
    compression::SchemeConfig cfg;
    cfg.scheme = "lhc";
    cfg.mode = compression::ValueMode::float32;
    std::vector<std::vector<float>> grads(2, std::vector<float>(100, 0.5f));
    try {
        through_switch(cfg, grads, switch_config(2, 0.0));
        FAIL() << "expected an error";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("sum-float32"), std::string::npos) << e.what();
    }
}

}  // namespace
