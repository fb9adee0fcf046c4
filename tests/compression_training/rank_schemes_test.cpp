// A rank's side of each scheme, run by K threads over an in-memory collective, gives the
// same sum and the same rounds as the codec's in-process scheme.
#include "thread_collective.hpp"

#include <compression_training/rank_schemes.hpp>

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <random>

using namespace compression_training;
using compression_training::testing::ThreadCollective;
using compression_training::testing::ThreadGroup;

namespace {

// Sparse gradients with a shared part (like embedding rows several workers touch).
std::vector<std::vector<float>> gradients(int K, std::size_t n, double density, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::normal_distribution<float> v(0, 0.01f);
    std::vector<std::vector<float>> g(static_cast<std::size_t>(K), std::vector<float>(n, 0.0f));
    for (std::size_t i = 0; i < n; ++i) {
        const bool shared = u(rng) < density / 2;
        for (auto& w : g)
            if (shared || u(rng) < density / 2) w[i] = v(rng);
    }
    return g;
}

struct Outcome {
    std::vector<std::vector<float>> sums;  // per rank
    std::vector<RankReport> reports;
    std::vector<std::uint64_t> sent;
};

Outcome run_ranks(const compression::SchemeConfig& cfg, const std::vector<std::vector<float>>& g) {
    const int K = static_cast<int>(g.size());
    ThreadGroup group(K);
    Outcome out;
    out.sums.assign(g.size(), std::vector<float>(g[0].size()));
    out.reports.resize(g.size());
    out.sent.resize(g.size());
    std::vector<std::exception_ptr> errors(g.size());
    group.run([&](int r) {
        ThreadCollective c(group, r);
        try {
            out.reports[r] = rank_aggregate(cfg, c, g[r], out.sums[r]);
        } catch (...) {
            errors[r] = std::current_exception();
        }
        out.sent[r] = c.bytes_sent();
    });
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
    return out;
}

bool bit_equal(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::bit_cast<std::uint32_t>(a[i]) != std::bit_cast<std::uint32_t>(b[i])) return false;
    return true;
}

void expect_same_as_codec(const compression::SchemeConfig& cfg, int K, std::size_t n, double density, unsigned seed) {
    const auto g = gradients(K, n, density, seed);
    auto scheme = compression::make_scheme(cfg);
    const auto ref = compression::aggregate(*scheme, g);
    const auto got = run_ranks(cfg, g);
    for (int r = 0; r < K; ++r) {
        EXPECT_TRUE(bit_equal(got.sums[r], ref.sum))
            << cfg.scheme << " rank " << r << " K=" << K << " density " << density;
        ASSERT_EQ(got.reports[r].rounds.size(), ref.report.rounds.size()) << cfg.scheme;
        std::uint64_t bytes = 0;
        for (std::size_t i = 0; i < ref.report.rounds.size(); ++i) {
            EXPECT_EQ(got.reports[r].rounds[i].name, ref.report.rounds[i].name);
            EXPECT_EQ(got.reports[r].rounds[i].op, ref.report.rounds[i].op);
            EXPECT_EQ(got.reports[r].rounds[i].bytes_sent, ref.report.rounds[i].bytes_sent)
                << ref.report.rounds[i].name;
            bytes += ref.report.rounds[i].bytes_sent;
        }
        EXPECT_EQ(got.sent[r], bytes);  // the collective carried exactly the rounds' messages
        EXPECT_EQ(got.reports[r].candidates, ref.report.candidates);
        EXPECT_EQ(got.reports[r].peel_failures, ref.report.peel_failures);
    }
}

}  // namespace

TEST(RankSchemes, DenseAndDenseIntMatchTheCodec) {
    compression::SchemeConfig cfg;
    for (const char* s : {"dense", "dense-int"}) {
        cfg.scheme = s;
        for (int K : {1, 2, 3, 5}) expect_same_as_codec(cfg, K, 10007, 0.05, 11u + static_cast<unsigned>(K));
    }
}

TEST(RankSchemes, LhcMatchesTheCodecInEveryModeAndIndex) {
    compression::SchemeConfig cfg;
    cfg.scheme = "lhc";
    for (auto mode : {compression::ValueMode::int32, compression::ValueMode::float32})
        for (auto index : {compression::IndexKind::bloom, compression::IndexKind::bitmap})
            for (int K : {1, 2, 4})
                for (double density : {0.001, 0.02, 0.3}) {
                    cfg.mode = mode;
                    cfg.index = index;
                    cfg.seed = static_cast<std::uint64_t>(K * 100 + density * 1000);
                    expect_same_as_codec(cfg, K, 20011, density, static_cast<unsigned>(K + 7));
                }
}

TEST(RankSchemes, LhcRepairRoundMatchesWhenTheSketchIsUndersized) {
    compression::SchemeConfig cfg;
    cfg.scheme = "lhc";
    cfg.load_factor = 0.5;  // far below the peeling threshold: most values go to the repair round
    for (auto mode : {compression::ValueMode::int32, compression::ValueMode::float32}) {
        cfg.mode = mode;
        const auto g = gradients(3, 5000, 0.1, 3);
        const auto got = run_ranks(cfg, g);
        EXPECT_GT(got.reports[0].peel_failures, 0u);
        EXPECT_EQ(got.reports[0].rounds.back().name, "repair");
        expect_same_as_codec(cfg, 3, 5000, 0.1, 3);
    }
}

TEST(RankSchemes, LhcIntEqualsDenseIntBitForBit) {
    compression::SchemeConfig lhc, dint;
    lhc.scheme = "lhc";
    dint.scheme = "dense-int";
    const auto g = gradients(4, 30000, 0.01, 99);
    const auto a = run_ranks(lhc, g), b = run_ranks(dint, g);
    EXPECT_TRUE(bit_equal(a.sums[0], b.sums[0]));
    EXPECT_LT(a.sent[0] * 5, b.sent[0]);  // and sends far less at 2% union density
}

TEST(RankSchemes, NonFiniteGradientNamesRankAndPosition) {
    // A rank that fails leaves its peers waiting (over Gloo, until the launcher stops them),
    // so here both ranks hold the NaN and both fail before the first round.
    auto g = gradients(2, 100, 0.5, 1);
    g[0][42] = g[1][42] = std::nanf("");
    for (const char* s : {"dense", "dense-int", "lhc"}) {
        compression::SchemeConfig cfg;
        cfg.scheme = s;
        try {
            run_ranks(cfg, g);
            FAIL() << s << ": expected an error";
        } catch (const std::invalid_argument& e) {
            const std::string m = e.what();
            EXPECT_NE(m.find("position 42"), std::string::npos) << m;
            EXPECT_NE(m.find("rank"), std::string::npos) << m;
        }
    }
}

TEST(RankSchemes, UnsupportedSchemeIsRefused) {
    ThreadGroup group(1);
    ThreadCollective c(group, 0);
    compression::SchemeConfig cfg;
    cfg.scheme = "topk";
    std::vector<float> g(10, 1.0f), s(10);
    EXPECT_THROW(rank_aggregate(cfg, c, g, s), std::invalid_argument);
}
