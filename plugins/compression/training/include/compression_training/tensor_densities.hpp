// Per-tensor gradient densities measured in training: the share of each worker's values that
// are nonzero and the share nonzero at any of the K workers (the union a sparse aggregation
// must carry), averaged over steps. These are the numbers a gradient profile otherwise has to
// assume (plugins/compression/profiles); `sextant-cli codec profile --from-run` is meant to
// read them back. Two more statistics describe dense layers, whose values are all nonzero:
// how alike the workers' gradients are (the mean pairwise correlation) and how far the
// workers' top-1% positions spread (the union of their top-k masks) - what a simulated
// top-k or threshold sparsifier needs to be realistic.
#pragma once

#include "compression_training/replica.hpp"

#include <span>
#include <string>
#include <vector>

namespace compression_training {

struct TensorDensity {
    std::string name;
    std::vector<std::int64_t> shape;
    bool embedding = false;
    double worker_density = 0;  // mean over workers and steps
    double union_density = 0;   // mean over steps
    // Mean over steps of the mean pairwise Pearson correlation of the workers' gradients
    // (over the tensor's positions; steps where a worker's gradient is constant are skipped).
    double correlation = 0;
    // Mean over steps of the share of positions in any worker's top-k by |value|, with
    // k = max(1, round(kTopkKeep x size)).
    double topk_union_density = 0;
};

inline constexpr double kTopkKeep = 0.01;

class DensityMeter {
public:
    explicit DensityMeter(std::vector<TensorSlot> slots);
    // One step: every worker's full gradient (all K of them, in this process).
    void add(std::span<const std::vector<float>> workers);
    long long steps() const { return steps_; }
    std::vector<TensorDensity> means() const;

private:
    std::vector<TensorSlot> slots_;
    std::vector<double> worker_sum_, union_sum_, correlation_sum_, topk_union_sum_;
    std::vector<long long> correlation_steps_;
    long long steps_ = 0;
};

}  // namespace compression_training
