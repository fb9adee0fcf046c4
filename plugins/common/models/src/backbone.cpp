#include "models/backbone.hpp"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/pooling.h>

#include <stdexcept>

namespace models {

namespace F = torch::nn::functional;

const char* to_string(Architecture a) { return a == Architecture::resnet18 ? "resnet18" : "cnn"; }

Architecture architecture_from_string(const std::string& name) {
    if (name == "resnet18") return Architecture::resnet18;
    if (name == "cnn") return Architecture::cnn;
    throw std::invalid_argument("unknown architecture '" + name + "' (expected resnet18 or cnn)");
}

std::vector<std::string> stage_names(Architecture a) {
    std::vector<std::string> names = {"stem"};
    const bool resnet = a == Architecture::resnet18;
    for (int i = 1; i <= (resnet ? 8 : 4); ++i) names.push_back((resnet ? "block" : "conv") + std::to_string(i));
    return names;
}

nlohmann::json BackboneSpec::to_json() const {
    return {{"arch", to_string(arch)}, {"width", width}, {"classes", classes}, {"input", "1x28x28"}};
}

namespace {

torch::nn::Conv2d conv3x3(int in, int out, int stride) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false));
}

}  // namespace

BasicBlockImpl::BasicBlockImpl(int in, int out, int stride) {
    conv1 = register_module("conv1", conv3x3(in, out, stride));
    bn1 = register_module("bn1", torch::nn::BatchNorm2d(out));
    conv2 = register_module("conv2", conv3x3(out, out, 1));
    bn2 = register_module("bn2", torch::nn::BatchNorm2d(out));
    if (stride != 1 || in != out) {
        shortcut_conv = register_module(
            "shortcut_conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1).stride(stride).bias(false)));
        shortcut_bn = register_module("shortcut_bn", torch::nn::BatchNorm2d(out));
    }
}

torch::Tensor BasicBlockImpl::forward(const torch::Tensor& x) {
    auto y = torch::relu(bn1(conv1(x)));
    y = bn2(conv2(y));
    auto s = shortcut_conv ? shortcut_bn(shortcut_conv(x)) : x;
    return torch::relu(y + s);
}

ConvLayerImpl::ConvLayerImpl(int in, int out, int stride) {
    conv = register_module("conv", conv3x3(in, out, stride));
    bn = register_module("bn", torch::nn::BatchNorm2d(out));
}

torch::Tensor ConvLayerImpl::forward(const torch::Tensor& x) { return torch::relu(bn(conv(x))); }

BackboneImpl::BackboneImpl(const BackboneSpec& spec) : spec_(spec) {
    if (spec.width < 1 || spec.width > 256)
        throw std::invalid_argument("backbone width must be in [1, 256], got " + std::to_string(spec.width));
    if (spec.classes < 2) throw std::invalid_argument("backbone classes must be >= 2");
    const int w = spec.width;
    stages_ = register_module("stages", torch::nn::ModuleList());
    stages_->push_back(ConvLayer(1, w, 1));  // stem
    if (spec.arch == Architecture::resnet18) {
        const int widths[] = {w, 2 * w, 4 * w, 8 * w};
        int in = w;
        for (int layer = 0; layer < 4; ++layer)
            for (int b = 0; b < 2; ++b) {
                const int stride = (layer > 0 && b == 0) ? 2 : 1;
                stages_->push_back(BasicBlock(in, widths[layer], stride));
                in = widths[layer];
            }
    } else {
        stages_->push_back(ConvLayer(w, w, 1));
        stages_->push_back(ConvLayer(w, 2 * w, 2));
        stages_->push_back(ConvLayer(2 * w, 4 * w, 2));
        stages_->push_back(ConvLayer(4 * w, 8 * w, 2));
    }
    fc_ = register_module("fc", torch::nn::Linear(8 * w, spec.classes));
    mean_ = register_buffer("pixel_mean", torch::zeros({1}));
    deviation_ = register_buffer("pixel_deviation", torch::ones({1}));
}

std::vector<std::int64_t> BackboneImpl::stage_shape(int i) const {
    const std::int64_t w = spec_.width;
    if (i < 0 || i >= stage_count()) throw std::out_of_range("stage " + std::to_string(i) + " out of range");
    // 28 -> 14 -> 7 -> 4 at each stride-2 stage (padding 1, kernel 3).
    if (spec_.arch == Architecture::resnet18) {
        if (i <= 2) return {w, 28, 28};
        if (i <= 4) return {2 * w, 14, 14};
        if (i <= 6) return {4 * w, 7, 7};
        return {8 * w, 4, 4};
    }
    switch (i) {
    case 0:
    case 1: return {w, 28, 28};
    case 2: return {2 * w, 14, 14};
    case 3: return {4 * w, 7, 7};
    default: return {8 * w, 4, 4};
    }
}

std::string BackboneImpl::stage_name(int i) const { return stage_names(spec_.arch).at(static_cast<std::size_t>(i)); }

torch::Tensor BackboneImpl::stage(int i, const torch::Tensor& x) {
    if (i == 0) return stages_[0]->as<ConvLayer>()->forward((x - mean_) / deviation_);
    if (spec_.arch == Architecture::resnet18) return stages_[i]->as<BasicBlock>()->forward(x);
    return stages_[i]->as<ConvLayer>()->forward(x);
}

torch::Tensor BackboneImpl::pool(const torch::Tensor& last) { return last.mean({2, 3}); }

torch::Tensor BackboneImpl::head(const torch::Tensor& last) { return fc_(pool(last)); }

torch::Tensor BackboneImpl::features(const torch::Tensor& pixels) {
    auto x = pixels;
    for (int i = 0; i < stage_count(); ++i) x = stage(i, x);
    return pool(x);
}

torch::Tensor BackboneImpl::forward(const torch::Tensor& pixels) { return fc_(features(pixels)); }

std::int64_t BackboneImpl::parameter_count() const {
    std::int64_t n = 0;
    for (const auto& p : parameters()) n += p.numel();
    return n;
}

void BackboneImpl::set_normalisation(double mean, double deviation) {
    mean_.fill_(mean);
    deviation_.fill_(deviation);
}

}  // namespace models
