#include "federated/auxo.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

using namespace federated;

TEST(Ari, KnownValues) {
    const std::vector<int> a = {0, 0, 0, 1, 1, 1}, same = {5, 5, 5, 2, 2, 2}, mixed = {0, 1, 0, 1, 0, 1};
    EXPECT_DOUBLE_EQ(adjusted_rand_index(a, same), 1.0);
    EXPECT_LT(adjusted_rand_index(a, mixed), 0.0 + 1e-9);
    const std::vector<int> one(6, 0);
    EXPECT_NEAR(adjusted_rand_index(a, one), 0.0, 1e-12);
}

namespace {

// Planted clients: `groups` directions in signal space plus noise; a client's update is its
// group's direction, so Auxo should separate them.
struct Planted {
    std::size_t n, dim = 32;
    int groups;
    std::vector<float> signal(std::uint32_t c, Rng& rng) const {
        std::vector<float> s(dim);
        std::normal_distribution<float> z;
        for (std::size_t t = 0; t < dim; ++t) s[t] = 0.3f * z(rng);
        s[static_cast<std::size_t>(c % static_cast<std::uint32_t>(groups)) * 4] += 2.0f;
        return s;
    }
};

// Rounds of cohort training: each cohort takes `per` clients among those choosing it.
double run(Auxo& auxo, const Planted& p, int rounds, std::size_t per) {
    Rng rng = stream(11, Stream::rounds);
    for (int r = 1; r <= rounds; ++r) {
        std::vector<std::vector<std::uint32_t>> pools(auxo.cohorts());
        for (std::uint32_t c = 0; c < p.n; ++c) pools[static_cast<std::size_t>(auxo.choose(c))].push_back(c);
        const std::size_t active = auxo.cohorts();
        for (std::size_t k = 0; k < active; ++k) {
            auto& pool = pools[k];
            for (std::size_t i = 0; i < std::min(per, pool.size()); ++i)
                std::swap(pool[i], pool[i + below(rng, pool.size() - i)]);
            pool.resize(std::min(per, pool.size()));
            std::vector<float> signals;
            for (auto c : pool) {
                const auto s = p.signal(c, rng);
                signals.insert(signals.end(), s.begin(), s.end());
            }
            if (!pool.empty()) auxo.observe(static_cast<int>(k), r, pool, signals, p.dim);
        }
    }
    std::vector<int> truth, found;
    for (std::uint32_t c = 0; c < p.n; ++c)
        if (auxo.assigned(c) >= 0)
            truth.push_back(static_cast<int>(c % static_cast<std::uint32_t>(p.groups))),
                found.push_back(auxo.assigned(c));
    return truth.size() < p.n / 2 ? 0.0 : adjusted_rand_index(truth, found);
}

}  // namespace

// Default settings, the separation test on: four equidistant groups halved 2+2 at the first
// split are only 0.87-separated as two sides (centroids 2 apart, members 2.2 from theirs), but
// the groups test finds two groups on each side, all four pairwise 1.5-separated, and the
// cohort splits; the second split round parts each half (1.5-1.6 as sides). With the test
// looking for two groups only (split_test_groups = 2, the mechanism off) the first split is
// declined and there is one cohort. The second split is at cohort round 20, not 12 as before:
// at round 12 one half still holds a few members of a third group (the reward had not moved
// them yet), its sides cut that group, and the test declines (ARI 0.71, 3 cohorts); at 15, 20
// or 25 it splits.
TEST(Auxo, SplitsAtTheSplitRoundsAndSeparatesPlantedGroups) {
    auto run_with = [](int test_groups, double* ari) {
        AuxoSettings s;
        s.split_rounds = {5, 20};
        s.split_test_groups = test_groups;
        Auxo auxo(400, s, 1);
        const Planted p{400, 32, 4};
        *ari = run(auxo, p, 150, 40);
        for (const auto& t : auxo.split_tests()) EXPECT_EQ(t.split, t.separation >= s.split_separation);
        return auxo.cohorts();
    };
    double ari = 0;
    EXPECT_EQ(run_with(AuxoSettings{}.split_test_groups, &ari), 4u);
    EXPECT_GT(ari, 0.8);
    EXPECT_EQ(run_with(2, &ari), 1u);
    EXPECT_LT(ari, 0.8);
}

TEST(Auxo, SizeRuleSplitsWhenBothSidesAreBigEnough) {
    AuxoSettings s;
    s.split_rounds = {};            // split by size: both sides > N/20, ratio within (0.5, 2) after the first
    s.train_ratio = 0.1;            // 40 of 400 per round
    s.split_min_participants = 20;  // >= 200 members
    Auxo auxo(400, s, 1);
    const Planted p{400, 32, 2};
    const double ari = run(auxo, p, 60, 40);
    EXPECT_GE(auxo.cohorts(), 2u);
    EXPECT_GT(ari, 0.5);
}

// The separation statistic measures the sides' populations, not their samples: random sides
// of one cloud score ~0 (raw centroid distances would give sqrt(1/10 + 1/10) = 0.45 here), and
// two clouds 1.5 RMS radii apart score ~1.5.
TEST(Auxo, SideSeparationEstimatesHowFarApartThePopulationsLie) {
    Rng rng = stream(5, Stream::rounds);
    std::normal_distribution<float> z;
    const std::size_t d = 200;
    auto sample = [&](double shift) {
        std::vector<std::vector<float>> u(20, std::vector<float>(d));
        std::vector<int> side(20);
        for (std::size_t i = 0; i < 20; ++i) {
            side[i] = static_cast<int>(i % 2);
            for (auto& x : u[i]) x = z(rng);
            u[i][0] += static_cast<float>(side[i] * shift * std::sqrt(static_cast<double>(d)));
        }
        return side_separation(u, side);
    };
    double none = 0, apart = 0;
    for (int t = 0; t < 20; ++t) none += sample(0) / 20, apart += sample(1.5) / 20;
    EXPECT_LT(none, 0.2);
    EXPECT_NEAR(apart, 1.5, 0.15);
}

// Our separation test: two planted groups (centroids 2.8 apart, members 1.7 from theirs) are
// split at the split round; signals with no groups (pure noise) are not, though the split
// round asks for it. Off, the no-group cohort splits anyway.
TEST(Auxo, SeparationTestSplitsPlantedGroupsAndDeclinesNoGroups) {
    auto cohorts = [](int groups, double separation, double* ari = nullptr) {
        AuxoSettings s;
        s.split_rounds = {5};
        s.split_separation = separation;
        Auxo auxo(400, s, 1);
        const Planted p{400, 32, groups};
        Planted noise = p;
        noise.groups = 1;  // every client the same direction: after centring, noise only
        const double a = run(auxo, groups > 1 ? p : noise, 40, 40);
        if (ari) *ari = a;
        for (const auto& t : auxo.split_tests()) EXPECT_EQ(t.split, t.separation >= separation);
        return auxo.cohorts();
    };
    double ari = 0;
    EXPECT_EQ(cohorts(2, 1.0, &ari), 2u);
    EXPECT_GT(ari, 0.8);
    EXPECT_EQ(cohorts(1, 1.0), 1u);
    EXPECT_EQ(cohorts(1, 0.0), 2u);  // off: FedScale's rule splits at round 5 whatever the signals
}

// FedScale's second size condition: a cohort splits only with >= split_min_participants /
// train_ratio members. Four planted groups would give more than two cohorts without it.
TEST(Auxo, SizeRuleNeedsMinParticipantsOverTrainRatioMembers) {
    const Planted p{400, 32, 4};
    auto cohorts_after = [&](double min_participants) {
        AuxoSettings s;
        s.split_rounds = {};
        s.train_ratio = 0.1;  // 40 of 400 per round
        s.split_min_participants = min_participants;
        Auxo auxo(400, s, 1);
        run(auxo, p, 80, 40);
        return auxo.cohorts();
    };
    EXPECT_EQ(cohorts_after(100), 1u);  // FedScale's default: 1,000 members needed, 400 exist
    EXPECT_EQ(cohorts_after(30), 2u);   // 300 needed: the whole population splits once, its halves cannot
    EXPECT_GT(cohorts_after(0), 2u);    // off: the four groups split further
}

TEST(Auxo, NeverTrainedClientsExploreAndEpsilonFades) {
    AuxoSettings s;
    s.split_rounds = {1};
    Auxo auxo(50, s, 3);
    Rng rng = stream(1, Stream::rounds);
    std::vector<std::uint32_t> first = {0, 1, 2, 3, 4, 5, 6, 7};
    std::vector<float> sig;
    const Planted p{50, 32, 2};
    for (auto c : first) {
        const auto v = p.signal(c, rng);
        sig.insert(sig.end(), v.begin(), v.end());
    }
    EXPECT_EQ(auxo.observe(0, 1, first, sig, 32), 1);  // split at cohort round 1
    ASSERT_EQ(auxo.cohorts(), 2u);
    EXPECT_EQ(auxo.assigned(20), -1);
    int seen[2] = {0, 0};
    for (int i = 0; i < 400; ++i) ++seen[auxo.choose(20)];
    EXPECT_GT(seen[0], 120);  // uniform among 2 cohorts
    EXPECT_GT(seen[1], 120);
    for (int i = 0; i < 1000; ++i) auxo.choose(0);
    EXPECT_LT(auxo.exploration(), 0.01 * std::pow(0.99, 999));
    const int home = auxo.assigned(0);
    for (int i = 0; i < 100; ++i) EXPECT_EQ(auxo.choose(0), home);
}

namespace {

// n signals in `dim` dimensions, as the separation test sees them (centred over the set, each
// scaled to length 1): `groups` equally distant groups (each its own direction, 2 apart,
// plus N(0, 0.3^2) per dimension; 0 = isotropic noise only), group i % groups per row.
std::vector<std::vector<float>> normalised_signals(std::size_t n, std::size_t dim, int groups, Rng& rng) {
    std::normal_distribution<float> z;
    std::vector<std::vector<float>> u(n, std::vector<float>(dim));
    for (std::size_t i = 0; i < n; ++i) {
        for (auto& x : u[i]) x = 0.3f * z(rng);
        if (groups > 0) u[i][(i % static_cast<std::size_t>(groups)) * 4] += 2.0f;
    }
    std::vector<double> mean(dim, 0.0);
    for (const auto& r : u)
        for (std::size_t t = 0; t < dim; ++t) mean[t] += r[t] / static_cast<double>(n);
    for (auto& r : u) {
        double norm = 0;
        for (std::size_t t = 0; t < dim; ++t) norm += std::pow(r[t] -= static_cast<float>(mean[t]), 2);
        for (auto& x : r) x = static_cast<float>(x / std::sqrt(norm));
    }
    return u;
}

}  // namespace

// The groups test (auxo_split_test_groups): four equally distant groups halved 2+2 are not
// 1-separated as two sides (each side holds two groups, so the within-side spread is
// inflated), but 2-means within each side finds the four, each pair well apart. With the test
// looking for two groups only (the mechanism off) it declines.
TEST(Auxo, GroupsTestFindsFourEqualGroupsThatTwoSidesMiss) {
    Rng rng = stream(3, Stream::rounds);
    const auto u = normalised_signals(40, 32, 4, rng);
    std::vector<int> side(u.size());
    for (std::size_t i = 0; i < u.size(); ++i) side[i] = (i % 4) < 2 ? 0 : 1;  // groups 0+1 | 2+3
    Rng km = stream(3, Stream::auxo, 1);
    const auto two = groups_separation(u, side, 2, km);
    const auto four = groups_separation(u, side, 4, km);
    EXPECT_LT(two.separation, 1.0);
    EXPECT_EQ(two.by_groups.size(), 1u);
    EXPECT_EQ(four.by_groups.size(), 3u);
    EXPECT_DOUBLE_EQ(four.by_groups[0], two.separation);  // k = 2 is the sides, as before
    EXPECT_GE(four.separation, 1.0);
    EXPECT_EQ(four.groups, 4);
    // k-means recovers the four groups exactly.
    std::vector<int> truth(u.size());
    for (std::size_t i = 0; i < u.size(); ++i) truth[i] = static_cast<int>(i % 4);
    EXPECT_DOUBLE_EQ(adjusted_rand_index(truth, k_means(u, 4, km)), 1.0);
}

// Chance: k-means picks its partition from the data, so noise can look separated. Isotropic
// noise with the project's proposals' shape (50 participants, the MLP's signal: 10% of 101,770
// weights) and the synthetic tests' (40 in 32 dimensions): over 100 seeds each, how often the
// test (K = 4, c = 1) passes: never (highest 0.09, and 0.60-0.66 in 32 dimensions). In 8
// dimensions it does, 3 in 100 (the sides alone: none): in few dimensions k-means' clusters of
// noise lie apart, so the test is only as good as the signal is high-dimensional. The sides are
// 2-means, as the sub-labelling's first split.
TEST(Auxo, GroupsTestDeclinesIsotropicNoise) {
    int two = 0;
    auto false_passes = [&](std::size_t n, std::size_t dim, int seeds, double* worst) {
        int passes = 0;
        for (int s = 0; s < seeds; ++s) {
            Rng rng = stream(static_cast<std::uint64_t>(s), Stream::rounds, dim);
            const auto u = normalised_signals(n, dim, 0, rng);
            Rng km = stream(static_cast<std::uint64_t>(s), Stream::auxo, 1);
            const auto side = k_means(u, 2, km);
            const auto g = groups_separation(u, side, 4, km);
            *worst = std::max(*worst, g.separation);
            passes += g.separation >= 1.0;
            two += g.by_groups[0] >= 1.0;
        }
        return passes;
    };
    const std::pair<std::size_t, std::size_t> shapes[] = {{50, 10177}, {40, 32}, {25, 32}, {50, 8}};
    const int most[] = {0, 0, 0, 15};
    for (std::size_t i = 0; i < 4; ++i) {
        const auto [n, dim] = shapes[i];
        double worst = 0;
        const int passes = false_passes(n, dim, 100, &worst);
        EXPECT_LE(passes, most[i]) << n << " x " << dim;
        std::printf("noise n=%zu dim=%zu: %d/100 pass, highest %.3f; sides alone %d/100\n", n, dim, passes, worst, two);
        two = 0;
    }
}
