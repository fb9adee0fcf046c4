// What a set of clients is made of: its share of each latent group and its label mix (the
// labels its members are taught, weighted by their training-set sizes). Used on the two sides
// of a split Auxo proposes, to measure whether the signal's sides follow the groups or the
// label mix.
#pragma once

#include "federated/population.hpp"
#include "federated/random.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace federated {

struct Makeup {
    std::size_t clients = 0;
    std::vector<double> group_share;  // one per latent group, sums to 1 (0s if no clients)
    std::vector<double> label_share;  // one per class (Population::kClasses), sums to 1
};

Makeup makeup_of(const Population& population, std::span<const std::uint32_t> clients);

// Total-variation distance of two shares: 0 = the same mix, 1 = nothing in common.
double share_gap(const std::vector<double>& a, const std::vector<double>& b);

// How two sides differ, and how much two random sides of the same sizes drawn from the same
// clients differ (the mean over `draws` relabellings): a gap is meaningful only above chance.
struct SidesGap {
    double group = 0, label = 0;                // between the two sides
    double group_chance = 0, label_chance = 0;  // between random sides of the same sizes
};
SidesGap sides_gap(const Population& population, std::span<const std::uint32_t> side0,
                   std::span<const std::uint32_t> side1, Rng& rng, int draws = 200);

}  // namespace federated
