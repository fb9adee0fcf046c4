// One caching study: a backbone from the model cache, a method at some cache points, built
// from training images, calibrated on validation images, then a request stream over the test
// images served twice per request - by the whole model (the baseline) and by the method -
// interleaved so both see the same machine load.
#pragma once

#include "caching/exit_rule.hpp"
#include "caching/inference_engine.hpp"
#include "caching/torch_backbone.hpp"
#include "caching/workload.hpp"

#include <functional>
#include <string>
#include <vector>

namespace caching {

enum class Method { freeze, early_exit, learned, output_cache, none, oracle };
const char* to_string(Method m);
Method method_from_string(const std::string& name);  // throws, naming the accepted names

struct StudyConfig {
    Method method = Method::freeze;
    std::vector<std::string> points = {"block2", "block4", "block6"};  // stage names
    FreezeOptions freeze;                                              // freeze and oracle
    HeadRuleOptions head;                                              // early-exit and learned
    std::size_t output_capacity = 0;                                   // output-cache entries (0: unbounded)
    double eps = 0.005;
    double calibration_confidence = 0;      // 0: the point estimate meets 1 - eps; else its lower bound
    std::size_t fill_images = 5000;         // first n of the training split
    std::size_t calibration_images = 5000;  // the calibration stream's pool: first n of the validation split
    std::size_t calibration_requests = 1000;
    std::size_t test_images = 10000;  // the stream's pool: first n of the test split
    std::size_t warmup_requests = 20;
    std::size_t batch = 1;  // consecutive requests served as one batch
    StreamOptions stream;
    BackboneChoice backbone;
    std::string dataset_dir = "/usr/share/datasets/fashion-mnist";
    std::string model_cache_dir;            // empty: the default model cache
    std::size_t evaluation_images = 10000;  // for a backbone trained now
    int threads = 1;
};

struct StudyHooks {
    std::function<void(double, const std::string&)> progress;
    std::function<void(const std::string&)> log;
    std::function<bool()> cancelled;
};

struct StudyResult {
    int stages = 0;
    std::vector<std::string> stage_names;
    std::vector<Served> served, baseline;  // per request
    std::vector<std::int64_t> truth;       // per request
    std::vector<PointStats> points;
    std::vector<StageStats> stage_times;  // of the baseline passes
    CalibrationResult calibration;
    std::size_t cache_bytes = 0, cache_entries = 0;
    double setup_s = 0;
    nlohmann::json model_info;
    bool cancelled = false;
};

// Throws std::invalid_argument naming the parameter for a bad configuration (a point the
// architecture does not have, capacity below k, ...).
StudyResult run_study(const StudyConfig& config, const StudyHooks& hooks = {});

struct StudySummary {
    double latency_p50_ms = 0, latency_p99_ms = 0, latency_mean_ms = 0;
    double baseline_p50_ms = 0, baseline_p99_ms = 0, baseline_mean_ms = 0;
    double speedup = 0, speedup_p50 = 0;  // baseline over method, mean and median
    double cpu_p50_ms = 0, baseline_cpu_p50_ms = 0;
    double cpu_speedup = 0;  // the same ratio of means in thread CPU time
    // The same with each pass's slowest 1% of requests left out: a stall of the virtual machine
    // (tens of ms, counted as the thread's CPU time) lands in one pass at random and moves a
    // 500-request mean by up to a third (docs/caching.md, "Stalls").
    double cpu_speedup_trimmed = 0;
    double accuracy = 0, baseline_accuracy = 0, agreement = 0;
    double skip_half_fraction = 0;  // requests that ran at most half the blocks
    double mean_blocks = 0;
    double early_fraction = 0;          // requests answered before the whole model
    double lookup_share = 0;            // of the method's total time
    std::vector<double> exit_fraction;  // by blocks run, 0 .. stages - 1
};

StudySummary summarise(const StudyResult& result);

}  // namespace caching
