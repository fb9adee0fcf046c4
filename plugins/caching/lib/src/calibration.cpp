#include "caching/calibration.hpp"

#include <algorithm>
#include <stdexcept>

namespace caching {

Thresholds calibrate(std::vector<Candidate> candidates, double eps, double delta, std::size_t min_hits) {
    if (!(eps >= 0 && eps < 1)) throw std::invalid_argument("eps must be in [0, 1)");
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
        if (hits >= min_hits && agreement >= 1.0 - eps) {
            t.theta = candidates[i].confidence;
            t.hit_rate = static_cast<double>(hits) / total;
            t.agreement = agreement;
        }
    }
    return t;
}

}  // namespace caching
