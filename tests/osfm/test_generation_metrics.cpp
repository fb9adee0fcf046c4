// The generation scores on samples worked by hand.
#include "osfm/channels.hpp"
#include "osfm/generation_metrics.hpp"

#include <gtest/gtest.h>

using namespace sextant::osfm;

TEST(GenerationMetrics, KsDistance) {
    EXPECT_DOUBLE_EQ(ks_statistic({1, 2, 3}, {3, 2, 1}), 0.0);
    EXPECT_DOUBLE_EQ(ks_statistic({1, 2}, {5, 6}), 1.0);
    // {1,2,3,4} vs {3,4,5,6}: after 2 the first has 2/4, the second 0
    EXPECT_DOUBLE_EQ(ks_statistic({1, 2, 3, 4}, {3, 4, 5, 6}), 0.5);
}

TEST(GenerationMetrics, Autocorrelation) {
    EXPECT_NEAR(lag1_autocorrelation({1, -1, 1, -1, 1, -1}), -5.0 / 6, 1e-12);
    EXPECT_DOUBLE_EQ(lag1_autocorrelation({2, 2, 2, 2}), 0.0);
    EXPECT_GT(lag1_autocorrelation({1, 2, 3, 4, 5, 6}), 0.4);
}

TEST(GenerationMetrics, IdenticalBlocksScoreZeroAndCrossSubsystemGapsAreCounted) {
    ForecastData d;
    for (const auto& c : channels()) d.channels.push_back(c.name);
    for (std::size_t c = 0; c < channels().size(); ++c) d.subsystem.push_back(c < 19 ? 0 : 1);  // cpu, then the rest
    const std::size_t C = d.channel_count(), T = 20;
    Block real(T * C, 0), gen(T * C, 0);
    for (std::size_t t = 0; t < T; ++t) {
        real[t * C + 0] = real[t * C + 30] = static_cast<float>(t % 4);  // channel 0 and 30 move together
        gen[t * C + 0] = static_cast<float>(t % 4);
        gen[t * C + 30] = static_cast<float>((t + 2) % 4);  // generated: out of step
    }
    auto same = score_generation(d, {real}, {real});
    EXPECT_DOUBLE_EQ(same.ks, 0);
    EXPECT_DOUBLE_EQ(same.autocorrelation, 0);
    EXPECT_DOUBLE_EQ(same.correlation, 0);
    auto s = score_generation(d, {gen}, {real});
    EXPECT_DOUBLE_EQ(s.ks, 0);  // same values, other order
    // channel 30's lag-1 acf over 20 steps: real 0,1,2,3,... gives -2.75/25, generated 2,3,0,1,...
    // -4.75/25 (the cycle is cut at other points); channel 0 matches: mean gap (0.08 + 0) / 2
    EXPECT_NEAR(s.autocorrelation, 0.04, 1e-12);
    // corr(0, 30) is 1 in the real block and -0.6 in the generated one; the other channels are
    // idle in the real block, so (0, 30) is the only pair scored
    EXPECT_NEAR(s.cross_subsystem_correlation, 1.6, 1e-9);
    EXPECT_NEAR(s.correlation, 1.6, 1e-9);
}
