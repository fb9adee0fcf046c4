// CASSINI's affinity graph and its time-shift assignment.
//
// The graph is bipartite: jobs on one side, constrained links (shared by more than one job)
// on the other; edge (j, l) carries j's best shift on l. A traversal from a reference job
// (shift 0) gives every job one shift: job -> link subtracts the edge's shift (the link's
// own time origin), link -> job adds it.
//
// Loop policy (CASSINI does not describe one): links are visited in descending order of
// compatibility score (a Prim-style traversal of a maximum spanning tree). When a link
// reaches a job that already has a shift, the link closes a loop. If the shift it implies
// agrees (within tolerance, modulo the job's period) the loop is consistent; otherwise the
// link gives way - the job keeps the shift from the more compatible links - and the link is
// reported as broken. By the cycle property of maximum spanning trees, the link that gives
// way is the least compatible one on its loop, which is where misalignment costs least.
#pragma once

#include <map>
#include <vector>

namespace sextant::scheduling {

struct LinkShifts {
    int link = 0;
    double score = 1.0;                            // the link's best compatibility
    std::vector<std::pair<int, double>> shift_ms;  // (job id, shift within the job's period)
};

struct ShiftPlan {
    std::map<int, double> shift_ms;  // per job: shift relative to its component's reference
    std::map<int, int> reference;    // per job: the reference job of its component
    int loops = 0;                   // independent loops met (edges - nodes + components)
    std::vector<int> broken_links;   // links whose loop disagreed, in visiting order
};

// `period_ms` gives every job's period; `reference_order` lists jobs to prefer as a
// component's reference (e.g. those already running with an alignment to keep).
ShiftPlan assign_time_shifts(const std::vector<LinkShifts>& links, const std::map<int, double>& period_ms,
                             const std::vector<int>& reference_order, double tolerance_ms);

// The loops assign_time_shifts would meet in the graph whose links join these jobs (one
// list per link of jobs numbered 0..jobs-1): edges - nodes + components, from the graph's
// shape alone.
int count_loops(const std::vector<std::vector<int>>& link_members, int jobs);

// x modulo period, in [0, period).
double wrap(double x, double period);

}  // namespace sextant::scheduling
