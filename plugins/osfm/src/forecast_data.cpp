#include "osfm/forecast_data.hpp"

#include "osfm/channels.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>

namespace sextant::osfm {

std::vector<std::size_t> ForecastData::channels_of(int s) const {
    std::vector<std::size_t> out;
    for (std::size_t c = 0; c < subsystem.size(); ++c)
        if (subsystem[c] == s) out.push_back(c);
    return out;
}

ForecastData prepare_forecast_data(const Corpus& corpus, int fold, int folds) {
    if (folds < 2 || fold < 0 || fold >= folds)
        throw std::invalid_argument("fold must be in [0, folds) with folds >= 2");
    ForecastData d;
    d.channels = corpus.channels;
    for (const std::string& name : corpus.channels) {
        auto it = std::find_if(channels().begin(), channels().end(), [&](const Channel& c) { return c.name == name; });
        if (it == channels().end())
            throw std::invalid_argument("corpus column '" + name + "' is not a collector channel");
        d.subsystem.push_back(static_cast<int>(std::find(subsystems().begin(), subsystems().end(), it->subsystem) -
                                               subsystems().begin()));
    }
    const std::size_t C = d.channels.size();
    std::vector<Series> all;
    std::map<std::string, std::size_t> index;
    for (const CorpusRow& r : corpus.rows) {
        auto [it, fresh] = index.try_emplace(r.scenario, all.size());
        if (fresh) all.push_back(Series{r.scenario, {}, 0, {}});
        Series& s = all[it->second];
        s.phase.push_back(r.phase);
        ++s.steps;
        for (std::size_t c = 0; c < C; ++c) {
            if (r.values[c] < 0)
                throw std::invalid_argument("corpus: scenario " + r.scenario + ", channel " + d.channels[c] +
                                            ": negative value " + std::to_string(r.values[c]));
            s.x.push_back(static_cast<float>(std::log1p(r.values[c])));
        }
    }
    for (std::size_t i = 0; i < all.size(); ++i)
        (static_cast<int>(i % static_cast<std::size_t>(folds)) == fold ? d.test : d.train).push_back(std::move(all[i]));
    if (d.train.empty() || d.test.empty())
        throw std::invalid_argument("corpus: " + std::to_string(all.size()) + " scenarios cannot be split into " +
                                    std::to_string(folds) + " folds");
    std::vector<double> sum(C, 0), sq(C, 0);
    double n = 0;
    for (const Series& s : d.train)
        for (std::size_t t = 0; t < s.steps; ++t, ++n)
            for (std::size_t c = 0; c < C; ++c) sum[c] += s.at(t, c, C), sq[c] += double(s.at(t, c, C)) * s.at(t, c, C);
    std::vector<float> mean(C), sd(C);
    for (std::size_t c = 0; c < C; ++c) {
        mean[c] = static_cast<float>(sum[c] / n);
        const double var = std::max(0.0, sq[c] / n - double(mean[c]) * mean[c]);
        sd[c] = var > 1e-12 ? static_cast<float>(std::sqrt(var)) : 1.0f;
    }
    for (auto* side : {&d.train, &d.test})
        for (Series& s : *side)
            for (std::size_t t = 0; t < s.steps; ++t)
                for (std::size_t c = 0; c < C; ++c) s.x[t * C + c] = (s.x[t * C + c] - mean[c]) / sd[c];
    return d;
}

std::vector<Origin> origins(const std::vector<Series>& series, std::size_t window, std::size_t horizon) {
    std::vector<Origin> out;
    for (std::size_t s = 0; s < series.size(); ++s)
        for (std::size_t t = window - 1; t + horizon < series[s].steps; ++t) out.push_back({s, t});
    return out;
}

std::vector<double> mae_per_subsystem(const ForecastData& d, const std::vector<Series>& series,
                                      const std::vector<Origin>& at, std::size_t horizon,
                                      const std::vector<float>& predictions) {
    const std::size_t C = d.channel_count();
    if (predictions.size() != at.size() * C) throw std::invalid_argument("predictions: expected origins x channels");
    std::vector<double> err(subsystems().size(), 0), count(subsystems().size(), 0);
    for (std::size_t i = 0; i < at.size(); ++i) {
        const Series& s = series[at[i].series];
        for (std::size_t c = 0; c < C; ++c) {
            err[d.subsystem[c]] += std::abs(predictions[i * C + c] - s.at(at[i].t + horizon, c, C));
            count[d.subsystem[c]] += 1;
        }
    }
    for (std::size_t k = 0; k < err.size(); ++k) err[k] = count[k] > 0 ? err[k] / count[k] : 0;
    return err;
}

std::vector<float> persistence_forecast(const ForecastData& d, const std::vector<Series>& series,
                                        const std::vector<Origin>& at) {
    const std::size_t C = d.channel_count();
    std::vector<float> out(at.size() * C);
    for (std::size_t i = 0; i < at.size(); ++i)
        for (std::size_t c = 0; c < C; ++c) out[i * C + c] = series[at[i].series].at(at[i].t, c, C);
    return out;
}

std::vector<float> ewma_forecast(const ForecastData& d, const std::vector<Series>& series,
                                 const std::vector<Origin>& at, std::size_t window, double alpha) {
    const std::size_t C = d.channel_count();
    std::vector<float> out(at.size() * C);
    for (std::size_t i = 0; i < at.size(); ++i) {
        const Series& s = series[at[i].series];
        for (std::size_t c = 0; c < C; ++c) {
            double m = s.at(at[i].t + 1 - window, c, C);
            for (std::size_t t = at[i].t + 2 - window; t <= at[i].t; ++t) m = alpha * s.at(t, c, C) + (1 - alpha) * m;
            out[i * C + c] = static_cast<float>(m);
        }
    }
    return out;
}

double fit_ewma_alpha(const ForecastData& d, std::size_t window, std::size_t horizon) {
    const auto at = origins(d.train, window, horizon);
    double best = 1, best_err = INFINITY;
    for (double a : {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0}) {
        auto e = mae_per_subsystem(d, d.train, at, horizon, ewma_forecast(d, d.train, at, window, a));
        const double mean = std::accumulate(e.begin(), e.end(), 0.0) / static_cast<double>(e.size());
        if (mean < best_err) best_err = mean, best = a;
    }
    return best;
}

}  // namespace sextant::osfm
