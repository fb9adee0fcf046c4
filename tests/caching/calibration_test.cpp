#include <caching/calibration.hpp>
#include <caching/centroids.hpp>

#include <cmath>

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
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

TEST(ClassCentroids, ShrinkEachLabelToItsCentroidsOnTheUnitSphere) {
    std::mt19937_64 rng(5);
    std::normal_distribution<float> g(0, 0.2f);
    const int dim = 8;
    std::vector<float> keys;
    std::vector<std::int64_t> labels;
    for (int i = 0; i < 600; ++i) {
        const std::int64_t label = i % 3;
        std::vector<float> k(dim);
        double norm = 0;
        for (int j = 0; j < dim; ++j) norm += (k[j] = (j == label ? 1.0f : 0.0f) + g(rng)) * k[j];
        for (auto& v : k) v = static_cast<float>(v / std::sqrt(norm));
        keys.insert(keys.end(), k.begin(), k.end());
        labels.push_back(label);
    }
    labels.push_back(7);  // a label with one key keeps it
    keys.insert(keys.end(), keys.begin(), keys.begin() + dim);
    const auto r = caching::class_centroids(keys, labels, dim, 4, 1);
    ASSERT_EQ(r.labels.size(), 3u * 4 + 1);
    for (std::size_t i = 0; i < r.labels.size(); ++i) {
        double norm = 0, own = 0;
        for (int j = 0; j < dim; ++j) norm += r.keys[i * dim + j] * r.keys[i * dim + j];
        EXPECT_NEAR(norm, 1.0, 1e-4);
        if (r.labels[i] < 3) own = r.keys[i * dim + static_cast<std::size_t>(r.labels[i])];
        if (r.labels[i] < 3) {
            EXPECT_GT(own, 0.7) << "a centroid lies with its own label's keys";
        }
    }
    EXPECT_THROW(caching::class_centroids(keys, labels, dim, 0, 1), std::invalid_argument);
}

namespace {

// The share of calibrations whose chosen set agrees less than 1 - eps on new requests, over
// 200 calibration draws of 2,000 candidates whose confidence c is uniform on [0.5, 1] and
// right with probability c: the set {c >= theta} truly agrees (1 + theta) / 2.
double share_falling_short(double eps, double confidence) {
    int short_of_target = 0, trials = 0;
    for (std::uint64_t seed = 100; seed < 300; ++seed) {
        std::mt19937_64 rng(seed);
        std::uniform_real_distribution<double> u(0, 1);
        std::vector<Candidate> candidates(2000);
        for (auto& c : candidates) {
            c.confidence = 0.5 + 0.5 * u(rng);
            c.agrees = u(rng) < c.confidence;
        }
        const Thresholds t = calibrate(candidates, eps, std::numeric_limits<double>::infinity(), 1, confidence);
        if (!std::isfinite(t.theta)) continue;  // no hits at all: nothing to fall short
        const double truth = (1 + t.theta) / 2;
        short_of_target += truth < 1 - eps;
        ++trials;
    }
    return static_cast<double>(short_of_target) / trials;
}

}  // namespace

TEST(Calibration, ALowerBoundHoldsOnNewRequestsWhereThePointEstimateDoesNot) {
    // The point estimate picks the set at the edge: about half the calibrations fall short.
    EXPECT_GT(share_falling_short(0.05, 0), 0.25);
    // The 95% lower bound: at most about 5% do (10% allows for the 200 draws).
    EXPECT_LE(share_falling_short(0.05, 0.95), 0.10);
    EXPECT_LE(share_falling_short(0.1, 0.9), 0.15);
}

TEST(Calibration, TheLowerBoundIsClopperPearson) {
    // 59 of 59: (1 - 0.95)^(1/59) = 0.9505; 0 successes: 0; bounds grow with the evidence.
    EXPECT_NEAR(agreement_lower_bound(59, 59, 0.95), std::pow(0.05, 1.0 / 59), 1e-9);
    EXPECT_EQ(agreement_lower_bound(0, 10, 0.95), 0);
    EXPECT_LT(agreement_lower_bound(90, 100, 0.95), agreement_lower_bound(900, 1000, 0.95));
    EXPECT_LT(agreement_lower_bound(900, 1000, 0.95), 0.9);
    EXPECT_THROW(agreement_lower_bound(1, 2, 1.0), std::invalid_argument);
    std::vector<Candidate> right(100, Candidate{0.9, 0.5, true});
    EXPECT_THROW(calibrate(right, 0.01, 1, 1, 1.0), std::invalid_argument);
}
