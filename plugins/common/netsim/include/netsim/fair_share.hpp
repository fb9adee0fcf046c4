// Max-min fair sharing of link capacity by progressive filling: the one solver behind
// netsim's FlowNetwork (messages between hosts) and the scheduling simulator (jobs' rings).
//
// A flow has a single rate r and loads each link it crosses with r x (its hop count on
// that link): a message crosses each link of its path once; a job's ring all-reduce moves
// in lock-step (as fast as its slowest hop) and may cross a link several times. Rates are
// max-min fair: no flow can get more without taking from a flow that has no more. Rates
// and capacities share one unit, whichever the caller uses (bytes/s, Gbit/s).
#pragma once

#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

namespace netsim {

// A flow's footprint: each link it crosses with its hop count there, sorted by link id.
using LinkUse = std::vector<std::pair<int, int>>;

inline constexpr double kUncapped = std::numeric_limits<double>::infinity();

struct FlowDemand {
    const LinkUse* links = nullptr;  // (link, hops) pairs
    double cap = 0.0;                // the most this flow can send (NIC or model limit); kUncapped: none
};

class FairShare {
public:
    explicit FairShare(std::vector<double> capacity);

    // Rates for `flows`, written to `rates` (same order). O(k F h) for k distinct
    // bottleneck levels, F flows of at most h links; links no flow crosses cost nothing.
    void solve(const std::vector<FlowDemand>& flows, std::vector<double>& rates);

    size_t links() const { return capacity_.size(); }

private:
    std::vector<double> capacity_;
    std::vector<double> residual_;  // scratch, per link
    std::vector<double> full_at_;   // per link: a residual this small counts as full
    std::vector<double> weight_;    // scratch: unfrozen hops per link
    std::vector<char> full_;        // scratch: link has no capacity left
    std::vector<unsigned> seen_;    // scratch: link already set up in this solve (== stamp_)
    unsigned stamp_ = 0;
    std::vector<int> live_, frozen_;  // scratch: unfrozen flows in order; flows frozen this round
    std::vector<int> live_links_;     // scratch: links unfrozen flows cross
};

}  // namespace netsim
