// A small classifier on a cache point's pooled activation: the early-exit heads (BranchyNet
// style: linear) and the learned caches (GATI style: one hidden layer). Trained with libtorch
// (head_training.cpp), evaluated here in plain C++ so a request pays for a few hundred
// multiply-adds, not for a framework call.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace caching {

struct Head {
    int in = 0, hidden = 0, classes = 10;  // hidden = 0: a linear layer
    std::vector<float> w1, b1;             // (hidden or classes) x in, row-major
    std::vector<float> w2, b2;             // classes x hidden (MLP only)
    // Softmax probabilities for one feature vector (in floats).
    std::vector<float> probabilities(std::span<const float> x) const;
    std::size_t bytes() const { return 4 * (w1.size() + b1.size() + w2.size() + b2.size()); }
};

struct HeadTraining {
    int hidden = 0;
    int epochs = 20;
    int batch = 128;
    double learning_rate = 1e-2;  // Adam
    std::uint64_t seed = 1;
};

// Cross-entropy training on n feature vectors of `dim` floats with targets in [0, classes).
Head train_head(std::span<const float> features, std::size_t n, int dim, std::span<const std::int64_t> targets,
                int classes, const HeadTraining& options);

}  // namespace caching
