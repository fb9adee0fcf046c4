// CASSINI over a whole cluster: for the jobs placed right now, find every constrained link
// (jobs whose peak demands together exceed its capacity), optimise each link's rotation on
// its unified circle, turn them into one time shift per job through the affinity graph,
// and report how compatible each link really is under those shifts.
#pragma once

#include "scheduling/affinity.hpp"
#include "scheduling/compatibility.hpp"
#include "scheduling/pattern.hpp"
#include "scheduling/topology.hpp"

#include <map>
#include <vector>

namespace sextant::scheduling {

struct CassiniConfig {
    double tolerance = 0.05;     // unified circle: relative period mismatch accepted
    int max_turns = 8;           // unified circle: perimeter at most max_turns x the longest period
    int bins_per_period = 90;    // arcs per longest period (shift resolution = period / bins)
    int max_passes = 8;          // coordinate-descent passes of the rotation search
    double loop_tolerance_arcs = 1.5;  // a loop is consistent when its shifts agree within this many arcs
    size_t cache_limit = 50000;  // solved links kept for reuse; past this the cache starts over
};

struct PlacedJob {
    int id = 0;
    const Pattern* pattern = nullptr;   // demand at full rate, per ring hop
    const LinkUse* links = nullptr;
};

struct LinkScore {
    int link = 0;
    double best = 1.0;        // the link's optimum on its own
    double realised = 1.0;    // under the shifts the affinity graph could give
    int jobs = 0;
};

struct CassiniPlan {
    ShiftPlan shifts;
    // Per job: the period its agent keeps - its own, padded to fit the unified circles of its
    // constrained links (the largest padding when several circles disagree).
    std::map<int, double> period_ms;
    std::vector<LinkScore> links;   // constrained links only
    // Mean realised score over the constrained links in `among` (all when empty); 1 if none.
    double mean_score(const LinkUse* among = nullptr) const;
};

class Cassini {
public:
    Cassini(CassiniConfig config, std::vector<double> capacity_gbps);

    CassiniPlan plan(const std::vector<PlacedJob>& jobs, const std::vector<int>& reference_order);

    const CassiniConfig& config() const { return config_; }
    long long rotations_solved() const { return solved_; }

private:
    struct Solved {
        CircleDemand circle;
        Rotation rotation;
    };
    const Solved& solve(int link, const std::vector<const PlacedJob*>& jobs);

    CassiniConfig config_;
    std::vector<double> capacity_;
    std::map<std::vector<long long>, Solved> cache_;  // key: link, then (job, hops, period) per job
    long long solved_ = 0;
};

}  // namespace sextant::scheduling
