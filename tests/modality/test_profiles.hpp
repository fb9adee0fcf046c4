// Hand-made profiles for the modality tests.
#pragma once

#include "modality/profile.hpp"

#include <random>

namespace sextant::modality::testing {

// Encoder costs in the spirit of the research note (V:A:T about 50:17:1) with a fixed
// per-batch overhead, so batching pays; accuracies rise with more modalities.
inline Profile hand_profile(std::vector<int> batches = {1, 2, 4, 8, 16, 32, 64}) {
    const double enc[3] = {3.2, 1.1, 0.06};  // V, A, T per request
    const double overhead = 0.5;
    const double acc[7] = {0.88, 0.72, 0.55, 0.93, 0.90, 0.80, 0.95};
    Profile p;
    for (size_t i = 0; i < all_masks().size(); ++i) {
        Config c;
        c.mask = all_masks()[i];
        c.accuracy = acc[i];
        double per = 0;
        if (c.mask & kV) per += enc[0];
        if (c.mask & kA) per += enc[1];
        if (c.mask & kT) per += enc[2];
        for (int b : batches) c.latency_ms.emplace_back(b, overhead + per * b * (0.6 + 0.4 / b));
        p.configs.push_back(c);
    }
    return p;
}

// A random valid profile over some of the configurations (latencies non-decreasing).
inline Profile random_profile(std::mt19937& rng, std::vector<unsigned> masks, std::vector<int> batches) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    Profile p;
    for (unsigned m : masks) {
        Config c;
        c.mask = m;
        c.accuracy = 0.4 + 0.6 * u(rng);
        double t = 0.1 + 5 * u(rng);
        for (int b : batches) {
            c.latency_ms.emplace_back(b, t);
            t += 3 * u(rng) * u(rng);  // sometimes nearly flat: batching nearly free
        }
        p.configs.push_back(c);
    }
    return p;
}

}  // namespace sextant::modality::testing
