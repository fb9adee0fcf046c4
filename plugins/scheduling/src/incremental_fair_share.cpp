#include "scheduling/incremental_fair_share.hpp"

#include <algorithm>

namespace sextant::scheduling {

IncrementalFairShare::IncrementalFairShare(std::vector<double> capacity_gbps)
    : fair_(capacity_gbps),
      on_link_(capacity_gbps.size()),
      link_mark_(capacity_gbps.size(), 0),
      carried_(capacity_gbps.size(), 0.0),
      offered_(capacity_gbps.size(), 0.0),
      reported_carried_(capacity_gbps.size(), 0.0),
      reported_offered_(capacity_gbps.size(), 0.0) {}

int IncrementalFairShare::add(int owner, const LinkUse* links, double cap_gbps) {
    const int slot = static_cast<int>(flows_.size());
    flows_.push_back({links, cap_gbps});
    owners_.push_back(owner);
    rates_.push_back(0.0);
    if (slot_mark_.size() < flows_.size()) slot_mark_.resize(flows_.size(), 0);
    for (auto [l, hops] : *links) on_link_[l].push_back(slot), seeds_.push_back(l);
    return slot;
}

void IncrementalFairShare::unlink(int slot) {
    for (auto [l, hops] : *flows_[slot].links) {
        auto& on = on_link_[l];
        on.erase(std::find(on.begin(), on.end(), slot));
        seeds_.push_back(l);
    }
}

void IncrementalFairShare::remove(int slot) {
    unlink(slot);
    const int last = static_cast<int>(flows_.size()) - 1;
    if (slot != last) {
        // The last flow takes the freed slot; its rate is unaffected.
        for (auto [l, hops] : *flows_[last].links)
            for (int& s : on_link_[l])
                if (s == last) s = slot;
        flows_[slot] = flows_[last];
        owners_[slot] = owners_[last];
        rates_[slot] = rates_[last];
    }
    flows_.pop_back();
    owners_.pop_back();
    rates_.pop_back();
}

void IncrementalFairShare::collect() {
    if (++mark_ == 0) {  // the stamp wrapped: forget every old mark
        std::fill(link_mark_.begin(), link_mark_.end(), 0);
        std::fill(slot_mark_.begin(), slot_mark_.end(), 0);
        mark_ = 1;
    }
    links_.clear();
    changed_.clear();
    for (int seed : seeds_) {
        if (link_mark_[seed] == mark_) continue;  // already in a component solved now
        // The component through `seed`: links and the flows crossing them, transitively.
        const size_t first_link = links_.size();
        component_.clear();
        link_mark_[seed] = mark_;
        links_.push_back(seed);
        for (size_t next = first_link; next < links_.size(); ++next)
            for (int slot : on_link_[links_[next]]) {
                if (slot_mark_[slot] == mark_) continue;
                slot_mark_[slot] = mark_;
                component_.push_back(slot);
                for (auto [l, hops] : *flows_[slot].links)
                    if (link_mark_[l] != mark_) link_mark_[l] = mark_, links_.push_back(l);
            }
        for (size_t k = first_link; k < links_.size(); ++k) carried_[links_[k]] = offered_[links_[k]] = 0.0;
        if (!component_.empty()) {
            // Slot order, so a component spanning every flow is solved exactly as the whole fabric.
            std::sort(component_.begin(), component_.end());
            demand_.clear();
            for (int slot : component_) demand_.push_back(flows_[slot]);
            fair_.solve(demand_, solved_rates_);
            ++solved_;
            for (size_t i = 0; i < component_.size(); ++i) {
                const int slot = component_[i];
                rates_[slot] = solved_rates_[i];
                for (auto [l, hops] : *flows_[slot].links) {
                    carried_[l] += rates_[slot] * hops;
                    offered_[l] += flows_[slot].cap_gbps * hops;
                }
            }
        }
        // Only loads that moved are reported.
        for (size_t k = first_link; k < links_.size(); ++k) {
            const int l = links_[k];
            if (carried_[l] != reported_carried_[l] || offered_[l] != reported_offered_[l]) {
                reported_carried_[l] = carried_[l];
                reported_offered_[l] = offered_[l];
                changed_.push_back(l);
            }
        }
    }
    seeds_.clear();
}

}  // namespace sextant::scheduling
