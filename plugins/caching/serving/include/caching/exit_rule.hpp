// What sits at a cache point and may answer a request there, skipping the rest of the
// network:
//   freeze     an approximate cache (KeyProjection + PointCache): the k nearest cached keys
//              vote; filled offline from training activations, written back online on a miss
//   early-exit a BranchyNet-style linear head on the globally pooled activation, trained on
//              the true labels with the backbone frozen; confidence = 1 - entropy / ln(classes)
//   learned    a GATI-style learned cache: a one-hidden-layer predictor on the 2x2-pooled
//              activation distilled from the full model's predictions; its selector is the
//              predictor's top probability
// Each answers when its confidence >= theta (and, for freeze, the nearest key's distance
// <= delta); thresholds come from calibration (calibrate_rules).
#pragma once

#include "caching/head.hpp"
#include "caching/key_projection.hpp"
#include "caching/point_cache.hpp"

#include <limits>
#include <memory>
#include <string>
#include <span>
#include <vector>

namespace caching {

struct Decision {
    bool hit = false;
    std::int64_t label = -1;
    double confidence = 0;
    double nearest = std::numeric_limits<double>::infinity();  // freeze only; 0 for heads
};

class ExitRule {
public:
    virtual ~ExitRule() = default;
    // Features the rule is built from, for n activations: appended to `out`, n x feature_dim().
    // The first call fits a projection that needs fitting (key 'pca') on these n.
    virtual void features(std::span<const float> activations, std::size_t n, std::vector<float>& out) = 0;
    virtual int feature_dim() const = 0;
    // Builds the rule from the fill images' features, the full model's predictions and the
    // true labels.
    virtual void build(std::span<const float> features, std::span<const std::int64_t> predicted,
                       std::span<const std::int64_t> truth) = 0;
    // `slot` names the request within a batch, for write_back.
    virtual Decision check(std::span<const float> activation, std::size_t slot = 0) = 0;
    virtual void set_thresholds(double theta, double delta) = 0;
    // The request last checked here under `slot` went through the whole network: remember
    // its answer.
    virtual void write_back(std::int64_t /*label*/, std::size_t /*slot*/ = 0) {}
    virtual std::size_t bytes() const = 0;
    virtual std::size_t entries() const { return 0; }
};

struct FreezeOptions {
    KeyKind key = KeyKind::pca;
    int key_dims = 32;
    PointCacheOptions cache;
    bool store_true_label = false;  // ablation: cache the true label instead of the model's
    bool write_back = true;
    int centroids_per_class = 0;  // > 0: the fill's keys of each label become this many k-means centroids
    std::uint64_t seed = 1;
};

// Throws std::invalid_argument naming the option (key, key_dims, k, capacity, ...).
std::unique_ptr<ExitRule> make_freeze_rule(ActivationShape shape, const FreezeOptions& options);

enum class HeadStyle { early_exit, learned };

// How a learned cache decides to answer: its predictor's top probability, or (GATI) a second
// small network per point trained to tell whether the predictor agrees with the full model.
enum class Selector { top_probability, learned };
Selector selector_from_string(const std::string& name);

struct HeadRuleOptions {
    HeadStyle style = HeadStyle::early_exit;
    HeadTraining training;  // hidden is set from the style (0 early-exit, `learned_hidden` learned)
    int learned_hidden = 64;
    int classes = 10;
    // learned only. With Selector::learned the predictor trains on the first 80% of the fill
    // images and the selector on the other 20% (GATI trains them on separate data: on its own
    // training data a predictor is right too often for a selector to learn when it is wrong).
    Selector selector = Selector::top_probability;
};

std::unique_ptr<ExitRule> make_head_rule(ActivationShape shape, const HeadRuleOptions& options);

}  // namespace caching
