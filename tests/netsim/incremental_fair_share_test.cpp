// Incremental max-min rates on a large fabric (netsim::IncrementalFairShare): re-solving
// only the levels a change reaches (partial_resolve) must give what a from-scratch solve of
// every flow gives, after every change, on random networks with ties and without.
#include "netsim/fair_share.hpp"
#include "netsim/incremental_fair_share.hpp"

#include "seeded_random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using namespace netsim;

namespace {

// A random network: `links` links, `flows` candidate flows. Leaf-spine-like (ties): every
// capacity and cap from a few values, each flow a ring over up to three leaf uplinks with
// hop counts 1-2, as the scheduling simulator's jobs. Otherwise links and caps drawn at random.
struct Network {
    std::vector<double> capacity;
    std::vector<LinkUse> uses;
    std::vector<double> caps;
};

Network random_network(Random& rng, bool ties, int links, int flows) {
    Network n;
    for (int l = 0; l < links; ++l)
        n.capacity.push_back(ties ? 100.0 * (1 + static_cast<int>(rng.below(2))) : 10 + 90 * rng.uniform());
    n.uses.resize(static_cast<size_t>(flows));
    for (LinkUse& use : n.uses) {
        if (ties) {
            const int span = 1 + static_cast<int>(rng.below(3));
            for (int k = 0; k < span; ++k) {
                const int l = static_cast<int>(rng.below(static_cast<std::uint64_t>(links)));
                if (std::none_of(use.begin(), use.end(), [&](auto lh) { return lh.first == l; }))
                    use.emplace_back(l, 1 + static_cast<int>(rng.below(2)));
            }
            std::sort(use.begin(), use.end());
        } else {
            for (int l = 0; l < links; ++l)
                if (rng.uniform() < 0.06) use.emplace_back(l, 1 + static_cast<int>(rng.below(2)));
            if (use.empty()) use.emplace_back(static_cast<int>(rng.below(static_cast<std::uint64_t>(links))), 1);
        }
        n.caps.push_back(ties ? 25.0 * (1 + static_cast<double>(rng.below(4))) : 5 + 60 * rng.uniform());
    }
    return n;
}

}  // namespace

TEST(IncrementalFairShare, PartialResolveEqualsFromScratchOnRandomNetworks) {
    // Flows come and go, one to four changes between solves, their number swinging between
    // a few and most of the candidates; after every solve each rate must be a from-scratch
    // solve's (to the solver's tolerance: a different summation order), and the links'
    // reported loads their flows' sums. Partial re-solving must also do less work than
    // re-solving each touched component whole.
    for (bool ties : {true, false})
        for (std::uint64_t seed : {1, 2, 3}) {
            Random rng{std::mt19937_64(seed)};
            const Network n = random_network(rng, ties, 48, 200);
            IncrementalFairShare partial(n.capacity, true, 0), whole_components(n.capacity, true, 0, false);
            FairShare scratch(n.capacity);
            std::vector<int> slot_of(n.uses.size(), -1), slot_whole(n.uses.size(), -1);
            std::vector<double> carried(n.capacity.size(), 0.0);
            size_t most = 0;
            for (int change = 0; change < 1500;) {
                const bool grow = (change / 300) % 2 == 0;
                for (int k = 1 + static_cast<int>(rng.below(4)); k > 0; --k, ++change) {
                    int f = static_cast<int>(rng.below(n.uses.size()));
                    if ((slot_of[f] < 0) != (rng.uniform() < (grow ? 0.75 : 0.25)))
                        f = static_cast<int>(rng.below(n.uses.size()));
                    if (slot_of[f] < 0) {
                        slot_of[f] = partial.add(f, &n.uses[f], n.caps[f]);
                        slot_whole[f] = whole_components.add(f, &n.uses[f], n.caps[f]);
                        continue;
                    }
                    for (auto [net, slots] :
                         {std::pair{&partial, &slot_of}, std::pair{&whole_components, &slot_whole}}) {
                        const int slot = (*slots)[f];
                        net->remove(slot);
                        (*slots)[f] = -1;
                        if (slot < static_cast<int>(net->size())) (*slots)[net->owner(slot)] = slot;
                    }
                }
                most = std::max(most, partial.size());
                partial.solve([&](int l, double c, double) { carried[l] = c; });
                whole_components.solve([](int, double, double) {});
                std::vector<FlowDemand> demand;
                for (size_t s = 0; s < partial.size(); ++s)
                    demand.push_back(
                        {&n.uses[partial.owner(static_cast<int>(s))], n.caps[partial.owner(static_cast<int>(s))]});
                std::vector<double> rates;
                scratch.solve(demand, rates);
                std::vector<double> want(n.capacity.size(), 0.0);
                for (size_t s = 0; s < partial.size(); ++s) {
                    ASSERT_NEAR(partial.rate(static_cast<int>(s)), rates[s], 1e-9 * std::max(1.0, rates[s]))
                        << (ties ? "ties" : "random") << ", seed " << seed << ", change " << change;
                    for (auto [l, h] : *demand[s].links) want[l] += rates[s] * h;
                }
                for (size_t l = 0; l < want.size(); ++l)
                    ASSERT_NEAR(carried[l], want[l], 1e-9 * std::max(1.0, want[l])) << "link " << l;
            }
            EXPECT_GT(most, 100u);  // large tight components were reached
            EXPECT_LT(partial.flows_resolved(), whole_components.flows_resolved())
                << (ties ? "ties" : "random") << ", seed " << seed;
        }
}

TEST(IncrementalFairShare, ChangesAtTheTopLevelRefillOnlyThatLevel) {
    // Link 0 (capacity 30) holds three flows at 10 each, which also cross link 1 (capacity
    // 100); flow d, on link 1 only, takes the remaining 70. Every change below happens at
    // level 70, so filling from the level a change reaches leaves the three flows at 10
    // alone, where re-solving the touched component fills all of them again.
    const std::vector<double> capacity = {30, 100};
    const LinkUse low = {{0, 1}, {1, 1}}, high = {{1, 1}};
    for (bool partial_resolve : {true, false}) {
        IncrementalFairShare net(capacity, true, 0, partial_resolve);
        for (int f = 0; f < 3; ++f) net.add(f, &low, 50);
        const int d = net.add(3, &high, 80);
        net.solve([](int, double, double) {});
        EXPECT_DOUBLE_EQ(net.rate(0), 10.0);
        EXPECT_DOUBLE_EQ(net.rate(d), 70.0);
        long long before = net.flows_resolved();
        net.remove(d);  // left at 70; link 1 stays tight (3 x 50 > 100)
        net.solve([](int, double, double) {});
        EXPECT_DOUBLE_EQ(net.rate(0), 10.0);
        EXPECT_EQ(net.flows_resolved() - before, partial_resolve ? 0 : 3);
        before = net.flows_resolved();
        const int e = net.add(4, &high, 95);  // link 1 fills with it at 70: below that, nothing moves
        net.solve([](int, double, double) {});
        EXPECT_DOUBLE_EQ(net.rate(e), 70.0);
        EXPECT_EQ(net.flows_resolved() - before, partial_resolve ? 1 : 4);
        before = net.flows_resolved();
        net.remove(e);  // two changes in one solve: e leaves at 70, f enters at 70
        const int f = net.add(5, &high, 90);
        net.solve([](int, double, double) {});
        EXPECT_DOUBLE_EQ(net.rate(f), 70.0);
        EXPECT_DOUBLE_EQ(net.rate(0), 10.0);
        EXPECT_EQ(net.flows_resolved() - before, partial_resolve ? 1 : 4);
        before = net.flows_resolved();
        const int g = net.add(6, &high, 5);  // enters at cap 5, below the flows at 10: all move
        net.solve([](int, double, double) {});
        EXPECT_DOUBLE_EQ(net.rate(g), 5.0);
        EXPECT_DOUBLE_EQ(net.rate(f), 65.0);
        EXPECT_EQ(net.flows_resolved() - before, 5);
    }
}
