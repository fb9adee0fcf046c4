// The FMNIST-AVT network's libtorch modules (private to the two torch translation units,
// avt_network.cpp and avt_training.cpp; everything else sees modality/avt_model.hpp).
#pragma once

#include "modality/avt_model.hpp"

#include <models/backbone.hpp>

#include <torch/torch.h>

#include <array>

namespace sextant::modality {

// Three conv3x3-BN-ReLU layers with stride 2 on [B, 1, 40, 100] log-mel, global average pool:
// [B, 4w]. The input is standardised with the training features' mean and deviation.
class AudioEncoderImpl : public torch::nn::Module {
public:
    explicit AudioEncoderImpl(int width);
    torch::Tensor forward(const torch::Tensor& mel);
    std::int64_t dim() const { return 4 * width_; }
    void set_normalisation(double mean, double deviation);

private:
    int width_;
    torch::nn::Sequential layers_{nullptr};
    torch::Tensor mean_, deviation_;
};
TORCH_MODULE(AudioEncoder);

// Mean of the hashed tokens' embeddings, then a linear layer and ReLU: [B, dim].
class TextEncoderImpl : public torch::nn::Module {
public:
    TextEncoderImpl(int buckets, int dim);
    torch::Tensor forward(const torch::Tensor& tokens, const torch::Tensor& offsets);

private:
    torch::nn::EmbeddingBag bag_{nullptr};
    torch::nn::Linear fc_{nullptr};
};
TORCH_MODULE(TextEncoder);

// Late fusion: per modality a projection to `embed` (ReLU), averaged over the modalities
// present, the presence bits appended, an MLP to the logits. x[m] may be undefined when
// modality m is absent from every row.
class FusionHeadImpl : public torch::nn::Module {
public:
    FusionHeadImpl(std::array<std::int64_t, 3> dims, int embed, int hidden, int classes);
    // presence: [B, 3] floats in V, A, T order.
    torch::Tensor forward(const std::array<torch::Tensor, 3>& x, const torch::Tensor& presence);

private:
    std::array<torch::nn::Linear, 3> project_{nullptr, nullptr, nullptr};
    torch::nn::Linear fc1_{nullptr}, fc2_{nullptr};
};
TORCH_MODULE(FusionHead);

// The whole model; the unimodal heads are used while training A and T alone.
struct AvtNetwork {
    AvtNetwork(const AvtModelSpec& spec, models::Backbone v);
    AvtModelSpec spec;
    models::Backbone v{nullptr};
    AudioEncoder a{nullptr};
    TextEncoder t{nullptr};
    torch::nn::Linear a_head{nullptr}, t_head{nullptr};
    FusionHead fusion{nullptr};

    void eval();
    // Encoder inputs.
    static torch::Tensor pixels(const AvtBatch& b);
    static torch::Tensor mel(const AvtBatch& b);
    std::pair<torch::Tensor, torch::Tensor> tokens(const AvtBatch& b) const;
    // Embeddings of the modalities in `mask` (the others undefined).
    std::array<torch::Tensor, 3> encode(unsigned mask, const AvtBatch& b);
    static torch::Tensor presence(unsigned mask, std::int64_t rows);

    void save(const std::filesystem::path& dir);
    void load(const std::filesystem::path& dir);
};

// The torch-free AvtModel over a network in eval mode.
std::unique_ptr<AvtModel> make_avt_model(std::shared_ptr<AvtNetwork> net);

}  // namespace sextant::modality
