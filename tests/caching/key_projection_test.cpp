#include <caching/key_projection.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>

using namespace caching;

namespace {

std::vector<float> activation(ActivationShape s, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> u(0, 1);
    std::vector<float> a(s.values());
    for (auto& x : a) x = u(rng);
    return a;
}

double norm(const std::vector<float>& v) { return std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0)); }

}  // namespace

TEST(KeyProjection, PoolsLikeAdaptiveAveragePooling) {
    // One channel, 3x3: PyTorch's 2x2 adaptive bins are rows/cols [0,2) and [1,3).
    const ActivationShape s{1, 3, 3};
    const std::vector<float> a = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    const auto pooled = KeyProjection(KeyKind::pool2, s, 0, 1).project(a);
    const std::vector<float> expect = {3, 4, 6, 7};  // means of the four overlapping 2x2 windows
    const double n = norm(expect);
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(pooled[i], expect[i] / n, 1e-6);
    const auto gap = KeyProjection(KeyKind::gap, s, 0, 1).project(a);
    ASSERT_EQ(gap.size(), 1u);
    EXPECT_NEAR(gap[0], 1.0, 1e-6);  // one value, normalised
}

TEST(KeyProjection, EveryKindGivesUnitKeysOfItsDimension) {
    const ActivationShape s{16, 7, 7};
    std::vector<float> many;
    for (int i = 0; i < 200; ++i) {
        auto a = activation(s, static_cast<std::uint64_t>(i));
        many.insert(many.end(), a.begin(), a.end());
    }
    for (auto [kind, dims, expect] :
         {std::tuple{KeyKind::raw, 0, 784}, std::tuple{KeyKind::gap, 0, 16}, std::tuple{KeyKind::pool2, 0, 64},
          std::tuple{KeyKind::pca, 32, 32}, std::tuple{KeyKind::random, 48, 48}}) {
        KeyProjection p(kind, s, dims, 7);
        if (p.needs_fit()) p.fit(many, 200);
        const auto key = p.project(activation(s, 999));
        EXPECT_EQ(p.dim(), expect) << to_string(kind);
        ASSERT_EQ(key.size(), static_cast<std::size_t>(expect));
        EXPECT_NEAR(norm(key), 1.0, 1e-5) << to_string(kind);
    }
}

TEST(KeyProjection, RandomProjectionRoughlyKeepsAngles) {
    const ActivationShape s{8, 8, 8};
    KeyProjection p(KeyKind::random, s, 256, 3);
    auto a = activation(s, 1), b = a;
    for (std::size_t i = 0; i < b.size(); i += 3) b[i] += 0.5f;
    auto c = activation(s, 2);
    auto cosine = [](const std::vector<float>& x, const std::vector<float>& y) {
        return std::inner_product(x.begin(), x.end(), y.begin(), 0.0) / (norm(x) * norm(y));
    };
    const auto ka = p.project(a), kb = p.project(b), kc = p.project(c);
    EXPECT_NEAR(cosine(ka, kb), cosine(a, b), 0.1);
    EXPECT_NEAR(cosine(ka, kc), cosine(a, c), 0.1);
}

TEST(KeyProjection, BadKeysNameTheParameter) {
    auto message = [](KeyKind k, ActivationShape s, int dims) {
        try {
            KeyProjection p(k, s, dims, 1);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(message(KeyKind::raw, {16, 28, 28}, 0).find("key 'raw'"), std::string::npos);
    EXPECT_NE(message(KeyKind::pca, {16, 28, 28}, 100).find("key_dims"), std::string::npos);
    EXPECT_NE(message(KeyKind::random, {16, 28, 28}, 0).find("key_dims"), std::string::npos);
    EXPECT_THROW(key_kind_from_string("hash"), std::invalid_argument);
}
