#include "scheduling/placement.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>

namespace sextant::scheduling {

PlacementKind parse_placement(const std::string& text) {
    if (text == "packed") return PlacementKind::Packed;
    if (text == "random") return PlacementKind::Random;
    throw std::invalid_argument("placement: expected 'packed' or 'random', got '" + text + "'");
}

std::vector<int> Placement::server_ids() const {
    std::vector<int> ids;
    for (auto [s, g] : servers) ids.push_back(s);
    return ids;
}

int Placement::leaves(const Topology& topo) const {
    std::set<int> l;
    for (auto [s, g] : servers) l.insert(topo.leaf_of(s));
    return static_cast<int>(l.size());
}

namespace {

int total(const std::vector<int>& v) { return std::accumulate(v.begin(), v.end(), 0); }

// Takes GPUs from `servers` in the given order until `gpus` are placed.
Placement take(const std::vector<int>& servers, const std::vector<int>& free_gpus, int gpus) {
    Placement p;
    for (int s : servers) {
        if (gpus == 0) break;
        int g = std::min(gpus, free_gpus[s]);
        if (g > 0) p.servers.emplace_back(s, g), gpus -= g;
    }
    std::sort(p.servers.begin(), p.servers.end());
    return p;
}

std::vector<std::vector<int>> servers_by_leaf(const Topology& topo) {
    std::vector<std::vector<int>> by(topo.leaves());
    for (int s = 0; s < topo.servers(); ++s) by[topo.leaf_of(s)].push_back(s);
    return by;
}

// Most free first (fewest servers), ties by id.
void most_free_first(std::vector<int>& servers, const std::vector<int>& free_gpus) {
    std::stable_sort(servers.begin(), servers.end(), [&](int a, int b) { return free_gpus[a] > free_gpus[b]; });
}

}  // namespace

std::optional<Placement> packed_placement(const Topology& topo, const std::vector<int>& free_gpus, int gpus) {
    if (gpus < 1 || total(free_gpus) < gpus) return std::nullopt;
    // One server, best fit.
    int best = -1;
    for (int s = 0; s < topo.servers(); ++s)
        if (free_gpus[s] >= gpus && (best < 0 || free_gpus[s] < free_gpus[best])) best = s;
    if (best >= 0) return take({best}, free_gpus, gpus);
    auto by_leaf = servers_by_leaf(topo);
    std::vector<int> leaf_free(by_leaf.size(), 0);
    for (size_t l = 0; l < by_leaf.size(); ++l)
        for (int s : by_leaf[l]) leaf_free[l] += free_gpus[s];
    // One leaf, best fit.
    int leaf = -1;
    for (size_t l = 0; l < by_leaf.size(); ++l)
        if (leaf_free[l] >= gpus && (leaf < 0 || leaf_free[l] < leaf_free[leaf])) leaf = static_cast<int>(l);
    if (leaf >= 0) {
        auto servers = by_leaf[leaf];
        most_free_first(servers, free_gpus);
        return take(servers, free_gpus, gpus);
    }
    // Across leaves: the freest leaves first.
    std::vector<int> leaves(by_leaf.size());
    std::iota(leaves.begin(), leaves.end(), 0);
    std::stable_sort(leaves.begin(), leaves.end(), [&](int a, int b) { return leaf_free[a] > leaf_free[b]; });
    std::vector<int> order;
    for (int l : leaves) {
        auto servers = by_leaf[l];
        most_free_first(servers, free_gpus);
        order.insert(order.end(), servers.begin(), servers.end());
    }
    return take(order, free_gpus, gpus);
}

std::optional<Placement> random_placement(const Topology& topo, const std::vector<int>& free_gpus, int gpus,
                                          Random& rng) {
    if (gpus < 1 || total(free_gpus) < gpus) return std::nullopt;
    std::vector<int> slots;
    for (int s = 0; s < topo.servers(); ++s)
        for (int g = 0; g < free_gpus[s]; ++g) slots.push_back(s);
    rng.shuffle(slots);
    std::map<int, int> chosen;
    for (int i = 0; i < gpus; ++i) ++chosen[slots[i]];
    Placement p;
    p.servers.assign(chosen.begin(), chosen.end());
    return p;
}

std::vector<Placement> placement_candidates(const Topology& topo, const std::vector<int>& free_gpus, int gpus,
                                            PlacementKind base_kind, int count, Random& rng) {
    std::vector<Placement> out;
    auto base = base_kind == PlacementKind::Packed ? packed_placement(topo, free_gpus, gpus)
                                                   : random_placement(topo, free_gpus, gpus, rng);
    if (!base) return out;
    out.push_back(*base);
    auto add = [&](const Placement& p) {
        if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
    };
    const int want_servers = static_cast<int>(base->servers.size());
    const int want_leaves = base->leaves(topo);
    auto by_leaf = servers_by_leaf(topo);
    for (int attempt = 0; attempt < 8 * count && static_cast<int>(out.size()) < count; ++attempt) {
        if (base_kind == PlacementKind::Random) {
            add(*random_placement(topo, free_gpus, gpus, rng));
            continue;
        }
        // Randomised packing: leaves and servers in random order, freest servers first
        // within a leaf; kept only when as consolidated as the base.
        std::vector<int> leaves(by_leaf.size());
        std::iota(leaves.begin(), leaves.end(), 0);
        rng.shuffle(leaves);
        std::vector<int> order;
        for (int l : leaves) {
            auto servers = by_leaf[l];
            rng.shuffle(servers);
            most_free_first(servers, free_gpus);
            order.insert(order.end(), servers.begin(), servers.end());
        }
        Placement p = take(order, free_gpus, gpus);
        if (static_cast<int>(p.servers.size()) == want_servers && p.leaves(topo) == want_leaves) add(p);
    }
    return out;
}

}  // namespace sextant::scheduling
