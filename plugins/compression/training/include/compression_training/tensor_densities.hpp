// Per-tensor gradient densities measured in training: the share of each worker's values that
// are nonzero and the share nonzero at any of the K workers (the union a sparse aggregation
// must carry), averaged over steps. These are the numbers a gradient profile otherwise has to
// assume (plugins/compression/profiles); `sextant-cli codec profile --from-run` is meant to
// read them back.
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
};

class DensityMeter {
public:
    explicit DensityMeter(std::vector<TensorSlot> slots);
    // One step: every worker's full gradient (all K of them, in this process).
    void add(std::span<const std::vector<float>> workers);
    long long steps() const { return steps_; }
    std::vector<TensorDensity> means() const;

private:
    std::vector<TensorSlot> slots_;
    std::vector<double> worker_sum_, union_sum_;
    long long steps_ = 0;
};

}  // namespace compression_training
