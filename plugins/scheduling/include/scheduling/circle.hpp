// CASSINI's unified circle: jobs sharing a link, with different iteration times, are
// rolled onto one circle whose perimeter is a common multiple of their periods. Job j
// goes round `turns[j]` times. Real periods are rarely exact multiples, so a perimeter is
// accepted when every job's turns fit within `tolerance` (relative): the job's period is
// then padded by at most that much (turns = floor(perimeter / period)) to close the circle,
// and its agent keeps the padded period by waiting before each iteration.
#pragma once

#include "scheduling/pattern.hpp"

#include <vector>

namespace sextant::scheduling {

struct UnifiedCircle {
    double perimeter_ms = 0.0;
    std::vector<int> turns;        // per job, in input order
    double worst_error = 0.0;      // max_j (perimeter - turns_j * T_j) / (turns_j * T_j): padding
    bool within_tolerance = true;  // false: no perimeter up to max_turns fitted; the best was taken
};

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
    std::vector<double> period_ms;          // the job's own (stretched) period on the circle
    std::vector<std::vector<double>> demand;
};

CircleDemand rasterise(const std::vector<const Pattern*>& jobs, const std::vector<double>& multiplicity,
                       const UnifiedCircle& circle, int bins);

}  // namespace sextant::scheduling
