#include "caching/exit_rule.hpp"

#include "caching/centroids.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

namespace caching {

namespace {

class FreezeRule final : public ExitRule {
public:
    FreezeRule(ActivationShape shape, const FreezeOptions& o)
        : options_(o), projection_(o.key, shape, o.key_dims, o.seed), cache_(projection_.dim(), o.cache) {
        cache_.set_thresholds(std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity());
        dim_ = static_cast<std::size_t>(projection_.dim());
    }

    void features(std::span<const float> a, std::size_t n, std::vector<float>& out) override {
        const std::size_t values = a.size() / n;
        if (projection_.needs_fit() && !fitted_) {
            projection_.fit(a, n);
            fitted_ = true;
        }
        const std::size_t at = out.size();
        out.resize(at + n * dim_);
        for (std::size_t i = 0; i < n; ++i)
            projection_.project(a.subspan(i * values, values), std::span<float>(out).subspan(at + i * dim_, dim_));
    }
    int feature_dim() const override { return projection_.dim(); }

    void build(std::span<const float> f, std::span<const std::int64_t> predicted,
               std::span<const std::int64_t> truth) override {
        const auto& labels = options_.store_true_label ? truth : predicted;
        if (options_.centroids_per_class > 0) {
            const auto reduced =
                class_centroids(f, labels, static_cast<int>(dim_), options_.centroids_per_class, options_.seed);
            for (std::size_t i = 0; i < reduced.labels.size(); ++i)
                cache_.insert(std::span<const float>(reduced.keys).subspan(i * dim_, dim_), reduced.labels[i]);
            return;
        }
        for (std::size_t i = 0; i < labels.size(); ++i) cache_.insert(f.subspan(i * dim_, dim_), labels[i]);
    }

    Decision check(std::span<const float> activation, std::size_t slot) override {
        if (keys_.size() <= slot) keys_.resize(slot + 1, std::vector<float>(dim_));
        projection_.project(activation, keys_[slot]);
        const Lookup l = cache_.lookup(keys_[slot]);
        return {l.hit, l.label, l.confidence, l.nearest};
    }
    void set_thresholds(double theta, double delta) override { cache_.set_thresholds(theta, delta); }
    void write_back(std::int64_t label, std::size_t slot) override {
        if (options_.write_back) cache_.insert(keys_.at(slot), label);
    }
    std::size_t bytes() const override { return cache_.bytes() + projection_.bytes(); }
    std::size_t entries() const override { return cache_.size(); }

private:
    FreezeOptions options_;
    KeyProjection projection_;
    PointCache cache_;
    std::size_t dim_ = 0;
    std::vector<std::vector<float>> keys_;  // the last key checked per slot
    bool fitted_ = false;
};

class HeadRule final : public ExitRule {
public:
    HeadRule(ActivationShape shape, const HeadRuleOptions& o)
        : options_(o), projection_(o.style == HeadStyle::early_exit ? KeyKind::gap : KeyKind::pool2, shape, 0, 1) {
        options_.training.hidden = o.style == HeadStyle::learned ? o.learned_hidden : 0;
        x_.resize(static_cast<std::size_t>(projection_.dim()));
    }

    void features(std::span<const float> a, std::size_t n, std::vector<float>& out) override {
        const std::size_t values = a.size() / n, d = x_.size(), at = out.size();
        out.resize(at + n * d);
        for (std::size_t i = 0; i < n; ++i)
            projection_.project(a.subspan(i * values, values), std::span<float>(out).subspan(at + i * d, d));
    }
    int feature_dim() const override { return projection_.dim(); }

    void build(std::span<const float> f, std::span<const std::int64_t> predicted,
               std::span<const std::int64_t> truth) override {
        // early exit learns the task; the learned cache learns to reproduce the model
        const auto& targets = options_.style == HeadStyle::early_exit ? truth : predicted;
        const int dim = projection_.dim();
        const std::size_t n = targets.size();
        if (options_.style != HeadStyle::learned || options_.selector != Selector::learned || n < 5) {
            head_ = train_head(f, n, dim, targets, options_.classes, options_.training);
            return;
        }
        const std::size_t own = n - n / 5, held = n - own;
        const auto d = static_cast<std::size_t>(dim);
        head_ =
            train_head(f.subspan(0, own * d), own, dim, targets.subspan(0, own), options_.classes, options_.training);
        // The selector's target: does the predictor give the full model's answer here?
        std::vector<std::int64_t> agrees(held);
        for (std::size_t i = 0; i < held; ++i) {
            const auto p = head_.probabilities(f.subspan((own + i) * d, d));
            agrees[i] = std::max_element(p.begin(), p.end()) - p.begin() == targets[own + i] ? 1 : 0;
        }
        selector_ = train_head(f.subspan(own * d, held * d), held, dim, agrees, 2, options_.training);
    }

    Decision check(std::span<const float> activation, std::size_t) override {
        projection_.project(activation, x_);
        const auto p = head_.probabilities(x_);
        const auto top = std::max_element(p.begin(), p.end());
        Decision d;
        d.label = top - p.begin();
        d.nearest = 0;
        if (options_.style == HeadStyle::learned && selector_) {
            d.confidence = selector_->probabilities(x_)[1];  // P(the predictor agrees with the model)
        } else if (options_.style == HeadStyle::learned) {
            d.confidence = *top;
        } else {
            double entropy = 0;
            for (float q : p)
                if (q > 0) entropy -= q * std::log(static_cast<double>(q));
            d.confidence = 1.0 - entropy / std::log(static_cast<double>(p.size()));
        }
        d.hit = d.confidence >= theta_;
        return d;
    }
    void set_thresholds(double theta, double) override { theta_ = theta; }
    std::size_t bytes() const override { return head_.bytes() + (selector_ ? selector_->bytes() : 0); }

private:
    HeadRuleOptions options_;
    KeyProjection projection_;
    Head head_;
    std::optional<Head> selector_;
    std::vector<float> x_;
    double theta_ = std::numeric_limits<double>::infinity();
};

}  // namespace

Selector selector_from_string(const std::string& name) {
    if (name == "top-probability") return Selector::top_probability;
    if (name == "learned") return Selector::learned;
    throw std::invalid_argument("parameter 'selector': expected top-probability or learned, got '" + name + "'");
}

std::unique_ptr<ExitRule> make_freeze_rule(ActivationShape shape, const FreezeOptions& options) {
    return std::make_unique<FreezeRule>(shape, options);
}

std::unique_ptr<ExitRule> make_head_rule(ActivationShape shape, const HeadRuleOptions& options) {
    return std::make_unique<HeadRule>(shape, options);
}

}  // namespace caching
