// Track A's data handling and baselines on a tiny synthetic corpus worked by hand.
#include "osfm/channels.hpp"
#include "osfm/forecast_data.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace sextant::osfm;

namespace {

// Three scenarios of 6 steps; every channel is 0 except cpu_user, which is e^t - 1 (so its
// log1p is t) in scenario 0 and 2, and constant in scenario 1.
Corpus tiny() {
    Corpus c;
    for (const auto& ch : channels()) c.channels.push_back(ch.name);
    for (int s = 0; s < 3; ++s)
        for (int t = 0; t < 6; ++t) {
            CorpusRow r{0.1 * t, "s" + std::to_string(s), t < 3 ? "a" : "anomaly-memhog",
                        std::vector<double>(c.channels.size(), 0.0)};
            r.values[0] = s == 1 ? std::expm1(2.0) : std::expm1(static_cast<double>(t));
            c.rows.push_back(r);
        }
    return c;
}

}  // namespace

TEST(ForecastData, HoldsOutScenariosAndStandardisesWithTrainingStatistics) {
    ForecastData d = prepare_forecast_data(tiny(), 1, 3);
    ASSERT_EQ(d.train.size(), 2u);
    ASSERT_EQ(d.test.size(), 1u);
    EXPECT_EQ(d.test[0].scenario, "s1");
    EXPECT_EQ(d.train[0].steps, 6u);
    // cpu_user in training: log1p values 0..5 twice: mean 2.5, sd sqrt(35/12)
    const double sd = std::sqrt(35.0 / 12);
    const std::size_t C = d.channel_count();
    EXPECT_NEAR(d.train[0].at(0, 0, C), -2.5 / sd, 1e-5);
    EXPECT_NEAR(d.test[0].at(4, 0, C), (2 - 2.5) / sd, 1e-5);
    EXPECT_EQ(d.train[0].at(3, 1, C), 0.0f);  // a constant channel stays 0
    EXPECT_EQ(d.subsystem[0], 0);             // cpu_user is a cpu channel
    EXPECT_EQ(d.test[0].phase[4], "anomaly-memhog");
}

TEST(ForecastData, BaselinesOnARamp) {
    ForecastData d = prepare_forecast_data(tiny(), 2, 3);  // s2, a ramp, held out
    const std::size_t C = d.channel_count();
    auto at = origins(d.test, 2, 1);
    ASSERT_EQ(at.size(), 4u);  // t = 1..4
    EXPECT_EQ(at.front().t, 1u);
    const double step = d.test[0].at(1, 0, C) - d.test[0].at(0, 0, C);
    // persistence misses the ramp by one step on cpu_user and is exact elsewhere
    auto mae = mae_per_subsystem(d, d.test, at, 1, persistence_forecast(d, d.test, at));
    const double cpu_channels = static_cast<double>(d.channels_of(0).size());
    EXPECT_NEAR(mae[0], step / cpu_channels, 1e-5);
    EXPECT_NEAR(mae[1], 0, 1e-9);
    // EWMA with alpha 1 is persistence; with alpha 0.5 over a window of 2 it lags half a step more
    auto e1 = mae_per_subsystem(d, d.test, at, 1, ewma_forecast(d, d.test, at, 2, 1.0));
    EXPECT_NEAR(e1[0], mae[0], 1e-6);
    auto e5 = mae_per_subsystem(d, d.test, at, 1, ewma_forecast(d, d.test, at, 2, 0.5));
    EXPECT_NEAR(e5[0], 1.5 * step / cpu_channels, 1e-5);
    EXPECT_DOUBLE_EQ(fit_ewma_alpha(d, 2, 1), 1.0);  // on ramps the latest value is best
}

TEST(ForecastData, BadCorporaAreRefused) {
    Corpus c = tiny();
    c.channels[3] = "bogus";
    EXPECT_THROW(prepare_forecast_data(c, 0, 3), std::invalid_argument);
    EXPECT_THROW(prepare_forecast_data(tiny(), 4, 5), std::invalid_argument);  // fold 4 of 5 holds out nothing
    Corpus negative = tiny();
    negative.rows[2].values[5] = -1;
    EXPECT_THROW(prepare_forecast_data(negative, 0, 3), std::invalid_argument);
}
