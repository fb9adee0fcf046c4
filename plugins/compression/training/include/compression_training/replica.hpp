// One copy of the model: its parameters live in a single flat float32 buffer, so the
// gradient a backward pass produces is already the flat vector the codec encodes, and the
// update is one loop over it. The header is free of torch types: only the two
// implementation files include ATen (each torch translation unit costs ~15 s to compile).
#pragma once

#include "compression_training/config.hpp"
#include "compression_training/examples.hpp"
#include "compression_training/training_data.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace compression_training {

// One named parameter tensor inside the flat buffer.
struct TensorSlot {
    std::string name;
    std::vector<std::int64_t> shape;
    std::size_t offset = 0;
    std::size_t size = 0;
    bool embedding = false;  // rows are touched only by the examples that look them up
};

struct BatchStats {
    double loss_sum = 0;  // summed over examples (mean loss x count)
    long long correct = 0;
    long long count = 0;
    double loss() const { return count ? loss_sum / static_cast<double>(count) : 0; }
    double accuracy() const { return count ? static_cast<double>(correct) / static_cast<double>(count) : 0; }
};

class Replica {
public:
    // Weights drawn from `seed` alone (the same in every process); sets the process's
    // intra-op thread count to `threads`.
    Replica(const ModelSpec& spec, std::uint64_t seed, int threads);
    ~Replica();
    Replica(const Replica&) = delete;
    Replica& operator=(const Replica&) = delete;

    std::size_t size() const;  // parameters
    const std::vector<TensorSlot>& slots() const;
    std::span<const float> parameters() const;

    // Forward and backward on one batch; writes d(mean loss)/d(parameters) to grad (size()).
    BatchStats gradient(const Examples& batch, std::span<float> grad);
    // One optimizer step, in float32 and in a fixed order, so equal inputs give bit-equal
    // parameters. sgd: v = momentum * v + g; p -= lr * v. adagrad: s += g^2;
    // p -= lr * g / (sqrt(s) + 1e-10).
    void apply(std::span<const float> g, Optimizer optimizer, float lr, float momentum);
    // Loss and accuracy without gradients, in chunks.
    BatchStats evaluate(const Examples& data) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace compression_training
