// Max-min fair rates kept up to date as flows come and go, re-solving only what changed.
//
// Max-min rates of flows that share no link, directly or through other flows, do not
// depend on each other: the fabric splits into connected components (flows joined by
// the links they share), and progressive filling on one component gives its flows the
// same rates as filling the whole fabric. So when a flow starts or ends, only its
// component (as it is after the change, or the pieces it leaves behind) is re-solved;
// every other flow keeps its rate. A change costs O(k F_c h) for the F_c flows of the
// affected components, instead of O(k F h) for all flows.
//
// A component's flows are solved in a fixed order (by flow id, FairShareMemo), so a flow
// set met before takes its remembered rates instead of being solved again (on small
// fabrics, where sets repeat often enough to pay for the memo).
//
// Slack links are not constraints (prune_slack, the default). A link whose flows together
// offer no more than its capacity (each at its cap) can never fill, so removing it leaves
// the set of feasible rates, and with it the max-min solution, exactly as it was. So
// components are joined only through tight links (offered above capacity), a flow crossing no tight link runs at its cap without a
// solve, and a lightly loaded fabric splits into many small problems where it used to be
// one large connected component. Up to kWholeFabricFlows flows on a fabric of at most
// `whole_fabric_links` links, all are solved as one problem over every link either way, so
// a small fabric gets the reference's rates bit for bit. On a large fabric that problem
// spans every link any flow crosses, tight or not, at every change: at 1,024 GPUs (640
// links) splitting into tight components instead halves the simulation's CPU time.
// prune_slack = false keeps every link (the reference).
// Rates then differ from the reference only by the solver's tolerance: it counts a link
// within 1e-9 of its capacity as full, and a slack link exactly at capacity as filling.
//
// In floating point the rates can differ from a whole-fabric solve in the last bits: the
// whole-fabric filling adds other components' steps into each rate, and a link whose flows
// cross it with different hop counts is drawn down in a different order.
//
// Large fabrics re-solve only the levels a change can reach (partial_resolve, the default;
// incremental_levels.cpp). Progressive filling raises every unfrozen flow together, so a
// change leaves every level below the first one it alters as it was: a flow leaving at
// rate r crosses no link that filled below r (it would have frozen there), so levels below
// r are unchanged; a flow entering freezes at the lowest level at which one of its links
// fills with it added, or at its cap, and below that level nothing differs either. So the
// flows frozen below that level keep their rates, exactly (in exact arithmetic), and only
// the flows at or above it, reachable from the change through tight links and such flows,
// are filled again, from that level, with the lower flows' loads taken off the capacities.
// partial_resolve = false solves each touched tight component from level 0 (before
// 2026-12-04). The rates agree to rounding (tests/netsim/incremental_fair_share_test.cpp).
#pragma once

#include "netsim/fair_share_memo.hpp"
#include "netsim/fair_share.hpp"

#include <vector>

namespace netsim {

class IncrementalFairShare {
public:
    // Fabrics up to this many links count as small (above). 128 keeps the 128-GPU
    // benchmark's cluster (80 links) on the whole-fabric rule, where it was measured faster.
    static constexpr size_t kSmallFabricLinks = 128;

    explicit IncrementalFairShare(std::vector<double> capacity, bool prune_slack = true,
                                  size_t whole_fabric_links = kSmallFabricLinks, bool partial_resolve = true);

    // Flows live in dense slots 0..size()-1. add() appends; remove() moves the last flow
    // into the freed slot (the caller follows it through owner()). `links` must stay
    // valid while the flow is in. Owners are the caller's ids (small non-negative ints, or
    // negative for none).
    int add(int owner, const LinkUse* links, double cap);
    void remove(int slot);

    size_t size() const { return flows_.size(); }
    int owner(int slot) const { return owners_[slot]; }
    double rate(int slot) const { return rates_[slot]; }
    bool dirty() const { return !seeds_.empty(); }

    // Re-solves the components touched since the last call. `link_load(link, carried,
    // offered)` is called for each link whose load changed: carried = sum of rate x hops,
    // offered = sum of cap x hops (0, 0 for a link no flow crosses any more).
    template <class LinkLoad>
    void solve(LinkLoad&& link_load) {
        collect();
        for (int l : changed_) link_load(l, carried_[l], offered_[l]);
    }

    // Slots whose rate changed in the last solve() (a new flow counts unless it crosses no link: rate 0), so a caller can follow rates without looking at every flow.
    const std::vector<int>& moved() const { return moved_; }

    long long components_solved() const { return solved_; }  // remembered or solved
    long long rate_solves() const { return memo_.solved() + tight_memo_.solved() + direct_solves_; }  // solved
    long long flows_resolved() const { return flows_resolved_; }  // flows in the problems solved (large fabrics)

private:
    struct Crossing {
        int slot, hops;
    };
    struct LastFlow {
        int id = -1;
        double cap = 0;
        LinkUse links;
    };

    int flow_id(int owner, const LinkUse& links, double cap);
    void collect();                        // solves what changed; fills changed_
    void solve_component(int seed);        // the component through link `seed`
    void solve_from_flow(int slot);        // prune_slack: the component of one flow, through tight links
    void explore(size_t next);             // grows component_ from links_[next..] (through tight links)
    void set_rate(int slot, double rate);  // records a change: moved_, and its links' loads
    bool joins(int link) const { return !prune_ || tight_[link]; }
    // partial_resolve (incremental_levels.cpp).
    void collect_levels();                // the large-fabric path of collect()
    double entry_level(int link);         // lowest level at which `link` fills with its new flows
    void take(int slot);                  // a flow to fill again: into component_, its tight links into links_
    void grow(size_t next, double from);  // as explore(), through flows at or above `from` (or new)
    void fill_from(double from);          // fills component_ again from level `from`
    void solve_flows(bool tight_only);    // the flows in component_ (over their tight links only)
    // Up to this many flows on a small fabric, all are solved as one problem: finding
    // components costs more than it saves, and the whole flow set is as likely to have been
    // met before.
    static constexpr size_t kWholeFabricFlows = 48;
    bool small_fabric_;                // at most whole_fabric_links links; only these remember flow sets
    FairShare fair_;                   // large fabrics: every problem solved afresh
    std::vector<double> fresh_rates_;  // its last solution
    long long direct_solves_ = 0;
    bool fresh(std::vector<unsigned>& mark, int i) {  // first visit of i in this collect()
        if (mark[i] == mark_) return false;
        mark[i] = mark_;
        return true;
    }

    FairShareMemo memo_;        // problems over all their links
    FairShareMemo tight_memo_;  // problems over tight links only (prune_)
    bool prune_;
    std::vector<char> tight_;      // per link: offered > capacity
    std::vector<char> was_tight_;  // per link, scratch: tight_ before this collect()
    std::vector<double> capacity_;
    std::vector<FlowDemand> flows_;               // per slot
    std::vector<int> ids_;                        // per slot: FairShareMemo::flow_id
    std::vector<LastFlow> last_flow_;             // per owner (>= 0): its latest flow
    std::vector<int> owners_;                     // per slot
    std::vector<double> rates_;                   // per slot
    std::vector<std::vector<Crossing>> on_link_;  // per link: the flows crossing it, in joining order
    std::vector<double> carried_, offered_;       // per link, as last reported
    std::vector<int> seeds_;                      // links whose flow set changed since the last solve
    // Scratch for one collect(): marks equal to mark_ mean "done in this collect()".
    std::vector<unsigned> link_mark_, slot_mark_, load_mark_;
    unsigned mark_ = 0;
    std::vector<int> links_, component_, reload_, changed_, key_;
    std::vector<FlowDemand> demand_;
    std::vector<LinkUse> tight_use_;  // per component flow: its tight links only
    std::vector<int> moved_;
    long long solved_ = 0;
    // partial_resolve on a large fabric, slack links pruned.
    bool levels_;
    std::vector<double> restart_at_;             // per link: the lowest level a change on it can alter (inf: none)
    std::vector<double> fixed_;                  // per link, scratch: load of the flows kept below the restart level
    std::vector<int> weight_;                    // per link, scratch: hops of the flows being filled
    std::vector<char> live_;                     // per slot, scratch: being filled and not yet frozen
    std::vector<std::pair<double, int>> rank_;   // scratch: (rate, hops) of one link's flows
    std::vector<std::pair<double, int>> order_;  // scratch: (restart level, link) of the changed links
    std::vector<int> live_flows_, live_links_, frozen_;
    long long flows_resolved_ = 0;
};

}  // namespace netsim
