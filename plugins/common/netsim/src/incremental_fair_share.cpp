#include "netsim/incremental_fair_share.hpp"

#include <algorithm>
#include <limits>

namespace netsim {

IncrementalFairShare::IncrementalFairShare(std::vector<double> capacity, bool prune_slack, size_t whole_fabric_links,
                                           bool partial_resolve)
    : small_fabric_(capacity.size() <= whole_fabric_links),
      fair_(capacity),
      memo_(capacity),
      tight_memo_(capacity),
      prune_(prune_slack),
      tight_(capacity.size(), 0),
      capacity_(capacity),
      on_link_(capacity.size()),
      carried_(capacity.size(), 0.0),
      offered_(capacity.size(), 0.0),
      link_mark_(capacity.size(), 0),
      load_mark_(capacity.size(), 0),
      levels_(partial_resolve && prune_slack && !small_fabric_),
      restart_at_(capacity.size(), std::numeric_limits<double>::infinity()),
      fixed_(capacity.size(), 0.0),
      weight_(capacity.size(), 0) {}

int IncrementalFairShare::add(int owner, const LinkUse* links, double cap) {
    const int slot = static_cast<int>(flows_.size());
    flows_.push_back({links, cap});
    ids_.push_back(flow_id(owner, *links, cap));
    owners_.push_back(owner);
    rates_.push_back(links->empty() ? 0.0 : -1.0);  // -1: not solved yet, any solution is a change
    if (slot_mark_.size() < flows_.size()) slot_mark_.resize(flows_.size(), 0);
    for (auto [l, hops] : *links) on_link_[l].push_back({slot, hops}), seeds_.push_back(l);
    return slot;
}

// An owner (a job) sends the same flow again at every iteration until it moves, so its
// last flow's id is kept beside a copy of the flow and reused while they match.
int IncrementalFairShare::flow_id(int owner, const LinkUse& links, double cap) {
    if (owner < 0) return memo_.flow_id(links, cap);
    if (static_cast<size_t>(owner) >= last_flow_.size()) last_flow_.resize(static_cast<size_t>(owner) + 1);
    LastFlow& last = last_flow_[static_cast<size_t>(owner)];
    if (last.id < 0 || last.cap != cap || last.links != links) last = {memo_.flow_id(links, cap), cap, links};
    return last.id;
}

void IncrementalFairShare::remove(int slot) {
    // Levels below its rate are as they were without it (partial_resolve).
    const double level = std::max(0.0, rates_[slot]);
    for (auto [l, hops] : *flows_[slot].links) {
        if (levels_) restart_at_[l] = std::min(restart_at_[l], level);
        auto& on = on_link_[l];
        on.erase(std::find_if(on.begin(), on.end(), [&](const Crossing& c) { return c.slot == slot; }));
        seeds_.push_back(l);
    }
    const int last = static_cast<int>(flows_.size()) - 1;
    if (slot != last) {
        // The last flow takes the freed slot; its rate is unaffected.
        for (auto [l, hops] : *flows_[last].links)
            for (Crossing& c : on_link_[l])
                if (c.slot == last) c.slot = slot;
        flows_[slot] = flows_[last];
        ids_[slot] = ids_[last];
        owners_[slot] = owners_[last];
        rates_[slot] = rates_[last];
    }
    flows_.pop_back();
    ids_.pop_back();
    owners_.pop_back();
    rates_.pop_back();
}

void IncrementalFairShare::collect() {
    if (++mark_ == 0) {  // the stamp wrapped: forget every old mark
        for (auto* m : {&link_mark_, &slot_mark_, &load_mark_}) std::fill(m->begin(), m->end(), 0);
        mark_ = 1;
    }
    reload_.clear();
    moved_.clear();
    // Links whose flow set changed: their offered load changed, and their components.
    for (int l : seeds_)
        if (fresh(load_mark_, l)) reload_.push_back(l);
    if (prune_) {
        // Tightness depends on a link's flow set only.
        was_tight_.resize(tight_.size());
        for (int l : reload_) {
            double offered = 0;
            for (auto [slot, hops] : on_link_[l]) offered += flows_[slot].cap * hops;
            was_tight_[l] = tight_[l];
            tight_[l] = offered > capacity_[l];
        }
    }
    if (small_fabric_ && flows_.size() <= kWholeFabricFlows) {
        // Few flows on a small fabric: one problem for all of them (every link, pruning or
        // not) costs less than finding components.
        component_.resize(flows_.size());
        for (size_t slot = 0; slot < flows_.size(); ++slot) component_[slot] = static_cast<int>(slot);
        if (!component_.empty()) solve_flows(false);
    } else if (levels_) {
        collect_levels();
    } else if (prune_) {
        for (int seed : seeds_) {
            if (link_mark_[seed] == mark_) continue;
            if (tight_[seed]) {
                solve_component(seed);
                continue;
            }
            link_mark_[seed] = mark_;
            // A slack link constrains nobody: only its new flows, and all of its flows when
            // it was tight before (it no longer joins them), can have a new rate.
            for (auto [slot, hops] : on_link_[seed])
                if (slot_mark_[slot] != mark_ && (was_tight_[seed] || rates_[slot] < 0)) solve_from_flow(slot);
        }
    } else {
        for (int seed : seeds_)
            if (link_mark_[seed] != mark_) solve_component(seed);
    }
    seeds_.clear();
    // Loads of those links and of every link of a flow whose rate moved; only changes are
    // reported. Sums run over each link's flows in the order they joined it.
    changed_.clear();
    for (int l : reload_) {
        double carried = 0, offered = 0;
        for (auto [slot, hops] : on_link_[l]) carried += rates_[slot] * hops, offered += flows_[slot].cap * hops;
        if (carried != carried_[l] || offered != offered_[l])
            carried_[l] = carried, offered_[l] = offered, changed_.push_back(l);
    }
}

void IncrementalFairShare::explore(size_t next) {
    // Links and the flows crossing them, transitively (with prune_, through tight links only).
    for (; next < links_.size(); ++next)
        for (auto [slot, hops] : on_link_[links_[next]]) {
            if (!fresh(slot_mark_, slot)) continue;
            component_.push_back(slot);
            for (auto [l, h] : *flows_[slot].links)
                if (joins(l) && fresh(link_mark_, l)) links_.push_back(l);
        }
}

void IncrementalFairShare::solve_component(int seed) {
    component_.clear();
    links_.clear();
    link_mark_[seed] = mark_;
    links_.push_back(seed);
    explore(0);
    if (!component_.empty()) solve_flows(prune_);  // else: links no flow crosses any more
}

void IncrementalFairShare::solve_from_flow(int slot) {
    component_.assign(1, slot);
    links_.clear();
    slot_mark_[slot] = mark_;
    for (auto [l, h] : *flows_[slot].links)
        if (tight_[l] && fresh(link_mark_, l)) links_.push_back(l);
    if (links_.empty()) {
        // No link it crosses can fill: its cap is its max-min rate (what filling it alone
        // gives, exactly: one step of cap - 0). Nothing to send, as FairShare: 0.
        const FlowDemand& f = flows_[slot];
        set_rate(slot, f.cap > 0 && !f.links->empty() ? f.cap : 0.0);
        return;
    }
    explore(0);
    solve_flows(true);
}

void IncrementalFairShare::set_rate(int slot, double rate) {
    if (rates_[slot] == rate) return;
    rates_[slot] = rate;
    moved_.push_back(slot);
    for (auto [l, hops] : *flows_[slot].links)
        if (fresh(load_mark_, l)) reload_.push_back(l);
}

void IncrementalFairShare::solve_flows(bool tight_only) {
    // Flows in the order of their ids, so a flow set met before is recognised whatever
    // slots its flows hold now. Large fabrics remember nothing: at 1,024 GPUs only 25% of
    // flow sets had been met before (88% at 128 GPUs), and looking up and storing the
    // others cost more than the repeats saved (27.8 vs 24.8 CPU s, identical results).
    std::sort(component_.begin(), component_.end(), [&](int a, int b) { return ids_[a] < ids_[b]; });
    key_.clear();
    for (int slot : component_) key_.push_back(ids_[slot]);
    FairShareMemo& memo = tight_only ? tight_memo_ : memo_;
    const std::vector<double>* rates = small_fabric_ ? memo.find(key_) : nullptr;
    if (!rates) {
        demand_.clear();
        if (tight_only) {
            // Each flow as the solver sees it: its tight links only. Which of a component's
            // links are tight follows from the component's own flows (a link any outside
            // flow crosses is slack, or that flow would be inside), so the remembered
            // solution of this flow set stays right.
            tight_use_.resize(std::max(tight_use_.size(), component_.size()));
            for (size_t i = 0; i < component_.size(); ++i) {
                LinkUse& use = tight_use_[i];
                use.clear();
                for (auto lh : *flows_[component_[i]].links)
                    if (tight_[lh.first]) use.push_back(lh);
                demand_.push_back({&use, flows_[component_[i]].cap});
            }
        } else {
            for (int slot : component_) demand_.push_back(flows_[slot]);
        }
        if (small_fabric_) {
            rates = &memo.solve(key_, demand_);
        } else {
            fair_.solve(demand_, fresh_rates_);  // the same function of the flows as the memo's
            ++direct_solves_;
            rates = &fresh_rates_;
        }
    }
    ++solved_;
    flows_resolved_ += static_cast<long long>(component_.size());
    for (size_t i = 0; i < component_.size(); ++i) set_rate(component_[i], (*rates)[i]);
}

}  // namespace netsim
