// The classic policies against traces worked by hand, and Belady's OPT against brute force.
#include "osfm/replay.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <set>

using namespace sextant::osfm;

namespace {

CacheStats run(PolicyKind kind, std::size_t capacity, const std::vector<Page>& trace) {
    return replay(trace, kind, capacity);
}

// Fewest misses over every eviction choice (demand paging), by exhaustive search.
std::uint64_t brute_force_min_misses(const std::vector<Page>& trace, std::size_t capacity) {
    std::function<std::uint64_t(std::size_t, std::set<Page>)> best = [&](std::size_t i, std::set<Page> cache) {
        if (i == trace.size()) return std::uint64_t{0};
        const Page p = trace[i];
        if (cache.count(p)) return best(i + 1, cache);
        if (cache.size() < capacity) {
            cache.insert(p);
            return 1 + best(i + 1, cache);
        }
        std::uint64_t fewest = UINT64_MAX;
        for (Page victim : cache) {
            std::set<Page> next = cache;
            next.erase(victim);
            next.insert(p);
            fewest = std::min(fewest, best(i + 1, next));
        }
        return 1 + fewest;
    };
    return best(0, {});
}

const std::vector<Page> kBelady{1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5};

}  // namespace

TEST(Policies, LruOnTheClassicTrace) {
    // worked by hand: only the 8th and 9th references (1, 2) hit with 3 pages
    auto s = run(PolicyKind::Lru, 3, kBelady);
    EXPECT_EQ(s.hits, 2u);
    EXPECT_EQ(s.misses, 10u);
    EXPECT_EQ(run(PolicyKind::Lru, 4, kBelady).misses, 8u);
}

TEST(Policies, OptOnTheClassicTrace) {
    // 4 evicts 3 (next use furthest), 5 evicts 4, then 3 and 4 miss: 7 misses
    EXPECT_EQ(run(PolicyKind::Opt, 3, kBelady).misses, 7u);
    EXPECT_EQ(run(PolicyKind::Opt, 4, kBelady).misses, 6u);
}

TEST(Policies, ClockGivesReferencedPagesASecondChance) {
    // 2 pages: 1 2 2 1 set both bits; 3 sweeps once, clears them and evicts 1, so 2 still hits
    // (LRU evicts 2, the older reference, and misses it)
    const std::vector<Page> t{1, 2, 2, 1, 3, 2};
    auto clock = run(PolicyKind::Clock, 2, t);
    EXPECT_EQ(clock.hits, 3u);
    EXPECT_EQ(clock.misses, 3u);
    EXPECT_EQ(run(PolicyKind::Lru, 2, t).hits, 2u);
    EXPECT_EQ(run(PolicyKind::Clock, 3, kBelady).misses, 10u);
}

TEST(Policies, LfuKeepsTheFrequentPage) {
    // 1 is referenced twice before 3 arrives: LFU evicts 2 and later hits 1; LRU evicts 1
    const std::vector<Page> t{1, 1, 2, 3, 1, 2};
    auto lfu = run(PolicyKind::Lfu, 2, t);
    EXPECT_EQ(lfu.hits, 2u);
    EXPECT_EQ(lfu.misses, 4u);
    EXPECT_EQ(run(PolicyKind::Lru, 2, t).hits, 1u);
}

TEST(Policies, LfuBreaksTiesByRecency) {
    // 1 and 2 both counted twice; 2's last reference is older, so 3 evicts 2 and 1 hits
    auto s = run(PolicyKind::Lfu, 2, {1, 2, 2, 1, 3, 1});
    EXPECT_EQ(s.hits, 3u);
    EXPECT_EQ(s.misses, 3u);
}

TEST(Policies, ArcProtectsPagesSeenTwice) {
    // 1 1 puts 1 in T2; 3 and 4 churn T1 (3 goes to the ghost B1) and 1 still hits
    auto s = run(PolicyKind::Arc, 2, {1, 1, 3, 4, 1});
    EXPECT_EQ(s.hits, 2u);
    EXPECT_EQ(run(PolicyKind::Lru, 2, {1, 1, 3, 4, 1}).hits, 1u);
}

TEST(Policies, ArcAdaptsOnGhostHits) {
    // 1 1 2 3: 2 goes to the ghost B1; the ghost hit on 2 raises p to 1, so when 4 arrives
    // REPLACE takes T2's page (2) and keeps 3 in T1: the last 3 hits. With p stuck at 0 it
    // would evict 3 and miss it.
    auto arc = make_arc(2);
    std::uint64_t hits = 0;
    for (Page p : {1, 1, 2, 3, 2, 4, 3}) hits += arc->access(p);
    EXPECT_EQ(hits, 2u);
    EXPECT_TRUE(arc->contains(3));
    EXPECT_TRUE(arc->contains(4));
    EXPECT_FALSE(arc->contains(2));
    EXPECT_FALSE(arc->contains(1));
}

TEST(Policies, TwoQAdmitsOnlyOnASecondReferenceAfterA1in) {
    // 4 pages: Kin = 1, Kout = 2. Pages 1 and 2 fall out of A1in into the ghost A1out; their
    // next references miss but enter Am. 3's hit in A1in changes nothing. 6 then evicts 1 from
    // Am (not remembered), so the final 1 misses. Worked by hand: 2 hits, 10 misses.
    const std::vector<Page> t{1, 2, 3, 4, 5, 1, 1, 3, 2, 3, 6, 1};
    auto s = run(PolicyKind::TwoQ, 4, t);
    EXPECT_EQ(s.hits, 2u);
    EXPECT_EQ(s.misses, 10u);
    EXPECT_EQ(run(PolicyKind::Lru, 4, t).hits, 4u);
}

TEST(Policies, OptMatchesBruteForceOnSmallTraces) {
    std::mt19937_64 rng(7);
    for (int trial = 0; trial < 60; ++trial) {
        const std::size_t n = 6 + rng() % 8, pages = 3 + rng() % 4, capacity = 1 + rng() % 3;
        std::vector<Page> t(n);
        for (Page& p : t) p = rng() % pages;
        EXPECT_EQ(replay_opt(t, capacity).misses, brute_force_min_misses(t, capacity)) << "trial " << trial;
    }
}

TEST(Policies, NoOnlinePolicyBeatsOpt) {
    std::mt19937_64 rng(11);
    std::vector<Page> t(20000);
    std::uniform_real_distribution<double> u(0, 1);
    for (Page& p : t) p = u(rng) < 0.7 ? rng() % 50 : rng() % 2000;  // a hot set and a cold tail
    for (std::size_t c : {1u, 16u, 100u, 600u}) {
        const auto opt = replay_opt(t, c);
        for (PolicyKind k : online_policies()) {
            auto policy = make_policy(k, c);
            CacheStats s;
            for (Page p : t) {
                (policy->access(p) ? s.hits : s.misses)++;
                ASSERT_LE(policy->size(), c) << policy_name(k);
            }
            EXPECT_EQ(s.hits + s.misses, t.size());
            EXPECT_LE(s.hits, opt.hits) << policy_name(k) << " with " << c << " pages";
            EXPECT_GT(s.hits, 0u) << policy_name(k);
        }
    }
}

TEST(Policies, ACloneContinuesLikeTheOriginal) {
    std::mt19937_64 rng(3);
    std::vector<Page> t(4000);
    for (Page& p : t) p = rng() % 300;
    for (PolicyKind k : online_policies()) {
        auto a = make_policy(k, 64);
        for (std::size_t i = 0; i < 2000; ++i) a->access(t[i]);
        auto b = a->clone();
        for (std::size_t i = 2000; i < t.size(); ++i) ASSERT_EQ(a->access(t[i]), b->access(t[i])) << policy_name(k);
    }
}

TEST(Policies, PrefetchDoesNotCountAsAReference) {
    for (PolicyKind k : online_policies()) {
        auto c = make_policy(k, 4);
        c->prefetch(9);
        EXPECT_TRUE(c->contains(9)) << policy_name(k);
        EXPECT_TRUE(c->access(9)) << policy_name(k);
        c->prefetch(9);  // already cached: nothing happens
        EXPECT_EQ(c->size(), 1u) << policy_name(k);
    }
}

TEST(Policies, NamesRoundTripAndUnknownOnesAreRefused) {
    for (PolicyKind k :
         {PolicyKind::Lru, PolicyKind::Clock, PolicyKind::Lfu, PolicyKind::Arc, PolicyKind::TwoQ, PolicyKind::Opt})
        EXPECT_EQ(parse_policy(policy_name(k)), k);
    try {
        parse_policy("fifo");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("lru, clock, lfu, arc, 2q, opt"), std::string::npos);
    }
    EXPECT_THROW(make_policy(PolicyKind::Opt, 4), std::invalid_argument);
    EXPECT_THROW(make_policy(PolicyKind::Lru, 0), std::invalid_argument);
}
