// Image classifiers for 28x28 grey images that run stage by stage, so a caller can look at
// (or stop after) any intermediate activation: the caching plugin keys its caches on them,
// the modality plugin uses the pooled features as its vision encoder.
//   resnet18: a narrow ResNet-18 - 3x3 stem (no max-pool), BasicBlocks [2, 2, 2, 2] with
//             widths w, 2w, 4w, 8w (w = 16: 16-128, 0.70 M parameters), global average pool,
//             linear head. Stages: the stem, then each of the 8 blocks (9 in all).
//   cnn:      a plain CNN - the stem, then 4 conv3x3-BN-ReLU layers (widths w, 2w, 4w, 8w,
//             the last three with stride 2), the same head. Stages: 5.
// Inputs are pixels in [0, 1], shape [B, 1, 28, 28]; the model standardises them with the
// training images' mean and deviation, stored in the weights.
// Includes libtorch: keep it out of headers that many files include.
#pragma once

#include <nlohmann/json.hpp>
#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <string>
#include <vector>

namespace models {

enum class Architecture { resnet18, cnn };

const char* to_string(Architecture a);
// Throws std::invalid_argument naming the accepted names.
Architecture architecture_from_string(const std::string& name);
// The stages a request passes, in order, without building the model: "stem", "block1" ...
// "block8" (resnet18), "stem", "conv1" ... "conv4" (cnn). What a cache point may name.
std::vector<std::string> stage_names(Architecture a);

struct BackboneSpec {
    Architecture arch = Architecture::resnet18;
    int width = 16;  // w: stage widths w, 2w, 4w, 8w
    int classes = 10;
    nlohmann::json to_json() const;
};

// One residual block: two 3x3 conv-BN layers, a 1x1 conv-BN shortcut when shape changes.
class BasicBlockImpl : public torch::nn::Module {
public:
    BasicBlockImpl(int in, int out, int stride);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, shortcut_conv{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr}, shortcut_bn{nullptr};
};
TORCH_MODULE(BasicBlock);

// A conv3x3-BN-ReLU layer (the plain CNN's stages and every stem).
class ConvLayerImpl : public torch::nn::Module {
public:
    ConvLayerImpl(int in, int out, int stride);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Conv2d conv{nullptr};
    torch::nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(ConvLayer);

class BackboneImpl : public torch::nn::Module {
public:
    explicit BackboneImpl(const BackboneSpec& spec);

    const BackboneSpec& spec() const { return spec_; }
    int stage_count() const { return static_cast<int>(stages_->size()); }
    // Activation shape after stage i for one image: {C, H, W}.
    std::vector<std::int64_t> stage_shape(int i) const;
    std::string stage_name(int i) const;  // "stem", "block1" ... "block8" (cnn: "conv1" ...)

    // Stage i on the previous stage's output (stage 0 takes pixels in [0, 1]).
    torch::Tensor stage(int i, const torch::Tensor& x);
    // Global average pool of the last stage's output: [B, 8w].
    torch::Tensor pool(const torch::Tensor& last);
    // Logits [B, classes] from the last stage's output.
    torch::Tensor head(const torch::Tensor& last);
    // Pooled features of the whole network, [B, 8w] (the modality plugin's V encoder).
    torch::Tensor features(const torch::Tensor& pixels);
    torch::Tensor forward(const torch::Tensor& pixels);
    std::int64_t feature_dim() const { return 8 * spec_.width; }
    std::int64_t parameter_count() const;

    // Pixel statistics of the training images, used by stage 0.
    void set_normalisation(double mean, double deviation);

private:
    BackboneSpec spec_;
    torch::nn::ModuleList stages_{nullptr};
    torch::nn::Linear fc_{nullptr};
    torch::Tensor mean_, deviation_;
};
TORCH_MODULE(Backbone);

}  // namespace models
