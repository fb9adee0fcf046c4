#include <caching/point_cache.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace caching;

namespace {

// A unit key pointing mostly along axis `a`, tilted by `t` towards axis a+1.
std::vector<float> key(int a, float t = 0) {
    std::vector<float> v(8, 0.0f);
    v[static_cast<std::size_t>(a % 8)] = 1.0f;
    v[static_cast<std::size_t>((a + 1) % 8)] = t;
    const float n = std::sqrt(1 + t * t);
    for (auto& x : v) x /= n;
    return v;
}

}  // namespace

TEST(PointCache, DisabledCacheNeverHits) {
    PointCache cache(8, PointCacheOptions{.index_options = {}, .k = 3});  // theta = +inf by default
    for (int i = 0; i < 30; ++i) cache.insert(key(i % 3, 0.01f * i), i % 3);
    for (int i = 0; i < 30; ++i) {
        const auto r = cache.lookup(key(i % 3));
        EXPECT_FALSE(r.hit);
        EXPECT_EQ(r.label, i % 3);  // the vote still runs
        EXPECT_DOUBLE_EQ(r.confidence, 1.0);
    }
}

TEST(PointCache, VoteWeighsNeighboursByDistance) {
    PointCache cache(8, PointCacheOptions{.index_options = {}, .k = 3, .tau = 0.05, .theta = 0.6});
    cache.insert(key(0), 1);  // the nearest
    cache.insert(key(0, 0.5f), 2);
    cache.insert(key(0, 0.6f), 2);
    const auto r = cache.lookup(key(0));
    // Two far neighbours of label 2 are outweighed by one near neighbour of label 1.
    EXPECT_EQ(r.label, 1);
    EXPECT_GT(r.confidence, 0.6);
    EXPECT_TRUE(r.hit);
    cache.set_thresholds(0.6, 1e-6);
    EXPECT_FALSE(cache.lookup(key(0, 0.1f)).hit);  // nearest distance above delta
}

TEST(PointCache, EvictionKeepsCapacityLruAndLfu) {
    for (auto eviction : {Eviction::lru, Eviction::lfu}) {
        PointCache cache(8, PointCacheOptions{.index = IndexKind::hnswlib,
                                              .index_options = {},
                                              .k = 1,
                                              .capacity = 4,
                                              .eviction = eviction,
                                              .theta = 0.5});
        std::vector<std::int64_t> ids;
        for (int i = 0; i < 4; ++i) ids.push_back(cache.insert(key(i), i));
        // Entry 0 is hit three times, entry 1 once, so 2 is both the least recent... make 0 old:
        for (int h = 0; h < 3; ++h) EXPECT_TRUE(cache.lookup(key(0)).hit);
        EXPECT_TRUE(cache.lookup(key(1)).hit);
        EXPECT_TRUE(cache.lookup(key(2)).hit);
        EXPECT_TRUE(cache.lookup(key(3)).hit);
        EXPECT_TRUE(cache.lookup(key(2)).hit);
        EXPECT_TRUE(cache.lookup(key(3)).hit);
        // Recency (oldest first): 0, 1, 2, 3. Uses: 0:3, 1:1, 2:2, 3:2.
        cache.insert(key(4), 4);
        EXPECT_EQ(cache.size(), 4u);
        const int gone = eviction == Eviction::lru ? 0 : 1;
        EXPECT_NE(cache.lookup(key(gone)).label, gone) << to_string(eviction);
        for (int i = 0; i < 40; ++i) {
            cache.insert(key(i % 8, 0.01f * i), i % 8);
            EXPECT_LE(cache.size(), 4u);
        }
    }
}

TEST(PointCache, BadParametersAreNamed) {
    auto message = [](PointCacheOptions o) {
        try {
            PointCache c(8, o);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(message({.index_options = {}, .k = 0}).find("k must be"), std::string::npos);
    EXPECT_NE(message({.index_options = {}, .k = 5, .capacity = 3}).find("capacity"), std::string::npos);
    EXPECT_NE(message({.index_options = {}, .tau = 0}).find("tau"), std::string::npos);
}
