// Flow-level network model: max-min fair rates by progressive filling.
//
// A "flow" here is one job's ring in a communication phase. Its hops move in lock-step
// (a ring all-reduce is as fast as its slowest hop), so the flow has a single rate r and
// loads each link it crosses with r x (number of its hops on that link). Rates are
// max-min fair: no flow can get more without taking from a flow that has no more.
#pragma once

#include "scheduling/topology.hpp"

#include <vector>

namespace sextant::scheduling {

struct FlowDemand {
    const LinkUse* links = nullptr;  // (link, hops) pairs
    double cap_gbps = 0.0;           // the most this flow can send (NIC or model limit)
};

class FairShare {
public:
    explicit FairShare(std::vector<double> capacity_gbps);

    // Rates for `flows`, written to `rates` (same order). O(k F h) for k distinct
    // bottleneck levels, F flows of at most h links; links no flow crosses cost nothing.
    void solve(const std::vector<FlowDemand>& flows, std::vector<double>& rates);

    size_t links() const { return capacity_.size(); }

private:
    std::vector<double> capacity_;
    std::vector<double> residual_;     // scratch, per link
    std::vector<double> full_at_;      // per link: a residual this small counts as full
    std::vector<double> weight_;       // scratch: unfrozen hops per link
    std::vector<char> full_;           // scratch: link has no capacity left
    std::vector<unsigned> seen_;       // scratch: link already set up in this solve (== stamp_)
    unsigned stamp_ = 0;
    std::vector<int> live_, frozen_;   // scratch: unfrozen flows in order; flows frozen this round
    std::vector<int> live_links_;      // scratch: links unfrozen flows cross
};

}  // namespace sextant::scheduling
