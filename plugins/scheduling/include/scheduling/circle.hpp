// CASSINI's unified circle: jobs sharing a link, with different iteration times, are
// rolled onto one circle whose perimeter is a common multiple of their periods. Job j
// goes round `turns[j]` times.
//
// As the paper describes it (unify_lcm): each period is rounded to a quantum and the
// perimeter is the LCM of the rounded periods, capped at max_turns x the longest period;
// the rounding error is reported per job. When the LCM passes the cap the circle is
// truncated: the older fit below (unify) is used instead and the truncation is flagged.
//
// The fit: real periods are rarely exact multiples, so a perimeter k x longest is
// accepted when every job's turns fit within `tolerance` (relative); the job's period is
// then padded by at most that much (turns = floor(perimeter / period)) to close the circle.
#pragma once

#include "scheduling/pattern.hpp"

#include <vector>

namespace sextant::scheduling {

struct UnifiedCircle {
    double perimeter_ms = 0.0;
    std::vector<int> turns;            // per job, in input order
    double worst_error = 0.0;          // max_j (perimeter - turns_j * T_j) / (turns_j * T_j): padding
    bool within_tolerance = true;      // false: no perimeter up to max_turns fitted; the best was taken
    std::vector<double> period_error;  // per job: (circle period - own period) / own period
    bool truncated = false;            // unify_lcm: the LCM passed the cap; the fit was used
};

// Periods rounded to `quantum_ms` (at least one quantum), perimeter = their LCM if it is at
// most max_turns x the longest period; else the fit (unify) with `tolerance`, truncated.
UnifiedCircle unify_lcm(const std::vector<double>& iteration_ms, double quantum_ms, int max_turns, double tolerance);

// Tries perimeters k * max(T) for k = 1..max_turns and takes the first within tolerance
// (else the one with the smallest worst error). O(max_turns * jobs).
UnifiedCircle unify(const std::vector<double>& iteration_ms, double tolerance, int max_turns);

// The jobs' demand rasterised onto `bins` equal arcs of the circle: the average Gbps of
// each job in each arc (a phase covering a third of an arc adds a third of its rate).
// `demand[j]` is scaled by `multiplicity[j]` (hops of job j on the link).
struct CircleDemand {
    int bins = 0;
    double perimeter_ms = 0.0;
    std::vector<int> turns;
    std::vector<double> period_ms;  // the job's own (stretched) period on the circle
    std::vector<std::vector<double>> demand;
};

CircleDemand rasterise(const std::vector<const Pattern*>& jobs, const std::vector<double>& multiplicity,
                       const UnifiedCircle& circle, int bins);

}  // namespace sextant::scheduling
