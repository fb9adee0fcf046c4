// Adversarial inputs for every scheme: empty, all zeros, all nonzero, one nonzero, sums
// that cancel to zero, magnitudes at the fixed-point limits, NaN/Inf, mismatched lengths.
#include "gradients.hpp"

#include <compression/baselines.hpp>
#include <compression/fixed_point.hpp>

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <limits>

using namespace compression;
using testing_support::bitwise_equal;

namespace {

std::vector<SchemeConfig> lhc_variants() {
    std::vector<SchemeConfig> v;
    for (const char* scheme : {"lhc", "lhc-union", "lhc-aligned"})
        for (auto index : {IndexKind::bitmap, IndexKind::bloom})
            for (auto mode : {ValueMode::int32, ValueMode::float32}) {
                SchemeConfig c;
                c.scheme = scheme;
                c.index = index;
                c.mode = mode;
                c.seed = 42;
                v.push_back(c);
            }
    return v;
}

// LHC int mode must equal dense-int bit for bit. (Float mode is exact only where float
// arithmetic is; test_lhc.cpp covers it.)
void expect_lhc_exact(const std::vector<std::vector<float>>& g, const char* what) {
    for (const auto& c : lhc_variants()) {
        if (c.mode != ValueMode::int32) continue;
        auto lhc = make_scheme(c);
        std::unique_ptr<Scheme> ref = c.mode == ValueMode::int32 ? std::unique_ptr<Scheme>(new DenseIntScheme)
                                                                 : std::unique_ptr<Scheme>(new DenseScheme);
        const auto got = aggregate(*lhc, g);
        const auto want = aggregate(*ref, g);
        for (std::size_t i = 0; i < want.sum.size(); ++i)
            ASSERT_EQ(got.sum[i] + 0.0f, want.sum[i] + 0.0f)
                << what << ": " << c.scheme << " index " << to_string(c.index) << " mode " << to_string(c.mode)
                << " position " << i;
    }
}

}  // namespace

TEST(Adversarial, EmptyGradientsGiveEmptySums) {
    const std::vector<std::vector<float>> g(3);
    for (const auto& name : scheme_names()) {
        SchemeConfig c;
        c.scheme = name;
        auto s = make_scheme(c);
        const auto r = aggregate(*s, g);
        EXPECT_TRUE(r.sum.empty()) << name;
    }
}

TEST(Adversarial, AllZerosSendAlmostNothingAndDecodeToZero) {
    const std::vector<std::vector<float>> g(4, std::vector<float>(10000, 0.0f));
    expect_lhc_exact(g, "all zeros");
    for (const char* scheme : {"lhc-union", "lhc-aligned"}) {
        SchemeConfig c;
        c.scheme = scheme;
        auto lhc = make_scheme(c);
        const auto r = aggregate(*lhc, g);
        EXPECT_EQ(r.report.candidates, 0u) << scheme;
        EXPECT_LT(r.report.bytes_sent(), 100u) << scheme;
    }
    // One pass: the sketch's size is fixed before anyone knows the union is empty (n / 10
    // cells the first time); the next aggregation of the tensor sizes it from that union.
    auto lhc = make_scheme(SchemeConfig{});
    const auto first = aggregate(*lhc, g);
    EXPECT_EQ(first.report.candidates, 0u);
    EXPECT_EQ(first.report.sketch_cells, 1002u);  // 10000 / 10 rounded up to 3 segments
    const auto next = aggregate(*lhc, g);
    EXPECT_LT(next.report.bytes_sent(), 100u);
    EXPECT_EQ(next.report.repairs, 0u);
}

TEST(Adversarial, AllNonzero) {
    auto g = testing_support::sparse_gradients(3, 4097, 1.0, 0.0, 8);
    expect_lhc_exact(g, "all nonzero");
}

TEST(Adversarial, OneNonzero) {
    std::vector<std::vector<float>> g(5, std::vector<float>(12345, 0.0f));
    g[3][12344] = -0.375f;
    expect_lhc_exact(g, "one nonzero");
    auto lhc = make_scheme(SchemeConfig{});
    EXPECT_EQ(aggregate(*lhc, g).sum[12344], -0.375f);
}

TEST(Adversarial, ValuesThatCancelToExactlyZero) {
    auto g = testing_support::sparse_gradients(2, 5000, 0.05, 1.0, 9);
    g.push_back(g[0]);
    for (auto& x : g[2]) x = -x;  // worker 2 cancels worker 0
    g.push_back(g[1]);
    for (auto& x : g[3]) x = -x;  // worker 3 cancels worker 1
    expect_lhc_exact(g, "cancelling");
    auto lhc = make_scheme(SchemeConfig{});
    const auto r = aggregate(*lhc, g);
    for (float v : r.sum) ASSERT_EQ(v, 0.0f);
    EXPECT_GT(r.report.union_nonzeros, 0u);
}

TEST(Adversarial, MagnitudesAtTheFixedPointLimits) {
    for (std::size_t K : {1u, 2u, 63u, 64u}) {
        std::vector<std::vector<float>> g(K, std::vector<float>(64, 0.0f));
        for (auto& w : g) {
            w[0] = FLT_MAX;  // the largest finite float, same sign at every worker
            w[1] = -FLT_MAX;
            w[2] = FLT_MIN;  // smallest normal: quantises to 0 next to FLT_MAX
            w[3] = std::numeric_limits<float>::denorm_min();
            w[5] = 1.0f;
        }
        g[0][4] = FLT_MAX;  // only one worker
        expect_lhc_exact(g, "limits");
    }
    // Only tiny values: the scale adapts, so they are not lost.
    std::vector<std::vector<float>> tiny(8, std::vector<float>(16, 0.0f));
    for (auto& w : tiny) w[7] = std::numeric_limits<float>::denorm_min() * 3;
    expect_lhc_exact(tiny, "subnormal only");
    auto lhc = make_scheme(SchemeConfig{});
    EXPECT_EQ(aggregate(*lhc, tiny).sum[7], std::numeric_limits<float>::denorm_min() * 24);
}

TEST(Adversarial, FloatModeRepairsCellsThatOverflowToInf) {
    std::vector<std::vector<float>> g(1, std::vector<float>(2000, 0.0f));
    for (std::size_t i = 0; i < 2000; i += 3) g[0][i] = FLT_MAX * (i % 2 ? 1.0f : -1.0f);
    for (auto index : {IndexKind::bitmap, IndexKind::bloom}) {
        SchemeConfig c;
        c.mode = ValueMode::float32;
        c.index = index;
        auto lhc = make_scheme(c);
        const auto r = aggregate(*lhc, g);
        EXPECT_TRUE(bitwise_equal(r.sum, g[0]));
        EXPECT_GT(r.report.repaired, 0u);
    }
}

TEST(Adversarial, FixedPointSumOfKWorkersNeverOverflows) {
    for (std::size_t K = 1; K <= 64; ++K)
        for (std::uint8_t e : {std::uint8_t{0}, std::uint8_t{1}, std::uint8_t{127}, std::uint8_t{254}}) {
            const FixedPoint f(e, K);
            const float largest = std::nextafter(std::ldexp(1.0f, e - 126), 0.0f);  // just below the bound
            const std::int64_t q = f.encode(e == 0 ? FLT_MIN * 0.99f : largest);
            EXPECT_LE(std::llabs(q), f.limit());
            EXPECT_LE(static_cast<std::int64_t>(K) * f.limit(), std::numeric_limits<std::int32_t>::max());
        }
}

TEST(Adversarial, NanAndInfAreClearErrorsInEveryScheme) {
    for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                      -std::numeric_limits<float>::infinity()}) {
        std::vector<std::vector<float>> g(3, std::vector<float>(100, 1.0f));
        g[2][57] = bad;
        for (const auto& name : scheme_names()) {
            SchemeConfig c;
            c.scheme = name;
            auto s = make_scheme(c);
            try {
                aggregate(*s, g);
                ADD_FAILURE() << name << " accepted " << bad;
            } catch (const std::invalid_argument& e) {
                const std::string m = e.what();
                EXPECT_NE(m.find("worker 2"), std::string::npos) << name << ": " << m;
                EXPECT_NE(m.find("position 57"), std::string::npos) << name << ": " << m;
            }
        }
    }
}

TEST(Adversarial, MismatchedLengthsAreRefused) {
    std::vector<std::vector<float>> g{std::vector<float>(10), std::vector<float>(11)};
    for (const auto& name : scheme_names()) {
        SchemeConfig c;
        c.scheme = name;
        auto s = make_scheme(c);
        std::vector<std::span<const float>> v(g.begin(), g.end());
        std::vector<float> out(10);
        EXPECT_THROW(s->aggregate(v, out), std::invalid_argument) << name;
    }
}

TEST(Adversarial, UnknownSchemeAndBadParametersNameTheField) {
    SchemeConfig c;
    c.scheme = "zip";
    try {
        make_scheme(c);
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("lhc, lhc-union, lhc-aligned, dense"), std::string::npos);
    }
    c.scheme = "lhc";
    c.load_factor = 0;
    EXPECT_THROW(make_scheme(c), std::invalid_argument);
    c.load_factor = 1.23;
    c.hashes = 9;
    EXPECT_THROW(make_scheme(c), std::invalid_argument);
}
