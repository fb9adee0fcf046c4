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
#include <string>
#include <vector>

namespace sextant::scheduling {

enum class CircleMethod {
    Lcm,  // the paper: LCM of periods rounded to quantum_ms, capped at max_turns x longest
    Fit   // ours before: first k x longest (k <= max_turns) where every period fits within tolerance
};
enum class LoopPolicy {
    Skip,  // the paper: a candidate placement whose affinity graph has a loop is not taken
    Break  // ours before: the least compatible link on a disagreeing loop gives way
};
CircleMethod parse_circle_method(const std::string& name);  // throws naming the accepted values
LoopPolicy parse_loop_policy(const std::string& name);

struct CassiniConfig {
    CircleMethod circle = CircleMethod::Lcm;
    double quantum_ms = 1.0;  // unified circle (lcm): periods rounded to this before the LCM
    double tolerance = 0.05;  // unified circle (fit, and lcm when truncated): relative period mismatch accepted
    int max_turns = 16;       // unified circle: perimeter at most max_turns x the longest period
    // true: each job's agent keeps its circle period (waits to pad up to it, as before);
    // false (the paper): jobs keep their own period, the shift drifts and is re-aligned.
    bool pad_periods = false;
    LoopPolicy loop_policy = LoopPolicy::Skip;
    int bins_per_period = 90;          // arcs per longest period (shift resolution = period / bins)
    int max_passes = 8;                // coordinate-descent passes of the rotation search
    double loop_tolerance_arcs = 1.5;  // a loop is consistent when its shifts agree within this many arcs
    size_t cache_limit = 50000;        // solved links kept for reuse; past this the cache starts over
};

struct PlacedJob {
    int id = 0;
    const Pattern* pattern = nullptr;  // demand at full rate, per ring hop
    const LinkUse* links = nullptr;
};

struct LinkScore {
    int link = 0;
    double best = 1.0;      // the link's optimum on its own
    double realised = 1.0;  // under the shifts the affinity graph could give
    int jobs = 0;
};

struct CassiniPlan {
    ShiftPlan shifts;
    // Per job: the period its agent keeps - its own, padded to fit the unified circles of its
    // constrained links (the largest padding when several circles disagree).
    std::map<int, double> period_ms;
    std::vector<LinkScore> links;   // constrained links only (those asked for: Cassini::plan)
    int truncated_circles = 0;      // constrained links whose LCM passed the cap
    double worst_period_error = 0;  // largest |circle period / own period - 1| over those links
    // Mean realised score over the constrained links in `among` (all when empty); 1 if none.
    double mean_score(const LinkUse* among = nullptr) const;
};

struct PlanOptions {
    // The links whose realised score the plan reports (CassiniPlan::links): all constrained
    // links when null, none when empty.
    const LinkUse* realised_on = nullptr;
    // When the affinity graph has a loop, return at once with only shifts.loops set (no
    // rotation search): for a caller that drops such plans (loop_policy skip).
    bool stop_at_loop = false;
};

class Cassini {
public:
    Cassini(CassiniConfig config, std::vector<double> capacity_gbps);

    CassiniPlan plan(const std::vector<PlacedJob>& jobs, const std::vector<int>& reference_order,
                     const PlanOptions& options = {});

    const CassiniConfig& config() const { return config_; }
    long long rotations_solved() const { return solved_; }
    // Over distinct circles built: how many were truncated, and the largest rounding error.
    long long circles_truncated() const { return truncated_; }
    double worst_period_error() const { return worst_error_; }

private:
    struct Solved {
        CircleDemand circle;
        Rotation rotation;
        bool truncated = false;
        double worst_error = 0;
    };
    using Members = std::vector<std::pair<const PlacedJob*, int>>;  // jobs on a link, with their hops there
    const Solved& solve(int link, const Members& jobs);
    Solved solve_circle(int link, const Members& jobs);

    CassiniConfig config_;
    std::vector<double> capacity_;
    std::map<std::vector<long long>, Solved> cache_;  // key: link, then (job, hops, period) per job
    // Per link: the key and entry of its latest solve (cache entries stay put until a clear).
    struct Memo {
        std::vector<long long> key;
        const Solved* solved = nullptr;
    };
    std::vector<long long> key_;  // solve's key, kept for reuse
    // plan's per-link lists and sums, kept for reuse: the links in use, their jobs, peak demand.
    std::vector<int> used_;
    std::vector<Members> on_link_;
    std::vector<double> demand_;
    std::vector<Memo> memo_;
    long long solved_ = 0;
    long long truncated_ = 0;
    double worst_error_ = 0;
};

}  // namespace sextant::scheduling
