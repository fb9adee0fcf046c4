// The two ways gradients meet: all K workers in this process through the codec, or this
// process's one worker (a rank) through a Collective (Gloo over TCP).
#pragma once

#include "compression_training/collective.hpp"
#include "compression_training/exchange.hpp"

#include <compression/lhc_rounds.hpp>
#include <compression/scheme.hpp>

#include <memory>

namespace compression_training {

// K workers in this process; the codec's scheme encodes, aggregates and decodes them.
class CodecExchange : public GradientExchange {
public:
    CodecExchange(const compression::SchemeConfig& config, int workers);
    int workers() const override { return workers_; }
    std::vector<int> local_workers() const override;
    bool reports() const override { return true; }
    ExchangeResult exchange(std::span<const std::span<const float>> local, std::span<float> sum) override;
    void sum_statistics(std::span<double>) override {}

private:
    std::unique_ptr<compression::Scheme> scheme_;
    int workers_;
};

// One worker per process: rank r of the collective computes worker r's gradient.
class CollectiveExchange : public GradientExchange {
public:
    CollectiveExchange(const compression::SchemeConfig& config, Collective& group);
    int workers() const override { return group_.size(); }
    std::vector<int> local_workers() const override { return {group_.rank()}; }
    bool reports() const override { return group_.rank() == 0; }
    ExchangeResult exchange(std::span<const std::span<const float>> local, std::span<float> sum) override;
    // Loss and accuracy sums travel as one small float32 allreduce (not counted as gradient bytes).
    void sum_statistics(std::span<double> values) override;

private:
    compression::SchemeConfig config_;
    Collective& group_;
    compression::LhcScratch lhc_;  // LHC buffers and the one-pass estimate, step to step
};

}  // namespace compression_training
