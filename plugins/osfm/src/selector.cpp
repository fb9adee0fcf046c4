#include "osfm/selector.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <unordered_set>

namespace sextant::osfm {

namespace {

// The best candidate; among equals the current one (a switch loses state for nothing).
std::size_t best_of(const std::vector<std::uint64_t>& v, std::size_t current) {
    std::size_t best = current < v.size() ? current : 0;
    for (std::size_t k = 0; k < v.size(); ++k)
        if (v[k] > v[best]) best = k;
    return best;
}

std::unique_ptr<CachePolicy> rebuilt(PolicyKind kind, std::size_t capacity, const std::vector<Page>& victim_first) {
    auto p = make_policy(kind, capacity);
    for (Page page : victim_first) p->access(page);
    return p;
}

}  // namespace

std::vector<double> window_features(const std::vector<Page>& trace, std::size_t begin, std::size_t end,
                                    std::size_t previous_begin, const std::vector<std::uint64_t>& hits) {
    const double n = static_cast<double>(end - begin);
    std::vector<double> f;
    for (std::uint64_t h : hits) f.push_back(static_cast<double>(h) / n);
    std::unordered_set<Page> distinct(trace.begin() + static_cast<long>(begin), trace.begin() + static_cast<long>(end));
    f.push_back(static_cast<double>(distinct.size()) / n);
    double sequential = 0;
    for (std::size_t i = begin + 1; i < end; ++i) sequential += trace[i] == trace[i - 1] + 1;
    f.push_back(sequential / n);
    std::unordered_set<Page> before(trace.begin() + static_cast<long>(previous_begin),
                                    trace.begin() + static_cast<long>(begin));
    double again = 0;
    for (std::size_t i = begin; i < end; ++i) again += before.count(trace[i]) != 0;
    f.push_back(begin > previous_begin ? again / n : 0);
    return f;
}

SelectionResult select_policies(const std::vector<Page>& trace, std::size_t capacity,
                                const std::vector<PolicyKind>& candidates, std::size_t window, const Chooser& choose,
                                SwitchState state) {
    if (candidates.empty() || window < 1) throw std::invalid_argument("selection needs candidates and a window >= 1");
    SelectionResult r;
    std::size_t current_kind = 0;
    std::unique_ptr<CachePolicy> cache = make_policy(candidates[0], capacity);
    std::vector<std::unique_ptr<CachePolicy>> shadows;
    if (state == SwitchState::Shadow)
        for (PolicyKind k : candidates) shadows.push_back(make_policy(k, capacity));
    double decision_s = 0;
    for (std::size_t begin = 0; begin < trace.size(); begin += window) {
        const std::size_t end = std::min(trace.size(), begin + window);
        const std::vector<Page> snapshot = state == SwitchState::Snapshot ? cache->resident() : std::vector<Page>{};
        WindowStats w;
        std::vector<std::unique_ptr<CachePolicy>> replays;
        for (std::size_t k = 0; k < candidates.size(); ++k) {
            auto p = state == SwitchState::Shadow ? std::move(shadows[k])
                     : k == current_kind          ? cache->clone()
                                                  : rebuilt(candidates[k], capacity, snapshot);
            std::uint64_t hits = 0;
            for (std::size_t i = begin; i < end; ++i) hits += p->access(trace[i]);
            w.hits.push_back(hits);
            replays.push_back(std::move(p));
        }
        w.features = window_features(trace, begin, end, begin >= window ? begin - window : begin, w.hits);
        const auto t0 = std::chrono::steady_clock::now();
        const std::size_t k = choose(r.windows, w, current_kind);
        decision_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (k >= candidates.size()) throw std::out_of_range("chooser picked a candidate that does not exist");
        r.stats.hits += w.hits[k];
        r.stats.misses += (end - begin) - w.hits[k];
        r.choice.push_back(k);
        current_kind = k;
        if (state == SwitchState::Shadow) {
            shadows = std::move(replays);
        } else {
            cache = std::move(replays[k]);
        }
        r.windows.push_back(std::move(w));
    }
    r.decision_ns = r.windows.empty() ? 0 : 1e9 * decision_s / static_cast<double>(r.windows.size());
    return r;
}

Chooser fixed_chooser(std::size_t candidate) {
    return [candidate](const std::vector<WindowStats>&, const WindowStats&, std::size_t) { return candidate; };
}
Chooser oracle_chooser() {
    return [](const std::vector<WindowStats>&, const WindowStats& next, std::size_t current) {
        return best_of(next.hits, current);
    };
}
Chooser previous_winner_chooser() {
    return [](const std::vector<WindowStats>& done, const WindowStats&, std::size_t current) {
        return done.empty() ? current : best_of(done.back().hits, current);
    };
}

void LearnedChooser::fit(const std::vector<SelectionResult>& training, std::size_t candidates, int epochs,
                         double learning_rate, double l2) {
    std::vector<std::vector<double>> x;
    std::vector<std::size_t> y;
    for (const SelectionResult& run : training)
        for (std::size_t i = 0; i + 1 < run.windows.size(); ++i) {
            x.push_back(run.windows[i].features);
            y.push_back(best_of(run.windows[i + 1].hits, run.choice.empty() ? 0 : run.choice[i]));
        }
    if (x.empty()) throw std::invalid_argument("learned selector: no training windows");
    const std::size_t F = x[0].size();
    mean_.assign(F, 0);
    sd_.assign(F, 0);
    for (const auto& v : x)
        for (std::size_t j = 0; j < F; ++j) mean_[j] += v[j] / static_cast<double>(x.size());
    for (const auto& v : x)
        for (std::size_t j = 0; j < F; ++j)
            sd_[j] += (v[j] - mean_[j]) * (v[j] - mean_[j]) / static_cast<double>(x.size());
    for (double& s : sd_) s = s > 1e-12 ? std::sqrt(s) : 1;
    for (auto& v : x)
        for (std::size_t j = 0; j < F; ++j) v[j] = (v[j] - mean_[j]) / sd_[j];
    weight_.assign(candidates, std::vector<double>(F + 1, 0));
    const double n = static_cast<double>(x.size());
    for (int e = 0; e < epochs; ++e) {  // full-batch gradient descent on the cross-entropy
        std::vector<std::vector<double>> grad(candidates, std::vector<double>(F + 1, 0));
        for (std::size_t i = 0; i < x.size(); ++i) {
            std::vector<double> z(candidates);
            for (std::size_t k = 0; k < candidates; ++k) {
                z[k] = weight_[k][F];
                for (std::size_t j = 0; j < F; ++j) z[k] += weight_[k][j] * x[i][j];
            }
            const double top = *std::max_element(z.begin(), z.end());
            double sum = 0;
            for (double& v : z) sum += (v = std::exp(v - top));
            for (std::size_t k = 0; k < candidates; ++k) {
                const double g = z[k] / sum - (y[i] == k ? 1.0 : 0.0);
                for (std::size_t j = 0; j < F; ++j) grad[k][j] += g * x[i][j] / n;
                grad[k][F] += g / n;
            }
        }
        for (std::size_t k = 0; k < candidates; ++k)
            for (std::size_t j = 0; j <= F; ++j)
                weight_[k][j] -= learning_rate * (grad[k][j] + (j < F ? l2 * weight_[k][j] : 0));
    }
    examples_ = x.size();
    std::size_t right = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        std::vector<double> raw(F);
        for (std::size_t j = 0; j < F; ++j) raw[j] = x[i][j] * sd_[j] + mean_[j];
        right += predict(raw) == y[i];
    }
    training_accuracy_ = static_cast<double>(right) / n;
}

std::size_t LearnedChooser::predict(const std::vector<double>& features) const {
    std::size_t best = 0;
    double best_z = -INFINITY;
    for (std::size_t k = 0; k < weight_.size(); ++k) {
        double z = weight_[k].back();
        for (std::size_t j = 0; j < features.size(); ++j) z += weight_[k][j] * (features[j] - mean_[j]) / sd_[j];
        if (z > best_z) best_z = z, best = k;
    }
    return best;
}

Chooser LearnedChooser::chooser() const {
    return [this](const std::vector<WindowStats>& done, const WindowStats&, std::size_t current) {
        return done.empty() ? current : predict(done.back().features);
    };
}

}  // namespace sextant::osfm
