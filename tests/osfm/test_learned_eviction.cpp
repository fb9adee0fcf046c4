// Learned eviction: Belady labels, the least-squares fit, the recorder, and a learned scorer
// beating the sampled LRU it learned from on a machine with a loop larger than the cache.
#include "osfm/learned_eviction.hpp"
#include "osfm/os_sim.hpp"
#include "osfm/replay.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace sextant::osfm;

TEST(LearnedEviction, TheFitRecoversBeladyDistances) {
    // a feature equal to log(1 + distance to the next use) is mapped onto the label exactly
    const std::vector<Page> order{1, 2, 3, 1, 4, 2, 5, 3, 1, 6};
    std::vector<EvictionSample> samples;
    auto add = [&](std::uint64_t tick, Page p, double distance) {
        samples.push_back({tick, p, {std::log1p(distance), 7.0}});  // a second, constant feature
    };
    add(0, 1, 3);   // 1 next at 3
    add(2, 2, 3);   // 2 next at 5
    add(2, 3, 5);   // 3 next at 7
    add(4, 1, 4);   // 1 next at 8
    add(5, 4, 20);  // 4 never again: twice the order's length
    const ReuseModel m = fit_reuse_model(samples, order);
    for (const auto& s : samples) EXPECT_NEAR(m.predict(s.features), s.features[0], 1e-2);
}

TEST(LearnedEviction, WithoutAModelItIsSampledLru) {
    // 64 samples from 3 slots find the oldest page: LRU's 10 misses on the classic trace
    auto c = make_scored_eviction(3, EvictionInputs::CacheOnly, nullptr, 1, nullptr, 64);
    std::uint64_t misses = 0;
    for (Page p : {1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5}) misses += !c->access(p);
    EXPECT_EQ(misses, 10u);
    EXPECT_EQ(c->resident().size(), 3u);
}

TEST(LearnedEviction, EveryEvictionIsTimed) {
    EvictionTiming timing;
    auto c = make_scored_eviction(3, EvictionInputs::CacheOnly, nullptr, 1, nullptr, 32, &timing);
    for (Page p = 1; p <= 10; ++p) c->access(p);  // 10 misses into 3 slots: 7 evictions
    c->access(10);                                // a hit evicts nothing
    EXPECT_EQ(timing.evictions, 7u);
    EXPECT_GT(timing.seconds, 0);
    EXPECT_GT(timing.ns_per_eviction(), 0);
}

TEST(LearnedEviction, ALearnedScorerBeatsTheRecorderOnALoop) {
    std::vector<ProcessSpec> specs(2);
    specs[0].kind = StreamKind::Loop;
    specs[0].pages = 300;
    specs[1].kind = StreamKind::Zipf;
    specs[1].pages = 300;
    for (auto& s : specs) s.references = 15000;
    const auto train = make_processes(specs, 11), test = make_processes(specs, 12);
    for (EvictionInputs in : {EvictionInputs::CacheOnly, EvictionInputs::Joint}) {
        std::vector<EvictionSample> rec;
        auto recorder = make_scored_eviction(256, in, nullptr, 3, &rec);
        const SimResult r0 = simulate(train, *recorder, MachineSpec{}, Readahead{});
        ASSERT_FALSE(rec.empty());
        EXPECT_EQ(rec[0].features.size(), eviction_feature_count(in));
        auto model = std::make_shared<const ReuseModel>(fit_reuse_model(rec, r0.order));
        auto learned = make_scored_eviction(256, in, model, 3);
        auto sampled = make_scored_eviction(256, in, nullptr, 3);
        const SimResult a = simulate(test, *learned, MachineSpec{}, Readahead{});
        const SimResult b = simulate(test, *sampled, MachineSpec{}, Readahead{});
        EXPECT_GT(a.hit_ratio(), b.hit_ratio() + 0.02);
        EXPECT_LE(a.hits, replay_opt(a.order, 256).hits);
    }
}
