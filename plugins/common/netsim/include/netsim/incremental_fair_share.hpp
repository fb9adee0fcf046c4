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
                                  size_t whole_fabric_links = kSmallFabricLinks);

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
    void solve_flows(bool tight_only);  // the flows in component_ (over their tight links only)
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
};

}  // namespace netsim
