#include "federated/side_makeup.hpp"

#include <algorithm>
#include <cmath>

namespace federated {

Makeup makeup_of(const Population& population, std::span<const std::uint32_t> clients) {
    Makeup m;
    m.clients = clients.size();
    m.group_share.assign(population.config().groups.size(), 0.0);
    m.label_share.assign(Population::kClasses, 0.0);
    double examples = 0;
    for (std::uint32_t c : clients) {
        const int g = population.group(c);
        m.group_share[static_cast<std::size_t>(g)] += 1;
        // The labels the client is taught (a concept-shifted group learns other names), by
        // its expected counts: its class mix times its training-set size.
        const auto mix = population.label_mix(c);
        const double size = static_cast<double>(population.train_size(c));
        for (int k = 0; k < Population::kClasses; ++k)
            m.label_share[static_cast<std::size_t>(population.label_for(g, k))] +=
                mix[static_cast<std::size_t>(k)] * size;
        examples += size;
    }
    if (!clients.empty())
        for (auto& x : m.group_share) x /= static_cast<double>(clients.size());
    if (examples > 0)
        for (auto& x : m.label_share) x /= examples;
    return m;
}

double share_gap(const std::vector<double>& a, const std::vector<double>& b) {
    double sum = 0;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) sum += std::abs(a[i] - b[i]);
    return sum / 2;
}

SidesGap sides_gap(const Population& population, std::span<const std::uint32_t> side0,
                   std::span<const std::uint32_t> side1, Rng& rng, int draws) {
    SidesGap gap;
    auto measure = [&](std::span<const std::uint32_t> a, std::span<const std::uint32_t> b, double& group,
                       double& label) {
        const Makeup ma = makeup_of(population, a), mb = makeup_of(population, b);
        group += share_gap(ma.group_share, mb.group_share);
        label += share_gap(ma.label_share, mb.label_share);
    };
    measure(side0, side1, gap.group, gap.label);
    if (side0.empty() || side1.empty() || draws <= 0) return gap;
    // Chance: the same clients dealt at random into sides of the same sizes.
    std::vector<std::uint32_t> all(side0.begin(), side0.end());
    all.insert(all.end(), side1.begin(), side1.end());
    for (int d = 0; d < draws; ++d) {
        for (std::size_t i = 0; i + 1 < all.size(); ++i) std::swap(all[i], all[i + below(rng, all.size() - i)]);
        const std::span<const std::uint32_t> s(all);
        measure(s.first(side0.size()), s.subspan(side0.size()), gap.group_chance, gap.label_chance);
    }
    gap.group_chance /= draws;
    gap.label_chance /= draws;
    return gap;
}

}  // namespace federated
