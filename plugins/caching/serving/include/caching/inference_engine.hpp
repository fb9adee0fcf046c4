// Serving one request at a time (batch 1) through a StagedModel, stage by stage, with an exit
// rule at some stages and optionally an exact output cache in front. Every stage and every
// lookup is timed on this CPU, so the latency a request sees includes what its lookups cost.
#pragma once

#include "caching/exit_rule.hpp"
#include "caching/output_cache.hpp"
#include "caching/staged_model.hpp"

#include <memory>
#include <vector>

namespace caching {

struct Served {
    std::int64_t label = -1;
    int exit_stage = -1;   // the stage whose rule answered; -1: the output cache; stages(): the whole model
    int blocks = 0;        // stages run after the stem (blocks of the ResNet, conv layers of the CNN)
    double latency_s = 0;  // from pixels to label, lookups and write-back included
    double lookup_s = 0;   // the part spent in caches and heads
    double cpu_s = 0;      // this thread's CPU time over the same span (what a loaded machine does not inflate)
};

struct PointStats {
    long long visits = 0, hits = 0;
    double lookup_s = 0;
};

struct StageStats {
    long long runs = 0;
    double seconds = 0;
};

class InferenceEngine {
public:
    explicit InferenceEngine(StagedModel& model);

    void set_output_cache(std::unique_ptr<OutputCache> cache) { output_cache_ = std::move(cache); }
    void set_rule(int stage, std::unique_ptr<ExitRule> rule);
    ExitRule* rule(int stage) { return rules_.at(static_cast<std::size_t>(stage)).get(); }
    std::vector<int> rule_stages() const;
    StagedModel& model() { return model_; }

    // With every cache and rule.
    Served serve(std::span<const float> pixels);
    // The whole model, nothing consulted (the no-cache baseline).
    Served serve_full(std::span<const float> pixels);
    // n requests (n x 784 pixels) as one batch: a request that a point answers leaves the
    // batch there and its latency ends; the rest run on as a smaller batch.
    std::vector<Served> serve_batch(std::span<const float> pixels, std::size_t n);
    std::vector<Served> serve_full_batch(std::span<const float> pixels, std::size_t n);
    // The oracle: the whole model runs, then the request counts as exiting at the earliest
    // rule whose label equals the model's; its latency is the measured time of the stages up
    // to there (no lookup cost: an upper bound on what any rule could save).
    Served serve_oracle(std::span<const float> pixels);

    const std::vector<PointStats>& point_stats() const { return points_; }
    const std::vector<StageStats>& stage_stats() const { return stages_; }
    const std::vector<StageStats>& full_stage_stats() const { return full_stages_; }  // serve_full's
    void reset_stats();
    std::size_t cache_bytes() const;

private:
    StagedModel& model_;
    std::unique_ptr<OutputCache> output_cache_;
    std::vector<std::unique_ptr<ExitRule>> rules_;  // by stage; null where there is none
    std::vector<PointStats> points_;
    std::vector<StageStats> stages_, full_stages_;
    std::vector<float> gathered_;  // a batch's pixels less the output cache's hits
};

// Builds every rule of the engine from n fill images (n x 784 pixels) and their true labels:
// the images run through the model in batches, each rule's features are kept, then each rule
// is built from them and the model's predictions.
void build_rules(InferenceEngine& engine, std::span<const float> pixels, std::span<const std::int64_t> truth,
                 std::size_t batch = 256);

struct CalibrationResult {
    std::vector<int> stages;
    std::vector<double> theta, delta, hit_rate;  // per rule stage, in order
    double hit_rate_total = 0;                   // share of the calibration requests some rule answered
    double agreement = 1;                        // of those answers with the full model
};

// Serves a calibration stream (n x 784 pixels: validation images drawn like the workload, so
// the thresholds see its locality) with every rule switched off, recording each rule's vote
// and writing every request back as serving does. Then per rule, in network order, on the
// requests no earlier rule answered: the thresholds (theta, delta) that answer the most
// requests while agreeing with the full model at least 1 - eps of the time, with at least
// `min_hits` answers (otherwise the rule stays off). delta is searched over quantiles of the
// nearest distances (heads have none). `confidence` > 0: the agreement's lower bound at that
// confidence must reach 1 - eps (calibrate()).
CalibrationResult calibrate_rules(InferenceEngine& engine, std::span<const float> pixels, double eps,
                                  std::size_t min_hits = 10, double confidence = 0);

}  // namespace caching
