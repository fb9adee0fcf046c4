// Track A's forecasting task on a corpus: per-scenario series of log-scaled, standardised
// channels, held-out scenarios, windows, the persistence and EWMA baselines, and MAE per
// subsystem. No torch here: the models (forecast_model.hpp) consume this.
#pragma once

#include "osfm/corpus.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace sextant::osfm {

inline const std::vector<std::string>& subsystems() {
    static const std::vector<std::string> s{"cpu", "memory", "io", "net"};
    return s;
}

struct Series {
    std::string scenario;
    std::vector<std::string> phase;  // per step
    std::size_t steps = 0;
    std::vector<float> x;  // steps x channels, row-major: log1p then z-scored
    float at(std::size_t t, std::size_t c, std::size_t channels) const { return x[t * channels + c]; }
};

struct ForecastData {
    std::vector<std::string> channels;
    std::vector<int> subsystem;  // per channel: index into subsystems()
    std::vector<Series> train, test;
    std::size_t channel_count() const { return channels.size(); }
    std::vector<std::size_t> channels_of(int subsystem_index) const;
};

// Scenarios in order of first appearance; scenario i is held out when i % folds == fold.
// Channels are log1p'd (all are >= 0) and standardised with the training scenarios' mean and
// standard deviation (a channel that never varies in training stays 0). Throws
// std::invalid_argument for a channel the collector does not define, a negative value, or a
// fold that leaves either side empty.
ForecastData prepare_forecast_data(const Corpus& corpus, int fold, int folds);

// A forecast origin: series s, last observed step t (window t-W+1..t), target t+h.
struct Origin {
    std::size_t series;
    std::size_t t;
};
std::vector<Origin> origins(const std::vector<Series>& series, std::size_t window, std::size_t horizon);

// Mean absolute error per subsystem over the origins, of predictions laid out origin x channel.
std::vector<double> mae_per_subsystem(const ForecastData& d, const std::vector<Series>& series,
                                      const std::vector<Origin>& at, std::size_t horizon,
                                      const std::vector<float>& predictions);

// x(t+h) = x(t).
std::vector<float> persistence_forecast(const ForecastData& d, const std::vector<Series>& series,
                                        const std::vector<Origin>& at);
// x(t+h) = the exponentially weighted mean of the window with smoothing alpha.
std::vector<float> ewma_forecast(const ForecastData& d, const std::vector<Series>& series,
                                 const std::vector<Origin>& at, std::size_t window, double alpha);
// The alpha in {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1} with the lowest mean MAE on the training series.
double fit_ewma_alpha(const ForecastData& d, std::size_t window, std::size_t horizon);

}  // namespace sextant::osfm
