// Per-point thresholds from a validation split: the smallest confidence threshold whose hits
// agree with the full model at least 1 - eps of the time.
#pragma once

#include <limits>
#include <vector>

namespace caching {

struct Candidate {
    double confidence = 0;  // the vote's confidence for one validation image
    double nearest = 0;     // its nearest key distance
    bool agrees = false;    // the vote's label equals the full model's prediction
};

struct Thresholds {
    double theta = std::numeric_limits<double>::infinity();  // +inf: no hits at this point
    double delta = std::numeric_limits<double>::infinity();
    double hit_rate = 0;   // share of candidates that hit on the calibration data
    double agreement = 1;  // agreement among those hits
};

// Candidates with nearest > delta never hit. Among the rest, the largest set {confidence >=
// theta} whose agreement is >= 1 - eps and that holds at least min_hits candidates.
Thresholds calibrate(std::vector<Candidate> candidates, double eps,
                     double delta = std::numeric_limits<double>::infinity(), std::size_t min_hits = 1);

}  // namespace caching
