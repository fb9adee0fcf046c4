// Every SIMD path of the codec against its scalar twin: random inputs and the edge cases
// (lengths that are not multiples of the vector width or block, all zeros, one nonzero,
// -0.0, subnormals, the largest finite exponent, NaN/Inf, ties of the fixed-point rounding).
#include <compression/count_sketch.hpp>
#include <compression/fixed_point.hpp>
#include <compression/scan.hpp>
#include <compression/simd.hpp>

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

using namespace compression;

namespace {

std::vector<Isa> paths() {
    std::vector<Isa> p;
    for (Isa isa : {Isa::scalar, Isa::sse2, Isa::avx2})
        if (isa_supported(isa)) p.push_back(isa);
    return p;
}

void expect_same_scan(const std::vector<float>& x, const char* what) {
    NonzeroList want;
    scan_nonzeros(Isa::scalar, x, want);
    // The reference: the definition, one value at a time.
    std::vector<std::uint32_t> positions;
    std::uint32_t max_bits = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const std::uint32_t a = std::bit_cast<std::uint32_t>(x[i]) & 0x7fffffffu;
        max_bits = std::max(max_bits, a);
        if (a) positions.push_back(static_cast<std::uint32_t>(i));
    }
    ASSERT_EQ(std::vector<std::uint32_t>(want.positions.begin(), want.positions.end()), positions) << what;
    ASSERT_EQ(want.max_abs_bits, max_bits) << what;
    for (Isa isa : paths()) {
        NonzeroList got;
        got.positions.assign(3, 7u);  // stale contents must be replaced
        scan_nonzeros(isa, x, got);
        ASSERT_EQ(got.positions.size(), want.positions.size()) << what << " " << to_string(isa);
        ASSERT_TRUE(std::equal(got.positions.begin(), got.positions.end(), want.positions.begin()))
            << what << " " << to_string(isa);
        ASSERT_EQ(got.values.size(), want.values.size());
        ASSERT_EQ(0, std::memcmp(got.values.data(), want.values.data(), 4 * want.values.size()))
            << what << " " << to_string(isa);
        for (std::size_t j = 0; j < got.positions.size(); ++j)
            ASSERT_EQ(std::bit_cast<std::uint32_t>(got.values[j]), std::bit_cast<std::uint32_t>(x[got.positions[j]]));
        ASSERT_EQ(got.max_abs_bits, want.max_abs_bits) << what << " " << to_string(isa);
    }
}

}  // namespace

TEST(Simd, BestPathIsSupported) {
    EXPECT_TRUE(isa_supported(best_isa()));
    EXPECT_TRUE(isa_supported(Isa::scalar));
}

TEST(Simd, NonzeroScanEqualsScalarOnRandomInputs) {
    std::mt19937_64 rng(5);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (int trial = 0; trial < 200; ++trial) {
        const std::size_t n = rng() % 3000;  // mostly not a multiple of 8 or 64
        const double density = std::pow(10.0, -3.0 + 3.0 * (rng() % 1000) / 1000.0);
        std::vector<float> x(n, 0.0f);
        for (auto& v : x) {
            if ((rng() >> 11) * 0x1p-53 >= density) continue;
            switch (rng() % 8) {
            case 0: v = -0.0f; break;                                     // a zero, not listed
            case 1: v = std::numeric_limits<float>::denorm_min(); break;  // nonzero
            case 2: v = -std::numeric_limits<float>::max(); break;        // largest exponent
            default: v = normal(rng);
            }
        }
        expect_same_scan(x, "random");
    }
}

TEST(Simd, NonzeroScanEdgeCases) {
    for (std::size_t n : {0u, 1u, 7u, 8u, 9u, 63u, 64u, 65u, 127u, 128u, 129u, 1000u}) {
        expect_same_scan(std::vector<float>(n, 0.0f), "all zero");
        expect_same_scan(std::vector<float>(n, -0.0f), "all -0");
        expect_same_scan(std::vector<float>(n, 1.5f), "all nonzero");
        for (std::size_t at : {std::size_t{0}, n / 2, n - 1}) {
            if (at >= n) continue;
            std::vector<float> one(n, 0.0f);
            one[at] = -3.0f;
            expect_same_scan(one, "single nonzero");
            one[at] = std::numeric_limits<float>::max();
            expect_same_scan(one, "max exponent");
            one[at] = std::numeric_limits<float>::infinity();
            expect_same_scan(one, "inf");
            one[at] = std::numeric_limits<float>::quiet_NaN();
            expect_same_scan(one, "nan");
        }
    }
}

TEST(Simd, NonzeroScanReusesItsBuffersAcrossSizes) {
    NonzeroList list;
    for (std::size_t n : {100000u, 10u, 5000u}) {
        std::vector<float> x(n, 0.0f);
        for (std::size_t i = 0; i < n; i += 3) x[i] = static_cast<float>(i + 1);
        scan_nonzeros(x, list);
        ASSERT_EQ(list.positions.size(), (n + 2) / 3);
        for (std::size_t j = 0; j < list.positions.size(); ++j) ASSERT_EQ(list.positions[j], 3 * j);
    }
}

TEST(Simd, FixedPointEncodeEqualsScalarIncludingTies) {
    std::mt19937_64 rng(9);
    for (int trial = 0; trial < 100; ++trial) {
        const std::size_t K = 1 + rng() % 64;
        const std::size_t n = rng() % 200;
        std::vector<float> x(n);
        std::normal_distribution<float> normal(0.0f,
                                               std::pow(2.0f, static_cast<float>(static_cast<int>(rng() % 40) - 20)));
        for (auto& v : x) v = normal(rng);
        std::uint32_t max_bits = 0;
        for (float v : x) max_bits = std::max(max_bits, std::bit_cast<std::uint32_t>(v) & 0x7fffffffu);
        const FixedPoint fp(static_cast<std::uint8_t>(max_bits >> 23), K);
        // Ties: values exactly halfway between two integers after scaling, both signs, and
        // the extremes of the range.
        const double unit = std::ldexp(1.0, -fp.exponent());
        for (std::size_t i = 0; i + 4 < n; i += 7) {
            x[i] = static_cast<float>((2 * (i % 5) + 1) * 0.5 * unit);
            x[i + 1] = -x[i];
            x[i + 2] = 0.0f;
            x[i + 3] = -0.0f;
        }
        std::vector<std::uint32_t> want(n);
        for (std::size_t i = 0; i < n; ++i) want[i] = static_cast<std::uint32_t>(fp.encode(x[i]));
        for (Isa isa : paths()) {
            std::vector<std::uint32_t> got(n, 0xdeadbeefu);
            fp.encode(isa, x, got);
            ASSERT_EQ(got, want) << to_string(isa) << " trial " << trial;
        }
    }
    // The largest magnitudes a worker may send: |q| reaches the limit, never beyond.
    for (std::size_t K : {1u, 3u, 64u}) {
        const float big = std::numeric_limits<float>::max();
        const FixedPoint fp(static_cast<std::uint8_t>(std::bit_cast<std::uint32_t>(big) >> 23), K);
        std::vector<float> x{big, -big, big / 3, 1.0f, -1e-30f, 0.0f, big, -big, big};
        std::vector<std::uint32_t> want(x.size());
        for (std::size_t i = 0; i < x.size(); ++i) want[i] = static_cast<std::uint32_t>(fp.encode(x[i]));
        for (Isa isa : paths()) {
            std::vector<std::uint32_t> got(x.size());
            fp.encode(isa, x, got);
            ASSERT_EQ(got, want) << to_string(isa);
        }
        EXPECT_LE(static_cast<std::int32_t>(want[0]), fp.limit());
    }
}

TEST(Simd, SketchCellsEqualScalarAndStayInTheirSegment) {
    if (!isa_supported(Isa::avx2)) GTEST_SKIP() << "no AVX2 on this processor";
    std::mt19937_64 rng(17);
    for (std::size_t C : {1u, 7u, 8u, 9u, 100u, 513u, 4099u}) {
        for (int hashes : {1, 3, 4, 8}) {
            const SketchPlan plan = plan_sketch(C, 1.23, hashes, rng());
            std::vector<std::uint32_t> positions(C);
            for (std::size_t j = 0; j < C; ++j)
                positions[j] = j % 3 == 0 ? static_cast<std::uint32_t>(rng()) : static_cast<std::uint32_t>(j * 7);
            positions.back() = 0xffffffffu;  // the largest position
            for (int s = 0; s < hashes; ++s) {
                std::vector<std::uint32_t> scalar(C), simd(C);
                sketch_cells(Isa::scalar, plan, s, positions, scalar);
                sketch_cells(Isa::avx2, plan, s, positions, simd);
                ASSERT_EQ(simd, scalar) << "C=" << C << " hashes=" << hashes << " segment " << s;
                for (auto t : scalar) {
                    const std::uint32_t cell = t & 0x7fffffffu;
                    ASSERT_GE(cell, s * plan.segment);
                    ASSERT_LT(cell, (s + 1) * plan.segment);
                }
            }
        }
    }
}
