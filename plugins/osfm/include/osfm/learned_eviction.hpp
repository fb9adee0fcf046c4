// Learned eviction (issue 18, track B): at each eviction, sample candidates from the cache and
// evict the one a linear model predicts will be referenced furthest ahead (log of the number of
// references until its next use: Belady's criterion, learned). Cache-only inputs describe the
// page's own history; joint inputs add the machine around it (the state of the process that
// owns the page, the run queue and the device queue). Training samples are recorded from a
// run of the same policy with a fixed scorer (recency) and labelled afterwards from the
// reference order that run produced.
#pragma once

#include "osfm/cache_policy.hpp"

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

namespace sextant::osfm {

enum class EvictionInputs { CacheOnly, Joint };
std::size_t eviction_feature_count(EvictionInputs inputs);

struct EvictionSample {
    std::uint64_t tick;  // reference index at the eviction
    Page page;
    std::vector<double> features;
};

// Least squares (ridge 1e-3) on standardised features; predicts log(1 + references to next use).
struct ReuseModel {
    std::vector<double> mean, sd, weight;  // weight: features + bias
    double predict(const std::vector<double>& features) const;
};

// Labels samples from the reference order of the run that recorded them and fits a model.
// A page never referenced again gets a distance of twice the trace's length.
ReuseModel fit_reuse_model(const std::vector<EvictionSample>& samples, const std::vector<Page>& order);

// Time spent choosing victims (the candidate sampling and scoring of each eviction).
struct EvictionTiming {
    std::uint64_t evictions = 0;
    double seconds = 0;
    double ns_per_eviction() const { return evictions ? 1e9 * seconds / static_cast<double>(evictions) : 0; }
};

// Without a model it evicts the oldest of the sampled candidates (sampled LRU): the recorder,
// which keeps every candidate of one eviction in 16 in `record`.
std::unique_ptr<CachePolicy> make_scored_eviction(std::size_t capacity, EvictionInputs inputs,
                                                  std::shared_ptr<const ReuseModel> model, std::uint64_t seed,
                                                  std::vector<EvictionSample>* record = nullptr,
                                                  std::size_t candidates = 32, EvictionTiming* timing = nullptr);

}  // namespace sextant::osfm
