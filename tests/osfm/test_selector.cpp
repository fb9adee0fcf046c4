// Policy selection every W references: the harness, its choosers and the learned selector.
#include "osfm/selector.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

using namespace sextant::osfm;

namespace {

// Alternating phases: a moving working set (recency wins, LFU clings to old pages) and a hot
// set under heavy one-off traffic (frequency wins).
std::vector<Page> phased_trace(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<Page> t;
    Page cold = 1u << 20, base = 5000;
    for (int p = 0; p < 8; ++p)
        for (int i = 0; i < 2000; ++i) {
            if (p % 2 == 0) {
                if (i % 10 == 0) ++base;
                t.push_back(base + rng() % 60);
            } else {
                t.push_back(rng() % 2 ? rng() % 60 : cold++);
            }
        }
    return t;
}

}  // namespace

TEST(Selector, ResidentListsExactlyTheCachedPages) {
    std::mt19937_64 rng(5);
    for (PolicyKind k : online_policies()) {
        auto p = make_policy(k, 50);
        for (int i = 0; i < 3000; ++i) p->access(rng() % 200);
        auto r = p->resident();
        EXPECT_EQ(r.size(), p->size()) << policy_name(k);
        EXPECT_EQ(std::set<Page>(r.begin(), r.end()).size(), r.size()) << policy_name(k);
        for (Page q : r) EXPECT_TRUE(p->contains(q)) << policy_name(k);
    }
    auto lru = make_lru(3);
    for (Page q : {1, 2, 3, 1}) lru->access(q);
    EXPECT_EQ(lru->resident(), (std::vector<Page>{2, 3, 1}));  // next victim first
}

TEST(Selector, AFixedChoiceIsThePlainPolicy) {
    // the chosen policy continues from its own state, so always choosing one equals replaying it
    const auto t = phased_trace(1);
    const std::vector<PolicyKind> c{PolicyKind::Lru, PolicyKind::Lfu, PolicyKind::Arc};
    for (std::size_t k = 0; k < c.size(); ++k) {
        auto r = select_policies(t, 100, c, 500, fixed_chooser(k));
        auto plain = replay(t, c[k], 100);
        EXPECT_EQ(r.stats.hits, plain.hits) << policy_name(c[k]);
        EXPECT_EQ(r.windows.size(), t.size() / 500);
    }
}

TEST(Selector, TheOracleFollowsThePhases) {
    const auto t = phased_trace(2);
    const std::vector<PolicyKind> c{PolicyKind::Lru, PolicyKind::Lfu, PolicyKind::Arc};
    auto oracle = select_policies(t, 100, c, 500, oracle_chooser());
    for (std::size_t k = 0; k < c.size(); ++k)
        EXPECT_GT(oracle.stats.hits, select_policies(t, 100, c, 500, fixed_chooser(k)).stats.hits) << policy_name(c[k]);
    EXPECT_GT(std::set<std::size_t>(oracle.choice.begin(), oracle.choice.end()).size(), 1u);  // it switches
    EXPECT_LE(oracle.stats.hits, replay_opt(t, 100).hits);
}

TEST(Selector, ShadowStateSelectionIsAtLeastTheBestFixedPolicy) {
    // every candidate keeps its own cache: per window the oracle takes the best of them
    const auto t = phased_trace(3);
    const std::vector<PolicyKind> c{PolicyKind::Lru, PolicyKind::Lfu, PolicyKind::Arc};
    auto oracle = select_policies(t, 100, c, 500, oracle_chooser(), SwitchState::Shadow);
    for (std::size_t k = 0; k < c.size(); ++k) {
        auto fixed = select_policies(t, 100, c, 500, fixed_chooser(k), SwitchState::Shadow);
        EXPECT_EQ(fixed.stats.hits, replay(t, c[k], 100).hits);
        EXPECT_GE(oracle.stats.hits, fixed.stats.hits);
    }
}

TEST(Selector, TheLearnedChooserLearnsAFeatureToLabelMap) {
    // two candidates; candidate 1 wins the next window exactly when the sequential share is high
    SelectionResult run;
    std::mt19937_64 rng(9);
    for (int i = 0; i < 200; ++i) {
        WindowStats w;
        const bool seq = rng() % 2;
        w.features = {0.3, 0.3, 0.5, seq ? 0.9 : 0.1, 0.2};
        run.windows.push_back(w);
    }
    for (std::size_t i = 0; i < run.windows.size(); ++i) {
        const bool prev_seq = i > 0 && run.windows[i - 1].features[3] > 0.5;
        run.windows[i].hits = prev_seq ? std::vector<std::uint64_t>{1, 5} : std::vector<std::uint64_t>{5, 1};
    }
    LearnedChooser learned;
    learned.fit({run}, 2);
    EXPECT_EQ(learned.examples(), 199u);
    EXPECT_DOUBLE_EQ(learned.training_accuracy(), 1.0);
    EXPECT_EQ(learned.predict({0.3, 0.3, 0.5, 0.95, 0.2}), 1u);
    EXPECT_EQ(learned.predict({0.3, 0.3, 0.5, 0.05, 0.2}), 0u);
}
