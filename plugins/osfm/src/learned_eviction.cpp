#include "osfm/learned_eviction.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

namespace sextant::osfm {

std::size_t eviction_feature_count(EvictionInputs inputs) { return inputs == EvictionInputs::Joint ? 8 : 3; }

double ReuseModel::predict(const std::vector<double>& f) const {
    double z = weight.back();
    for (std::size_t j = 0; j < f.size(); ++j) z += weight[j] * (f[j] - mean[j]) / sd[j];
    return z;
}

ReuseModel fit_reuse_model(const std::vector<EvictionSample>& samples, const std::vector<Page>& order) {
    if (samples.empty()) throw std::invalid_argument("learned eviction: no recorded evictions to learn from");
    std::unordered_map<Page, std::vector<std::uint64_t>> uses;
    for (std::uint64_t i = 0; i < order.size(); ++i) uses[order[i]].push_back(i);
    const std::size_t F = samples[0].features.size();
    ReuseModel m;
    m.mean.assign(F, 0);
    m.sd.assign(F, 0);
    const double n = static_cast<double>(samples.size());
    for (const auto& s : samples)
        for (std::size_t j = 0; j < F; ++j) m.mean[j] += s.features[j] / n;
    for (const auto& s : samples)
        for (std::size_t j = 0; j < F; ++j) m.sd[j] += (s.features[j] - m.mean[j]) * (s.features[j] - m.mean[j]) / n;
    for (double& v : m.sd) v = v > 1e-12 ? std::sqrt(v) : 1;
    // normal equations over standardised features plus a bias
    const std::size_t D = F + 1;
    std::vector<double> a(D * D, 0), b(D, 0);
    for (const auto& s : samples) {
        const auto& u = uses[s.page];
        auto next = std::upper_bound(u.begin(), u.end(), s.tick);
        const double distance =
            next == u.end() ? 2.0 * static_cast<double>(order.size()) : static_cast<double>(*next - s.tick);
        const double y = std::log1p(distance);
        std::vector<double> x(D, 1.0);
        for (std::size_t j = 0; j < F; ++j) x[j] = (s.features[j] - m.mean[j]) / m.sd[j];
        for (std::size_t i = 0; i < D; ++i) {
            b[i] += x[i] * y;
            for (std::size_t j = 0; j < D; ++j) a[i * D + j] += x[i] * x[j];
        }
    }
    for (std::size_t i = 0; i < F; ++i) a[i * D + i] += 1e-3 * n;
    // Gaussian elimination with partial pivoting
    for (std::size_t c = 0; c < D; ++c) {
        std::size_t p = c;
        for (std::size_t r = c + 1; r < D; ++r)
            if (std::abs(a[r * D + c]) > std::abs(a[p * D + c])) p = r;
        for (std::size_t k = 0; k < D; ++k) std::swap(a[c * D + k], a[p * D + k]);
        std::swap(b[c], b[p]);
        for (std::size_t r = 0; r < D; ++r) {
            if (r == c || a[c * D + c] == 0) continue;
            const double f = a[r * D + c] / a[c * D + c];
            for (std::size_t k = c; k < D; ++k) a[r * D + k] -= f * a[c * D + k];
            b[r] -= f * b[c];
        }
    }
    m.weight.resize(D);
    for (std::size_t i = 0; i < D; ++i) m.weight[i] = a[i * D + i] != 0 ? b[i] / a[i * D + i] : 0;
    return m;
}

namespace {

class ScoredEviction final : public CachePolicy {
public:
    ScoredEviction(std::size_t capacity, EvictionInputs inputs, std::shared_ptr<const ReuseModel> model,
                   std::uint64_t seed, std::vector<EvictionSample>* record, std::size_t candidates,
                   EvictionTiming* timing)
        : capacity_(capacity),
          inputs_(inputs),
          model_(std::move(model)),
          rng_(seed),
          record_(record),
          candidates_(candidates),
          timing_(timing) {}

    bool access(Page p) override {
        const std::uint64_t now = tick_++;
        auto it = where_.find(p);
        if (it != where_.end()) {
            State& s = slots_[it->second];
            s.last = now, ++s.count, s.prefetched = false;
            return true;
        }
        insert(p, now, false);
        return false;
    }
    void prefetch(Page p) override {
        if (!contains(p)) insert(p, tick_, true);
    }
    bool contains(Page p) const override { return where_.count(p) != 0; }
    std::size_t size() const override { return slots_.size(); }
    std::size_t capacity() const override { return capacity_; }
    std::unique_ptr<CachePolicy> clone() const override { return std::make_unique<ScoredEviction>(*this); }
    std::vector<Page> resident() const override {
        std::vector<State> s = slots_;
        std::sort(s.begin(), s.end(), [](const State& a, const State& b) { return a.last < b.last; });
        std::vector<Page> out;
        for (const State& x : s) out.push_back(x.page);
        return out;
    }
    void observe(const SystemView* view) override { view_ = view; }

private:
    struct State {
        Page page;
        std::uint64_t last;
        std::uint64_t count;
        bool prefetched;
    };

    std::vector<double> features(const State& s) const {
        const double age = std::log1p(static_cast<double>(tick_ - s.last));
        std::vector<double> f{age, std::log1p(static_cast<double>(s.count)), s.prefetched ? 1.0 : 0.0};
        if (inputs_ == EvictionInputs::Joint) {
            const auto owner = view_ ? view_->owner(s.page) : SystemView::Owner::Unknown;
            const double rq = view_ ? std::log1p(static_cast<double>(view_->run_queue())) : 0;
            const double dq = view_ ? std::log1p(static_cast<double>(view_->device_queue())) : 0;
            f.push_back(owner == SystemView::Owner::Blocked ? 1.0 : 0.0);
            f.push_back(owner == SystemView::Owner::Ready ? 1.0 : 0.0);
            f.push_back(owner == SystemView::Owner::Finished ? 1.0 : 0.0);
            f.push_back(age * rq);  // is an old page older when many processes wait to run?
            f.push_back(age * dq);  // ... or when the device is busy?
        }
        return f;
    }

    void insert(Page p, std::uint64_t now, bool prefetched) {
        if (slots_.size() == capacity_) timed_evict();
        where_[p] = slots_.size();
        slots_.push_back({p, now, prefetched ? 0u : 1u, prefetched});
    }

    void timed_evict() {
        if (!timing_) return evict();
        const auto t0 = std::chrono::steady_clock::now();
        evict();
        timing_->seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ++timing_->evictions;
    }

    void evict() {
        std::uniform_int_distribution<std::size_t> pick(0, slots_.size() - 1);
        std::size_t victim = pick(rng_);
        double worst = -INFINITY;
        const bool recording = record_ && evictions_++ % kRecordEvery == 0;
        for (std::size_t k = 0; k < std::min(candidates_, slots_.size()); ++k) {
            const std::size_t i = pick(rng_);
            const std::vector<double> f = features(slots_[i]);
            if (recording) record_->push_back({tick_ - 1, slots_[i].page, f});
            const double score = model_ ? model_->predict(f) : static_cast<double>(tick_ - slots_[i].last);
            if (score > worst) worst = score, victim = i;
        }
        where_.erase(slots_[victim].page);
        if (victim != slots_.size() - 1) {
            slots_[victim] = slots_.back();
            where_[slots_[victim].page] = victim;
        }
        slots_.pop_back();
    }

    std::size_t capacity_;
    EvictionInputs inputs_;
    std::shared_ptr<const ReuseModel> model_;
    std::mt19937_64 rng_;
    std::vector<EvictionSample>* record_;
    std::size_t candidates_;
    EvictionTiming* timing_;
    const SystemView* view_ = nullptr;
    static constexpr std::uint64_t kRecordEvery = 16;  // keeps the training set to a few hundred thousand rows
    std::uint64_t tick_ = 0, evictions_ = 0;
    std::vector<State> slots_;
    std::unordered_map<Page, std::size_t> where_;
};

}  // namespace

std::unique_ptr<CachePolicy> make_scored_eviction(std::size_t capacity, EvictionInputs inputs,
                                                  std::shared_ptr<const ReuseModel> model, std::uint64_t seed,
                                                  std::vector<EvictionSample>* record, std::size_t candidates,
                                                  EvictionTiming* timing) {
    return std::make_unique<ScoredEviction>(capacity, inputs, std::move(model), seed, record, candidates, timing);
}

}  // namespace sextant::osfm
