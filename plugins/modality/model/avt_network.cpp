// The first of the modality plugin's two libtorch translation units: the network's modules,
// saving and loading them, and inference behind AvtModel.
#include "avt_network.hpp"

#include "modality/profile.hpp"

#include <stdexcept>

namespace sextant::modality {

namespace {

torch::nn::Sequential conv_bn_relu(torch::nn::Sequential s, int in, int out) {
    s->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(2).padding(1).bias(false)));
    s->push_back(torch::nn::BatchNorm2d(out));
    s->push_back(torch::nn::ReLU());
    return s;
}

}  // namespace

AudioEncoderImpl::AudioEncoderImpl(int width) : width_(width) {
    if (width < 1 || width > 256) throw std::invalid_argument("audio encoder width must be in [1, 256]");
    torch::nn::Sequential s;
    conv_bn_relu(s, 1, width);
    conv_bn_relu(s, width, 2 * width);
    conv_bn_relu(s, 2 * width, 4 * width);
    layers_ = register_module("layers", s);
    mean_ = register_buffer("mel_mean", torch::zeros({1}));
    deviation_ = register_buffer("mel_deviation", torch::ones({1}));
}

torch::Tensor AudioEncoderImpl::forward(const torch::Tensor& mel) {
    return layers_->forward((mel - mean_) / deviation_).mean({2, 3});
}

void AudioEncoderImpl::set_normalisation(double mean, double deviation) {
    mean_.fill_(mean);
    deviation_.fill_(deviation);
}

TextEncoderImpl::TextEncoderImpl(int buckets, int dim) {
    bag_ = register_module("bag",
                           torch::nn::EmbeddingBag(torch::nn::EmbeddingBagOptions(buckets, dim).mode(torch::kMean)));
    fc_ = register_module("fc", torch::nn::Linear(dim, dim));
}

torch::Tensor TextEncoderImpl::forward(const torch::Tensor& tokens, const torch::Tensor& offsets) {
    return torch::relu(fc_(bag_(tokens, offsets)));
}

FusionHeadImpl::FusionHeadImpl(std::array<std::int64_t, 3> dims, int embed, int hidden, int classes) {
    const char* names[3] = {"project_v", "project_a", "project_t"};
    for (int m = 0; m < 3; ++m) project_[m] = register_module(names[m], torch::nn::Linear(dims[m], embed));
    fc1_ = register_module("fc1", torch::nn::Linear(embed + 3, hidden));
    fc2_ = register_module("fc2", torch::nn::Linear(hidden, classes));
}

torch::Tensor FusionHeadImpl::forward(const std::array<torch::Tensor, 3>& x, const torch::Tensor& presence) {
    torch::Tensor sum;
    for (int m = 0; m < 3; ++m) {
        if (!x[m].defined()) continue;
        auto e = torch::relu(project_[m](x[m])) * presence.narrow(1, m, 1);
        sum = sum.defined() ? sum + e : e;
    }
    auto mean = sum / presence.sum(1, true).clamp_min(1.0);
    return fc2_(torch::relu(fc1_(torch::cat({mean, presence}, 1))));
}

AvtNetwork::AvtNetwork(const AvtModelSpec& s, models::Backbone backbone) : spec(s), v(std::move(backbone)) {
    a = AudioEncoder(s.a_width);
    t = TextEncoder(s.t_buckets, s.t_dim);
    a_head = torch::nn::Linear(a->dim(), 10);
    t_head = torch::nn::Linear(s.t_dim, 10);
    fusion = FusionHead(std::array<std::int64_t, 3>{v->feature_dim(), a->dim(), s.t_dim}, s.embed, s.hidden, 10);
}

void AvtNetwork::eval() {
    v->eval();
    a->eval();
    t->eval();
    a_head->eval();
    t_head->eval();
    fusion->eval();
}

torch::Tensor AvtNetwork::pixels(const AvtBatch& b) {
    return torch::from_blob(const_cast<float*>(b.pixels.data()), {static_cast<std::int64_t>(b.n), 1, 28, 28},
                            torch::kFloat32);
}

torch::Tensor AvtNetwork::mel(const AvtBatch& b) {
    // Dequantised exactly as dequantise_mel does.
    auto q = torch::from_blob(const_cast<std::uint8_t*>(b.mel.data()), {static_cast<std::int64_t>(b.n), 1, 40, 100},
                              torch::kUInt8);
    return q.to(torch::kFloat32) * ((kMelHigh - kMelLow) / 255.0f) + kMelLow;
}

std::pair<torch::Tensor, torch::Tensor> AvtNetwork::tokens(const AvtBatch& b) const {
    std::vector<std::int64_t> all, offsets;
    offsets.reserve(b.n);
    for (std::size_t i = 0; i < b.n; ++i) {
        offsets.push_back(static_cast<std::int64_t>(all.size()));
        auto t = caption_tokens(b.captions[i], spec.t_buckets);
        all.insert(all.end(), t.begin(), t.end());
    }
    return {torch::tensor(all, torch::kInt64), torch::tensor(offsets, torch::kInt64)};
}

std::array<torch::Tensor, 3> AvtNetwork::encode(unsigned mask, const AvtBatch& b) {
    std::array<torch::Tensor, 3> x;
    if (mask & kV) x[0] = v->features(pixels(b));
    if (mask & kA) x[1] = a(mel(b));
    if (mask & kT) {
        auto [tok, off] = tokens(b);
        x[2] = t(tok, off);
    }
    return x;
}

torch::Tensor AvtNetwork::presence(unsigned mask, std::int64_t rows) {
    auto p = torch::tensor({mask & kV ? 1.0f : 0.0f, mask & kA ? 1.0f : 0.0f, mask & kT ? 1.0f : 0.0f});
    return p.unsqueeze(0).expand({rows, 3});
}

void AvtNetwork::save(const std::filesystem::path& dir) {
    torch::save(v, (dir / "v.pt").string());
    torch::save(a, (dir / "a.pt").string());
    torch::save(t, (dir / "t.pt").string());
    torch::save(a_head, (dir / "a_head.pt").string());
    torch::save(t_head, (dir / "t_head.pt").string());
    torch::save(fusion, (dir / "fusion.pt").string());
}

void AvtNetwork::load(const std::filesystem::path& dir) {
    torch::load(v, (dir / "v.pt").string());
    torch::load(a, (dir / "a.pt").string());
    torch::load(t, (dir / "t.pt").string());
    torch::load(a_head, (dir / "a_head.pt").string());
    torch::load(t_head, (dir / "t_head.pt").string());
    torch::load(fusion, (dir / "fusion.pt").string());
    eval();
}

int set_model_threads(int threads) {
    const int old = torch::get_num_threads();
    torch::set_num_threads(std::max(1, threads));
    return old;
}
int model_threads() { return torch::get_num_threads(); }

namespace {

std::int64_t count(const torch::nn::Module& m) {
    std::int64_t n = 0;
    for (const auto& p : m.parameters()) n += p.numel();
    return n;
}

class TorchAvtModel final : public AvtModel {
public:
    explicit TorchAvtModel(std::shared_ptr<AvtNetwork> net) : net_(std::move(net)) { net_->eval(); }

    std::vector<std::int64_t> predict(unsigned mask, const AvtBatch& b) override {
        if (mask == 0 || (mask & ~kAllModalities)) throw std::invalid_argument("predict: invalid configuration");
        torch::NoGradGuard no_grad;
        const auto rows = static_cast<std::int64_t>(b.n);
        auto labels =
            net_->fusion->forward(net_->encode(mask, b), AvtNetwork::presence(mask, rows)).argmax(1).contiguous();
        return {labels.data_ptr<std::int64_t>(), labels.data_ptr<std::int64_t>() + labels.numel()};
    }

    std::vector<double> accuracies(const AvtSplit& split, int batch) override {
        torch::NoGradGuard no_grad;
        std::vector<std::int64_t> right(all_masks().size(), 0);
        for (std::size_t first = 0; first < split.count(); first += static_cast<std::size_t>(batch)) {
            std::vector<std::int64_t> idx;
            for (std::size_t i = first; i < std::min(split.count(), first + batch); ++i)
                idx.push_back(static_cast<std::int64_t>(i));
            const AvtBatch b = batch_of(split, idx);
            const auto x = net_->encode(kAllModalities, b);
            const auto y = torch::from_blob(const_cast<std::int64_t*>(split.images.labels.data()) + first,
                                            {static_cast<std::int64_t>(b.n)}, torch::kInt64);
            for (std::size_t c = 0; c < all_masks().size(); ++c) {
                const unsigned m = all_masks()[c];
                std::array<torch::Tensor, 3> present;
                for (int k = 0; k < 3; ++k)
                    if (m & (1u << k)) present[k] = x[k];
                auto pred =
                    net_->fusion->forward(present, AvtNetwork::presence(m, static_cast<std::int64_t>(b.n))).argmax(1);
                right[c] += pred.eq(y).sum().item<std::int64_t>();
            }
        }
        std::vector<double> out;
        for (auto r : right) out.push_back(split.count() ? static_cast<double>(r) / split.count() : 0.0);
        return out;
    }

    std::int64_t parameters(unsigned modality) const override {
        switch (modality) {
        case kV: return count(*net_->v);
        case kA: return count(*net_->a);
        case kT: return count(*net_->t);
        default: return count(*net_->fusion);
        }
    }

private:
    std::shared_ptr<AvtNetwork> net_;
};

}  // namespace

std::unique_ptr<AvtModel> make_avt_model(std::shared_ptr<AvtNetwork> net) {
    return std::make_unique<TorchAvtModel>(std::move(net));
}

}  // namespace sextant::modality
