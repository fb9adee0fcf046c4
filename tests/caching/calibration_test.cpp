#include <caching/calibration.hpp>

#include <gtest/gtest.h>

#include <random>

using namespace caching;

namespace {

// Confidence c agrees with probability c^4: high-confidence votes are right more often.
std::vector<Candidate> draw(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<Candidate> out(n);
    for (auto& c : out) {
        c.confidence = 0.3 + 0.7 * u(rng);
        c.nearest = u(rng);
        c.agrees = u(rng) < std::pow(c.confidence, 4);
    }
    return out;
}

double held_out_agreement(const std::vector<Candidate>& test, const Thresholds& t, double* hit_rate) {
    std::size_t hits = 0, agree = 0;
    for (const auto& c : test)
        if (c.confidence >= t.theta && c.nearest <= t.delta) {
            ++hits;
            agree += c.agrees;
        }
    *hit_rate = static_cast<double>(hits) / test.size();
    return hits ? static_cast<double>(agree) / hits : 1.0;
}

}  // namespace

TEST(Calibration, MeetsTheAgreementTargetOnHeldOutData) {
    const auto validation = draw(5000, 1), test = draw(10000, 2);
    for (double eps : {0.01, 0.05, 0.1}) {
        const auto t = calibrate(validation, eps);
        ASSERT_TRUE(std::isfinite(t.theta)) << eps;
        EXPECT_GE(t.agreement, 1 - eps);
        double hit_rate = 0;
        const double agreement = held_out_agreement(test, t, &hit_rate);
        // Held-out agreement within sampling error (about 3 standard errors) of the target.
        const double se = std::sqrt(eps * (1 - eps) / (hit_rate * test.size()));
        EXPECT_GE(agreement, 1 - eps - 3 * se) << "eps " << eps;
        EXPECT_NEAR(hit_rate, t.hit_rate, 0.05);
        EXPECT_GT(hit_rate, eps >= 0.05 ? 0.05 : 0.0);
    }
    // A looser target gives a lower threshold and more hits.
    EXPECT_LT(calibrate(validation, 0.1).theta, calibrate(validation, 0.01).theta);
}

TEST(Calibration, NoThresholdWhenNothingAgreesAndDeltaFilters) {
    std::vector<Candidate> wrong(100, Candidate{0.9, 0.1, false});
    EXPECT_TRUE(std::isinf(calibrate(wrong, 0.01).theta));
    std::vector<Candidate> right(100, Candidate{0.9, 0.5, true});
    EXPECT_DOUBLE_EQ(calibrate(right, 0.01).theta, 0.9);
    EXPECT_TRUE(std::isinf(calibrate(right, 0.01, 0.2).theta));
    EXPECT_THROW(calibrate(right, 1.5), std::invalid_argument);
}
