// Per-point thresholds from a validation split: the smallest confidence threshold whose hits
// agree with the full model at least 1 - eps of the time - as measured on the split, or, with
// a confidence level, by a one-sided lower bound that new requests keep with that probability.
#pragma once

#include <cstddef>
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
    double hit_rate = 0;         // share of candidates that hit on the calibration data
    double agreement = 1;        // agreement among those hits
    double agreement_bound = 1;  // what was held to 1 - eps: `agreement`, or its lower bound
};

// The one-sided Clopper-Pearson lower bound on a success probability after `successes` of
// `trials`, at `confidence` in (0, 1): the truth is at least this with probability >= confidence.
double agreement_lower_bound(std::size_t successes, std::size_t trials, double confidence);

// Candidates with nearest > delta never hit. Among the rest, the largest set {confidence >=
// theta} whose agreement is >= 1 - eps and that holds at least min_hits candidates. With
// `confidence` > 0 the set's agreement_lower_bound must be >= 1 - eps instead: the point
// estimate picks the set at the edge, whose agreement on new requests falls short about half
// the time.
Thresholds calibrate(std::vector<Candidate> candidates, double eps,
                     double delta = std::numeric_limits<double>::infinity(), std::size_t min_hits = 1,
                     double confidence = 0);

}  // namespace caching
