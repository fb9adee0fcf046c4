// Large fabrics: a change re-solves only the levels it can reach (IncrementalFairShare,
// partial_resolve; the argument is in incremental_fair_share.hpp).
//
// Each link a change touched gets the lowest level the change can alter there: the old
// rate of a flow that left, the cap of a flow that entered, and, on a tight link a flow
// entered, the level at which that link fills with its new flows added (entry_level).
// From the seed with the lowest level, flows at or above it are gathered through tight
// links; flows below it keep their rates and only take their load off each link's
// capacity. The gathered flows are filled again from that level. A later seed the
// gathering reached is part of that problem (its own level is no lower).
#include "netsim/incremental_fair_share.hpp"

#include <algorithm>
#include <limits>

namespace netsim {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kEps = 1e-9;  // FairShare's tolerance: a residual this small (x capacity) counts as full
}  // namespace

void IncrementalFairShare::collect_levels() {
    // reload_ holds each changed link once (set_rate adds more only from here on).
    order_.clear();
    for (int l : reload_) {
        double at = restart_at_[l];
        restart_at_[l] = kInf;
        bool entered = false;
        for (auto [slot, hops] : on_link_[l])
            if (rates_[slot] < 0) entered = true, at = std::min(at, flows_[slot].cap);
        if (entered && tight_[l]) at = std::min(at, entry_level(l));
        if (at < kInf) order_.push_back({std::max(0.0, at), l});
    }
    std::sort(order_.begin(), order_.end());
    for (auto [at, seed] : order_) {
        if (!fresh(link_mark_, seed)) continue;  // in a problem gathered from a lower seed
        // Rates within the solver's tolerance of the level count as at it.
        const double from = std::max(0.0, at - kEps * std::max(1.0, at));
        component_.clear();
        links_.clear();
        if (tight_[seed]) {
            links_.push_back(seed);
        } else {
            // A slack link constrains nobody: only its new flows, and all of its flows from
            // the level up when it was tight before (it no longer holds them), can move.
            for (auto [slot, hops] : on_link_[seed])
                if (slot_mark_[slot] != mark_ && (rates_[slot] < 0 || (was_tight_[seed] && rates_[slot] >= from)))
                    take(slot);
        }
        grow(0, from);
        if (!component_.empty()) fill_from(from);
    }
}

// Lowest level x at which `link` fills once its new flows (rate not solved yet) run with
// the others: flows below x at their old rates, the rest, new ones too, at x. Below the
// level where the change first alters anything, the old rates are the new ones, so the
// smallest x over the changed links is no higher than that level.
double IncrementalFairShare::entry_level(int link) {
    rank_.clear();
    int weight = 0, entering = 0;
    for (auto [slot, hops] : on_link_[link]) {
        if (rates_[slot] >= 0) rank_.push_back({rates_[slot], hops}), weight += hops;
        else if (flows_[slot].cap > 0) entering += hops;
    }
    if (entering == 0) return kInf;
    std::sort(rank_.begin(), rank_.end());
    double fixed = 0, below = 0;
    weight += entering;
    for (auto [rate, hops] : rank_) {
        const double x = (capacity_[link] - fixed) / weight;
        if (x <= rate) return std::max(x, below);
        fixed += rate * hops, weight -= hops, below = rate;
    }
    return std::max((capacity_[link] - fixed) / weight, below);
}

void IncrementalFairShare::take(int slot) {
    slot_mark_[slot] = mark_;
    bool constrained = false;
    for (auto [l, h] : *flows_[slot].links)
        if (tight_[l]) {
            constrained = true;
            if (fresh(link_mark_, l)) links_.push_back(l);
        }
    if (constrained) return component_.push_back(slot);
    // No link it crosses can fill: its cap, exactly, as solve_from_flow gives it.
    const FlowDemand& f = flows_[slot];
    set_rate(slot, f.cap > 0 && !f.links->empty() ? f.cap : 0.0);
}

void IncrementalFairShare::grow(size_t next, double from) {
    for (; next < links_.size(); ++next)
        for (auto [slot, hops] : on_link_[links_[next]])
            if (slot_mark_[slot] != mark_ && !(rates_[slot] >= 0 && rates_[slot] < from)) take(slot);
}

// Progressive filling of component_ from level `from`, on its tight links. A link's
// residual at level x is capacity - fixed - x x weight (fixed: load of flows frozen so
// far, inside or outside the problem; weight: hops of unfrozen flows), so a round costs
// one division per link and nothing per (flow, link) but for the flows it freezes.
void IncrementalFairShare::fill_from(double from) {
    if (live_.size() < flows_.size()) live_.resize(flows_.size(), 0);
    live_flows_.clear();
    for (int slot : component_) {
        if (flows_[slot].cap > 0) live_[slot] = 1, live_flows_.push_back(slot);
        else set_rate(slot, 0.0);  // nothing to send, as FairShare
    }
    live_links_.clear();
    for (int l : links_) {
        double fixed = 0;
        int weight = 0;
        for (auto [slot, hops] : on_link_[l]) {
            if (slot_mark_[slot] != mark_) fixed += rates_[slot] * hops;  // below `from`: kept
            else if (live_[slot]) weight += hops;
        }
        fixed_[l] = fixed, weight_[l] = weight;
        if (weight > 0) live_links_.push_back(l);
    }
    ++solved_, ++direct_solves_;
    flows_resolved_ += static_cast<long long>(component_.size());
    double level = from;
    while (!live_flows_.empty()) {
        double next = kInf;
        for (int slot : live_flows_) next = std::min(next, flows_[slot].cap);
        for (int l : live_links_) next = std::min(next, (capacity_[l] - fixed_[l]) / weight_[l]);
        level = std::max(level, next);
        frozen_.clear();
        for (int slot : live_flows_) {
            const double cap = flows_[slot].cap;
            if (cap != kUncapped && level >= cap - kEps * std::max(1.0, cap)) frozen_.push_back(slot);
        }
        for (int l : live_links_)
            if (capacity_[l] - fixed_[l] - level * weight_[l] <= kEps * std::max(1.0, capacity_[l]))
                for (auto [slot, hops] : on_link_[l])
                    if (slot_mark_[slot] == mark_ && live_[slot]) frozen_.push_back(slot);
        if (frozen_.empty()) frozen_ = live_flows_;  // rounding left nothing at the level: all are there
        for (int slot : frozen_) {
            if (!live_[slot]) continue;  // on two full links
            live_[slot] = 0;
            set_rate(slot, level);
            for (auto [l, h] : *flows_[slot].links)
                if (tight_[l]) fixed_[l] += level * h, weight_[l] -= h;
        }
        std::erase_if(live_flows_, [&](int slot) { return !live_[slot]; });
        std::erase_if(live_links_, [&](int l) { return weight_[l] == 0; });
    }
}

}  // namespace netsim
