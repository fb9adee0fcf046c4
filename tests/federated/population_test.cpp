#include "federated/population.hpp"

#include "cyclic_labels.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace federated;

namespace {

std::vector<std::int64_t> labels(std::size_t n) { return federated::testing::cyclic_labels(n); }

PopulationConfig config(std::size_t clients, std::uint64_t seed = 7) {
    PopulationConfig c;
    c.clients = clients;
    c.seed = seed;
    return c;
}

}  // namespace

TEST(Population, SameSeedSameClientsOtherSeedOthers) {
    const auto train = labels(1000), test = labels(500);
    const Population a(config(300), train, test), b(config(300), train, test), c(config(300, 8), train, test);
    std::size_t differ = 0;
    for (std::size_t i = 0; i < 300; ++i) {
        EXPECT_EQ(a.group(i), b.group(i));
        EXPECT_EQ(a.train_indices(i), b.train_indices(i));
        EXPECT_EQ(a.test_indices(i), b.test_indices(i));
        differ += a.train_indices(i) != c.train_indices(i);
    }
    EXPECT_GT(differ, 290u);
    // A client's data do not depend on how many clients there are.
    const Population big(config(3000), train, test);
    EXPECT_EQ(big.train_indices(17), a.train_indices(17));
}

TEST(Population, GroupSharesAndSizesMatchTheRequest) {
    const auto train = labels(1000), test = labels(500);
    const Population p(config(20000), train, test);
    std::vector<double> share(4, 0);
    std::vector<double> sizes;
    for (std::size_t i = 0; i < p.size(); ++i) {
        share[static_cast<std::size_t>(p.group(i))] += 1.0 / static_cast<double>(p.size());
        sizes.push_back(static_cast<double>(p.train_size(i)));
        ASSERT_GE(p.train_size(i), 10u);
        ASSERT_LE(p.train_size(i), 200u);
    }
    EXPECT_NEAR(share[0], 0.4, 0.015);
    EXPECT_NEAR(share[1], 0.3, 0.015);
    EXPECT_NEAR(share[2], 0.2, 0.015);
    EXPECT_NEAR(share[3], 0.1, 0.015);
    std::nth_element(sizes.begin(), sizes.begin() + static_cast<std::ptrdiff_t>(sizes.size() / 2), sizes.end());
    EXPECT_NEAR(sizes[sizes.size() / 2], 40, 2);  // lognormal median 40
    EXPECT_EQ(p.train_indices(5).size(), p.train_size(5));
    EXPECT_EQ(p.test_indices(5).size(), 20u);
}

TEST(Population, LabelsFollowTheDirichletMix) {
    const auto train = labels(1000), test = labels(500);
    auto skewed = config(2000), flat = config(2000);
    flat.dirichlet_alpha = 100;
    const Population ps(skewed, train, test), pf(flat, train, test);
    // Skew: the top class of a client's mix averages far more than 1/10 at alpha 0.3.
    double top_s = 0, top_f = 0;
    for (std::size_t i = 0; i < 2000; ++i) {
        const auto ms = ps.label_mix(i), mf = pf.label_mix(i);
        top_s += *std::max_element(ms.begin(), ms.end()) / 2000;
        top_f += *std::max_element(mf.begin(), mf.end()) / 2000;
    }
    EXPECT_GT(top_s, 0.45);
    EXPECT_LT(top_f, 0.2);
    // Drawn labels match the mix: pooled over clients, per class within 3 standard errors.
    std::vector<double> expected(10, 0), seen(10, 0);
    double total = 0;
    for (std::size_t i = 0; i < 2000; ++i) {
        const auto mix = ps.label_mix(i);
        const auto idx = ps.train_indices(i);
        for (auto j : idx) seen[static_cast<std::size_t>(train[j])] += 1;
        for (int c = 0; c < 10; ++c)
            expected[static_cast<std::size_t>(c)] += mix[static_cast<std::size_t>(c)] * static_cast<double>(idx.size());
        total += static_cast<double>(idx.size());
    }
    for (int c = 0; c < 10; ++c)
        EXPECT_NEAR(seen[static_cast<std::size_t>(c)], expected[static_cast<std::size_t>(c)],
                    3 * std::sqrt(total * 0.1) + 1)
            << c;
}

TEST(Population, ShiftsTransformImagesAndLabels) {
    const auto train = labels(1000), test = labels(500);
    auto c = config(10);
    const Population on(c, train, test);
    c.shift = false;
    const Population off(c, train, test);
    std::vector<float> img(784, 0.0f), out(784), back(784);
    img[0 * 28 + 5] = 1.0f;                   // one bright pixel in the top row
    on.transform(2, img.data(), out.data());  // inverted
    EXPECT_FLOAT_EQ(out[5], 0.0f);
    EXPECT_FLOAT_EQ(out[100], 1.0f);
    on.transform(1, img.data(), out.data());  // rotated 90 degrees: the top row moves to a side column
    EXPECT_LT(out[5], 0.5f);
    float moved = 0;
    for (int y = 0; y < 28; ++y) moved += out[y * 28 + 0] + out[y * 28 + 27];
    EXPECT_NEAR(moved, 1.0f, 1e-4);
    on.transform(1, out.data(), back.data());  // twice = 180 degrees: bottom row
    EXPECT_NEAR(back[27 * 28 + 22], 1.0f, 1e-4);
    for (std::int64_t y = 0; y < 10; ++y) {
        EXPECT_NE(on.label_for(3, y), y);
        EXPECT_EQ(on.label_for(0, y), y);
        EXPECT_EQ(off.label_for(3, y), y);  // shift off: label skew only
    }
    off.transform(2, img.data(), out.data());
    EXPECT_EQ(out, img);
}

TEST(Population, RejectsLabelsOutsideTheClasses) {
    auto train = labels(1000);
    train[17] = 12;
    EXPECT_THROW(Population(config(10), train, labels(100)), std::invalid_argument);
}
