#include "caching/calibration.hpp"

#include <boost/math/distributions/binomial.hpp>

#include <algorithm>
#include <stdexcept>

namespace caching {

double agreement_lower_bound(std::size_t successes, std::size_t trials, double confidence) {
    if (!(confidence > 0 && confidence < 1)) throw std::invalid_argument("confidence must be in (0, 1)");
    if (successes > trials) throw std::invalid_argument("more successes than trials");
    if (successes == 0) return 0;
    using boost::math::binomial_distribution;
    return binomial_distribution<double>::find_lower_bound_on_p(static_cast<double>(trials),
                                                                static_cast<double>(successes), 1 - confidence);
}

Thresholds calibrate(std::vector<Candidate> candidates, double eps, double delta, std::size_t min_hits,
                     double confidence) {
    if (!(eps >= 0 && eps < 1)) throw std::invalid_argument("eps must be in [0, 1)");
    if (!(confidence >= 0 && confidence < 1)) throw std::invalid_argument("confidence must be in [0, 1)");
    Thresholds t;
    t.delta = delta;
    const double total = static_cast<double>(candidates.size());
    std::erase_if(candidates, [&](const Candidate& c) { return c.nearest > delta; });
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate& a, const Candidate& b) { return a.confidence > b.confidence; });
    std::size_t agree = 0;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        agree += candidates[i].agrees ? 1 : 0;
        // Only cut between different confidences: a threshold takes all equal ones.
        if (i + 1 < candidates.size() && candidates[i + 1].confidence == candidates[i].confidence) continue;
        const std::size_t hits = i + 1;
        const double agreement = static_cast<double>(agree) / static_cast<double>(hits);
        if (hits < min_hits || agreement < 1.0 - eps) continue;
        // The point estimate picks the set at the edge; its bound keeps a margin that shrinks
        // as the evidence grows.
        const double bound = confidence > 0 ? agreement_lower_bound(agree, hits, confidence) : agreement;
        if (bound >= 1.0 - eps) {
            t.theta = candidates[i].confidence;
            t.hit_rate = static_cast<double>(hits) / total;
            t.agreement = agreement;
            t.agreement_bound = bound;
        }
    }
    return t;
}

}  // namespace caching
