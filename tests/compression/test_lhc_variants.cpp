// The three LHC protocols: the one-pass default (index and a fixed-size sketch in one
// pass, sized from an estimate, repaired only when peeling fails), the union-sized one
// and the aligned-values one. All are exact; they differ in rounds, passes and bytes.
#include "gradients.hpp"

#include <compression/baselines.hpp>
#include <compression/count_sketch.hpp>
#include <compression/lhc.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace compression;
using testing_support::bitwise_equal;
using testing_support::sparse_gradients;

namespace {

SchemeConfig variant(const char* scheme, IndexKind index = IndexKind::bitmap, ValueMode mode = ValueMode::int32) {
    SchemeConfig c;
    c.scheme = scheme;
    c.index = index;
    c.mode = mode;
    c.seed = 9;
    return c;
}

std::vector<std::string> names(const Report& r) {
    std::vector<std::string> v;
    for (const auto& round : r.rounds) v.push_back(round.name);
    return v;
}

}  // namespace

TEST(LhcVariants, EveryVariantEqualsDenseIntAcrossRepeatedCallsOfOneTensor) {
    // The one-pass estimate carries from call to call: sizes, worker counts and densities
    // change between calls, so the estimate is often far off and repairs must stay exact.
    std::mt19937_64 rng(31);
    for (const char* scheme : {"lhc", "lhc-union", "lhc-aligned"})
        for (auto index : {IndexKind::bitmap, IndexKind::bloom}) {
            auto lhc = make_scheme(variant(scheme, index));
            for (int call = 0; call < 12; ++call) {
                const std::size_t n = 1 + rng() % 30000, K = 1 + rng() % 12;
                const double density = std::pow(10.0, -3.0 + 3.0 * (rng() % 1000) / 1000.0);
                const auto g = sparse_gradients(K, n, density, 0.5, rng());
                DenseIntScheme dense;
                const auto got = aggregate(*lhc, g);
                ASSERT_TRUE(bitwise_equal(got.sum, aggregate(dense, g).sum))
                    << scheme << " " << to_string(index) << " call " << call << " n=" << n << " K=" << K;
                EXPECT_EQ(got.report.repaired, got.report.peel_failures);
                EXPECT_EQ(got.report.repairs, got.report.repaired > 0 ? 1u : 0u);
            }
        }
}

TEST(LhcVariants, RoundsAndPasses) {
    const auto g = sparse_gradients(4, 20000, 0.01, 0.5, 3);
    auto one_pass = make_scheme(variant("lhc"));
    const Report first = aggregate(*one_pass, g).report;
    ASSERT_EQ(names(first), (std::vector<std::string>{"meta", "index", "sketch"}));
    EXPECT_EQ(first.rounds[0].bytes_sent, 4u);  // the exponent alone: no union registers
    EXPECT_EQ(first.rounds[2].pass, collective::Pass::same);
    EXPECT_EQ(collective::passes(first.rounds), 2u);
    // Float values need no shared scale: the whole aggregation is one pass.
    auto float_pass = make_scheme(variant("lhc", IndexKind::bloom, ValueMode::float32));
    const Report f = aggregate(*float_pass, g).report;
    EXPECT_EQ(names(f), (std::vector<std::string>{"index", "sketch"}));
    EXPECT_EQ(collective::passes(f.rounds), 1u);

    auto union_sized = make_scheme(variant("lhc-union", IndexKind::bloom));
    const Report u = aggregate(*union_sized, g).report;
    EXPECT_EQ(names(u), (std::vector<std::string>{"meta", "index", "sketch"}));
    EXPECT_GT(u.rounds[0].bytes_sent, 4u);  // union-size registers
    EXPECT_EQ(collective::passes(u.rounds), 3u);

    auto aligned = make_scheme(variant("lhc-aligned"));
    const Report a = aggregate(*aligned, g).report;
    EXPECT_EQ(names(a), (std::vector<std::string>{"meta", "index", "values"}));
    EXPECT_EQ(a.rounds[2].bytes_sent, 4 * a.candidates);  // one value per candidate, no sketch
    EXPECT_EQ(a.sketch_cells, 0u);
    EXPECT_EQ(a.repairs, 0u);
}

TEST(LhcVariants, OnePassSketchIsSizedFromThePreviousUnionOrTheRatio) {
    const std::size_t n = 50000;
    const auto g1 = sparse_gradients(4, n, 0.01, 0.5, 5), g2 = sparse_gradients(4, n, 0.01, 0.5, 6);
    SchemeConfig c = variant("lhc");
    auto previous = make_scheme(c);
    const Report r1 = aggregate(*previous, g1).report;
    EXPECT_EQ(r1.sketch_cells, 3u * 1667u);  // no previous union yet: n / sketch_ratio (10)
    const Report r2 = aggregate(*previous, g2).report;
    // Bitmap index: the candidates are the union, so the sketch is planned for the last
    // call exactly as the union-sized variant would plan for it, plus 3 sqrt of it.
    const double u = static_cast<double>(r1.union_nonzeros);
    const auto keys = static_cast<std::size_t>(std::ceil(u + 3 * std::sqrt(u)));
    EXPECT_EQ(r2.sketch_cells, plan_sketch(keys, c.load_factor, c.hashes, 0).cells());

    c.estimate = SketchEstimate::ratio;
    c.sketch_ratio = 40;
    auto ratio = make_scheme(c);
    aggregate(*ratio, g1);
    EXPECT_EQ(aggregate(*ratio, g2).report.sketch_cells, 3u * 417u);  // n / 40, every time
}

TEST(LhcVariants, RepairRoundRunsOnlyWhenPeelingFails) {
    const std::size_t n = 60000;
    const auto g = sparse_gradients(8, n, 0.02, 0.3, 12);  // union ~ 1,100 + shared: ~3% of n
    DenseIntScheme dense;
    const auto want = aggregate(dense, g).sum;
    SchemeConfig c = variant("lhc");
    c.estimate = SketchEstimate::ratio;
    c.sketch_ratio = 4;  // 15,000 cells for a few thousand candidates: peels
    auto roomy = make_scheme(c);
    const auto ok = aggregate(*roomy, g);
    EXPECT_EQ(ok.report.peel_failures, 0u);
    EXPECT_EQ(ok.report.repairs, 0u);
    EXPECT_EQ(names(ok.report).back(), "sketch");
    EXPECT_TRUE(bitwise_equal(ok.sum, want));

    c.sketch_ratio = 400;  // 150 cells: most candidates stall and are repaired exactly
    auto tight = make_scheme(c);
    const auto repaired = aggregate(*tight, g);
    EXPECT_GT(repaired.report.peel_failures, repaired.report.candidates / 2);
    EXPECT_EQ(repaired.report.repairs, 1u);
    ASSERT_EQ(names(repaired.report).back(), "repair");
    EXPECT_EQ(repaired.report.rounds.back().bytes_sent, 4 * repaired.report.peel_failures);
    EXPECT_EQ(repaired.report.rounds.back().pass, collective::Pass::next);
    EXPECT_TRUE(bitwise_equal(repaired.sum, want));
}

TEST(LhcVariants, OnePassOnASteadyTensorSendsLessThanUnionSizedAndAlignedSendsLeast) {
    // Same density call after call (an embedding tensor between iterations): the one-pass
    // sketch sized from the previous union (plus 3 sqrt of it) costs about what the
    // union-sized one does; aligned values cost 4 bytes per candidate instead of 4 x 1.23+
    // cells.
    const std::size_t n = 1 << 20;
    std::uint64_t one = 0, uni = 0, ali = 0;
    auto a = make_scheme(variant("lhc", IndexKind::bloom));
    auto b = make_scheme(variant("lhc-union", IndexKind::bloom));
    auto d = make_scheme(variant("lhc-aligned", IndexKind::bloom));
    for (int call = 0; call < 3; ++call) {
        const auto g = sparse_gradients(4, n, 0.01, 0.5, 100 + call);
        const Report ra = aggregate(*a, g).report, rb = aggregate(*b, g).report, rd = aggregate(*d, g).report;
        if (call == 0) continue;  // the one-pass scheme's first call has only the ratio
        one += ra.bytes_sent();
        uni += rb.bytes_sent();
        ali += rd.bytes_sent();
    }
    EXPECT_LT(ali, uni);
    EXPECT_LT(static_cast<double>(one), 1.06 * static_cast<double>(uni));
}
