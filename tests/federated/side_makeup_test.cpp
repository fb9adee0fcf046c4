// What two sides of a proposed split are made of (latent-group shares, label mixes), measured
// on small planted populations where the answer is known.
#include "federated/side_makeup.hpp"

#include "cyclic_labels.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

using namespace federated;

namespace {

std::vector<std::int64_t> labels(std::size_t n) { return federated::testing::cyclic_labels(n); }

// Two groups, plain and label-permuted; tiny alpha gives each client (almost) one class.
PopulationConfig planted(std::size_t clients) {
    PopulationConfig c;
    c.clients = clients;
    c.groups = {{"identity", 0.5, Shift::none}, {"permuted", 0.5, Shift::permute_labels}};
    c.dirichlet_alpha = 0.001;
    c.size_sigma = 0;  // every client the same size
    c.seed = 5;
    return c;
}

int main_class(const Population& p, std::uint32_t c) {
    const auto mix = p.label_mix(c);
    return static_cast<int>(std::max_element(mix.begin(), mix.end()) - mix.begin());
}

}  // namespace

TEST(SideMakeup, GroupSharesAndTaughtLabelsOfAPlantedSet) {
    const auto train = labels(1000), test = labels(200);
    const Population p(planted(400), train, test);
    std::vector<std::uint32_t> identity, permuted;
    for (std::uint32_t c = 0; c < 400; ++c) (p.group(c) == 0 ? identity : permuted).push_back(c);
    // Three identity clients and one permuted: shares 3/4, 1/4.
    const std::vector<std::uint32_t> some = {identity[0], identity[1], identity[2], permuted[0]};
    const Makeup m = makeup_of(p, some);
    EXPECT_EQ(m.clients, 4u);
    ASSERT_EQ(m.group_share.size(), 2u);
    EXPECT_DOUBLE_EQ(m.group_share[0], 0.75);
    EXPECT_DOUBLE_EQ(m.group_share[1], 0.25);
    // Each client holds one class; the permuted client is taught its class + 3 (mod 10).
    std::vector<double> expected(10, 0.0);
    for (int i = 0; i < 3; ++i) expected[static_cast<std::size_t>(main_class(p, identity[i]))] += 0.25;
    expected[static_cast<std::size_t>((main_class(p, permuted[0]) + 3) % 10)] += 0.25;
    ASSERT_EQ(m.label_share.size(), 10u);
    for (std::size_t k = 0; k < 10; ++k) EXPECT_NEAR(m.label_share[k], expected[k], 1e-3) << "class " << k;
    EXPECT_NEAR(std::accumulate(m.label_share.begin(), m.label_share.end(), 0.0), 1.0, 1e-12);
}

// Sides cut along the groups: group gap 1, far above chance. Sides cut along the labels
// (classes 0-4 vs 5-9 as taught) inside the same group mix: label gap ~1, group gap ~chance.
TEST(SideMakeup, GapsSayWhetherSidesFollowGroupsOrLabels) {
    const auto train = labels(1000), test = labels(200);
    const Population p(planted(400), train, test);
    Rng rng = stream(1, Stream::sides);
    std::vector<std::uint32_t> by_group[2], by_label[2];
    for (std::uint32_t c = 0; c < 400; ++c) {
        by_group[p.group(c)].push_back(c);
        by_label[p.label_for(p.group(c), main_class(p, c)) >= 5].push_back(c);
    }
    const SidesGap groups = sides_gap(p, by_group[0], by_group[1], rng);
    EXPECT_DOUBLE_EQ(groups.group, 1.0);
    EXPECT_LT(groups.group_chance, 0.15);
    EXPECT_LT(groups.label, 0.3);  // both groups hold every class
    const SidesGap labels_cut = sides_gap(p, by_label[0], by_label[1], rng);
    EXPECT_GT(labels_cut.label, 0.99);
    EXPECT_LT(labels_cut.label_chance, 0.2);
    EXPECT_LT(labels_cut.group, labels_cut.group_chance + 0.15);
    EXPECT_EQ(share_gap({0.5, 0.5}, {0.5, 0.5}), 0.0);
    EXPECT_DOUBLE_EQ(share_gap({1, 0}, {0, 1}), 1.0);
}
