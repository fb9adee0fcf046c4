#include "osfm/generation_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sextant::osfm {

double ks_statistic(std::vector<float> a, std::vector<float> b) {
    if (a.empty() || b.empty()) throw std::invalid_argument("KS distance of an empty sample");
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    std::size_t i = 0, j = 0;
    double gap = 0;
    while (i < a.size() && j < b.size()) {
        const float v = std::min(a[i], b[j]);
        while (i < a.size() && a[i] == v) ++i;
        while (j < b.size() && b[j] == v) ++j;
        gap = std::max(gap, std::abs(static_cast<double>(i) / a.size() - static_cast<double>(j) / b.size()));
    }
    return gap;
}

double lag1_autocorrelation(const std::vector<float>& x) {
    if (x.size() < 3) return 0;
    double mean = 0;
    for (float v : x) mean += v;
    mean /= static_cast<double>(x.size());
    double num = 0, den = 0;
    for (std::size_t t = 0; t < x.size(); ++t) {
        den += (x[t] - mean) * (x[t] - mean);
        if (t > 0) num += (x[t] - mean) * (x[t - 1] - mean);
    }
    return den > 1e-12 ? num / den : 0;
}

namespace {

// Correlation matrix of all channels over all blocks' steps (0 where a channel is constant).
std::vector<double> correlations(const std::vector<Block>& blocks, std::size_t C) {
    std::vector<double> mean(C, 0), cov(C * C, 0);
    double n = 0;
    for (const Block& b : blocks)
        for (std::size_t t = 0; t < b.size() / C; ++t, ++n)
            for (std::size_t c = 0; c < C; ++c) mean[c] += b[t * C + c];
    for (double& m : mean) m /= n;
    for (const Block& b : blocks)
        for (std::size_t t = 0; t < b.size() / C; ++t)
            for (std::size_t i = 0; i < C; ++i)
                for (std::size_t j = i; j < C; ++j)
                    cov[i * C + j] += (b[t * C + i] - mean[i]) * (b[t * C + j] - mean[j]);
    std::vector<double> r(C * C, 0);
    for (std::size_t i = 0; i < C; ++i)
        for (std::size_t j = i; j < C; ++j) {
            const double den = std::sqrt(cov[i * C + i] * cov[j * C + j]);
            r[i * C + j] = r[j * C + i] = den > 1e-12 ? cov[i * C + j] / den : 0;
        }
    return r;
}

}  // namespace

GenerationScores score_generation(const ForecastData& d, const std::vector<Block>& generated,
                                  const std::vector<Block>& real) {
    const std::size_t C = d.channel_count();
    if (generated.size() != real.size() || generated.empty())
        throw std::invalid_argument("generation: expected one generated block per real block");
    GenerationScores s;
    double ks_n = 0, acf_n = 0;
    std::vector<bool> varies(C, false);
    for (std::size_t c = 0; c < C; ++c) {
        std::vector<float> g, r;
        std::vector<std::vector<float>> gs, rs;
        for (std::size_t k = 0; k < real.size(); ++k) {
            std::vector<float> gc, rc;
            for (std::size_t t = 0; t < real[k].size() / C; ++t) rc.push_back(real[k][t * C + c]);
            for (std::size_t t = 0; t < generated[k].size() / C; ++t) gc.push_back(generated[k][t * C + c]);
            g.insert(g.end(), gc.begin(), gc.end());
            r.insert(r.end(), rc.begin(), rc.end());
            gs.push_back(std::move(gc));
            rs.push_back(std::move(rc));
        }
        const auto [lo, hi] = std::minmax_element(r.begin(), r.end());
        if (*lo == *hi) continue;  // a channel idle in the real data says nothing about shape
        varies[c] = true;
        s.ks += ks_statistic(g, r);
        ++ks_n;
        for (std::size_t k = 0; k < rs.size(); ++k, ++acf_n)
            s.autocorrelation += std::abs(lag1_autocorrelation(gs[k]) - lag1_autocorrelation(rs[k]));
    }
    s.ks = ks_n > 0 ? s.ks / ks_n : 0;
    s.autocorrelation = acf_n > 0 ? s.autocorrelation / acf_n : 0;
    const std::vector<double> rg = correlations(generated, C), rr = correlations(real, C);
    double all = 0, all_n = 0, cross = 0, cross_n = 0;
    for (std::size_t i = 0; i < C; ++i)
        for (std::size_t j = i + 1; j < C; ++j) {
            if (!varies[i] || !varies[j]) continue;  // no correlation to match with an idle channel
            const double gap = std::abs(rg[i * C + j] - rr[i * C + j]);
            all += gap, ++all_n;
            if (d.subsystem[i] != d.subsystem[j]) cross += gap, ++cross_n;
        }
    s.correlation = all_n > 0 ? all / all_n : 0;
    s.cross_subsystem_correlation = cross_n > 0 ? cross / cross_n : 0;
    return s;
}

}  // namespace sextant::osfm
