// Scoring generated traces against real ones (issue 18, track A): per-channel two-sample KS
// distance, the gap in lag-1 autocorrelation, and the gap in cross-channel correlation, over
// blocks of steps x channels (one block per held-out continuation).
#pragma once

#include "osfm/forecast_data.hpp"

#include <vector>

namespace sextant::osfm {

// The largest gap between the two samples' empirical distribution functions, in [0, 1].
double ks_statistic(std::vector<float> a, std::vector<float> b);
// Lag-1 autocorrelation (0 for a constant series).
double lag1_autocorrelation(const std::vector<float>& x);

struct GenerationScores {
    double ks = 0;               // mean over channels that vary in the real data
    double autocorrelation = 0;  // mean |acf1(generated) - acf1(real)|, per block and varying channel
    double correlation =
        0;  // mean |corr_ij(generated) - corr_ij(real)| over pairs of channels that vary in the real data
    double cross_subsystem_correlation = 0;  // the same over pairs from different subsystems
};

using Block = std::vector<float>;  // steps x channels, row-major

GenerationScores score_generation(const ForecastData& d, const std::vector<Block>& generated,
                                  const std::vector<Block>& real);

}  // namespace sextant::osfm
