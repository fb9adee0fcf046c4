// The three models as functions of one flat parameter tensor: a layout (names, shapes,
// offsets), seeded initial values, and a forward pass built from views into the buffer.
// Internal: includes ATen.
#pragma once

#include "compression_training/replica.hpp"

#include <ATen/ATen.h>

namespace compression_training {

// MLP 784-128-64-10; CNN conv5x5(8)-pool-conv5x5(16)-pool-fc64-fc10; NCF: user and item
// embeddings, a GMF branch (elementwise product) beside an MLP branch (2d-32-16), one logit;
// LSTM language model: word embedding, one LSTM layer, a softmax decoder over the vocabulary.
std::vector<TensorSlot> model_layout(const ModelSpec& spec);

// PyTorch's default ranges for dense layers (uniform +-1/sqrt(fan_in)), N(0, 0.1^2) for
// embeddings; drawn with the portable generator so every process gets the same weights.
void initialise(const std::vector<TensorSlot>& layout, std::uint64_t seed, std::span<float> flat);

// Logits: [B, classes] for images, [B] for impressions, [B, vocab] for words. `input` is
// [B, 784] float, [B, 2] int64 (user, item) or [B, context] int64 (word ids).
at::Tensor forward(const ModelSpec& spec, const std::vector<TensorSlot>& layout, const at::Tensor& flat,
                   const at::Tensor& input);

}  // namespace compression_training
