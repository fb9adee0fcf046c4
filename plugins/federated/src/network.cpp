// The only translation unit that includes libtorch.
#include "federated/network.hpp"

#include <torch/torch.h>

#include <cmath>
#include <numeric>
#include <stdexcept>

namespace federated {

ModelKind model_kind(const std::string& name) {
    if (name == "mlp") return ModelKind::mlp;
    if (name == "cnn") return ModelKind::cnn;
    throw std::invalid_argument("model: expected 'mlp' or 'cnn', got '" + name + "'");
}

void set_training_threads(int threads) { at::set_num_threads(std::max(1, threads)); }

struct Network::Layout {
    struct Slot {
        std::vector<std::int64_t> shape;
        std::int64_t offset = 0, size = 0, fan_in = 1;
    };
    std::vector<Slot> slots;
    std::int64_t next = 0;
    void add(std::vector<std::int64_t> shape, std::int64_t fan_in) {
        std::int64_t n = 1;
        for (auto d : shape) n *= d;
        slots.push_back({std::move(shape), next, n, fan_in});
        next += n;
    }
    void linear(std::int64_t in, std::int64_t out) { add({out, in}, in), add({out}, in); }
    void conv(std::int64_t in, std::int64_t out, std::int64_t k) {
        add({out, in, k, k}, in * k * k), add({out}, in * k * k);
    }
    torch::Tensor view(const torch::Tensor& flat, std::size_t i) const {
        return flat.narrow(0, slots[i].offset, slots[i].size).view(slots[i].shape);
    }
};

Network::Network(ModelKind kind) : kind_(kind), layout_(std::make_unique<Layout>()) {
    if (kind == ModelKind::mlp) {  // 784-128-10 (research note sizing)
        layout_->linear(784, 128);
        layout_->linear(128, 10);
    } else {  // conv5x5(8)-pool-conv5x5(16)-pool-fc64-fc10: 20.5k weights
        layout_->conv(1, 8, 5);
        layout_->conv(8, 16, 5);
        layout_->linear(256, 64);
        layout_->linear(64, 10);
    }
    size_ = static_cast<std::size_t>(layout_->next);
}

Network::~Network() = default;

std::vector<float> Network::initial(std::uint64_t seed) const {
    std::vector<float> w(size_);
    Rng r = stream(seed, Stream::init);
    for (const auto& s : layout_->slots) {
        const double bound = 1.0 / std::sqrt(static_cast<double>(s.fan_in));
        for (std::int64_t i = 0; i < s.size; ++i)
            w[static_cast<std::size_t>(s.offset + i)] = static_cast<float>((2 * uniform(r) - 1) * bound);
    }
    return w;
}

namespace {

torch::Tensor forward(ModelKind kind, const Network::Layout& l, const torch::Tensor& flat, const torch::Tensor& x) {
    if (kind == ModelKind::mlp) {
        auto h = torch::relu(torch::linear(x, l.view(flat, 0), l.view(flat, 1)));
        return torch::linear(h, l.view(flat, 2), l.view(flat, 3));
    }
    auto h = x.view({-1, 1, 28, 28});
    h = torch::max_pool2d(torch::relu(torch::conv2d(h, l.view(flat, 0), l.view(flat, 1))), {2, 2});
    h = torch::max_pool2d(torch::relu(torch::conv2d(h, l.view(flat, 2), l.view(flat, 3))), {2, 2});
    h = torch::relu(torch::linear(h.flatten(1), l.view(flat, 4), l.view(flat, 5)));
    return torch::linear(h, l.view(flat, 6), l.view(flat, 7));
}

}  // namespace

namespace {

// Minibatches of `batch` rows from per-epoch shuffles of n examples.
struct Batches {
    std::vector<std::int64_t> order, rows;
    std::size_t pos;
    Batches(std::int64_t n, int batch)
        : order(static_cast<std::size_t>(n)),
          rows(static_cast<std::size_t>(std::min<std::int64_t>(batch, n))),
          pos(order.size()) {}
    torch::Tensor next(Rng& rng) {
        for (auto& r : rows) {
            if (pos == order.size()) {  // a new epoch: reshuffle
                std::iota(order.begin(), order.end(), 0);
                for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[below(rng, i)]);
                pos = 0;
            }
            r = order[pos++];
        }
        return torch::from_blob(rows.data(), {static_cast<std::int64_t>(rows.size())}, torch::kInt64);
    }
};

}  // namespace

double Network::train(std::vector<float>& weights, std::span<const float> x, std::span<const std::int64_t> y,
                      const LocalTraining& s, Rng& rng) const {
    const auto n = static_cast<std::int64_t>(y.size());
    if (n == 0 || weights.size() != size_)
        throw std::invalid_argument("Network::train: no examples or wrong weight count");
    const auto xs = torch::from_blob(const_cast<float*>(x.data()), {n, 784}, torch::kFloat32);
    const auto ys = torch::from_blob(const_cast<std::int64_t*>(y.data()), {n}, torch::kInt64);
    auto w = torch::from_blob(weights.data(), {static_cast<std::int64_t>(size_)}, torch::kFloat32);
    const auto start = s.prox_mu > 0 ? w.clone() : torch::Tensor();
    Batches batches(n, s.batch);
    double loss_sum = 0;
    if (kind_ == ModelKind::mlp) {
        // The MLP's gradients by hand (a dozen ATen calls a step, no autograd graph): most of
        // a simulation's time is here.
        torch::NoGradGuard no_grad;
        auto g = torch::zeros({static_cast<std::int64_t>(size_)});
        const auto& l = *layout_;
        auto W1 = l.view(w, 0), b1 = l.view(w, 1), W2 = l.view(w, 2), b2 = l.view(w, 3);
        auto gW1 = l.view(g, 0), gb1 = l.view(g, 1), gW2 = l.view(g, 2), gb2 = l.view(g, 3);
        for (int step = 0; step < s.steps; ++step) {
            const auto idx = batches.next(rng);
            const auto xb = xs.index_select(0, idx), yb = ys.index_select(0, idx).unsqueeze(1);
            const auto h = torch::addmm(b1, xb, W1.t()).relu_();
            const auto lp = torch::log_softmax(torch::addmm(b2, h, W2.t()), 1);
            loss_sum -= lp.gather(1, yb).mean().item<double>();
            auto d = lp.exp_();  // softmax - one-hot, over the batch
            d.scatter_add_(1, yb, torch::full({yb.size(0), 1}, -1.0f)).div_(static_cast<double>(yb.size(0)));
            torch::mm_out(gW2, d.t(), h);
            torch::sum_out(gb2, d, 0);
            auto dh = torch::mm(d, W2).mul_(h.gt(0));
            torch::mm_out(gW1, dh.t(), xb);
            torch::sum_out(gb1, dh, 0);
            if (s.prox_mu > 0) g.add_(w - start, s.prox_mu);  // gradient of mu/2 |w - w0|^2
            w.add_(g, -s.lr);
        }
        return loss_sum / s.steps;
    }
    w.requires_grad_(true);
    for (int step = 0; step < s.steps; ++step) {
        const auto idx = batches.next(rng);
        auto loss = torch::nn::functional::cross_entropy(forward(kind_, *layout_, w, xs.index_select(0, idx)),
                                                         ys.index_select(0, idx));
        loss.backward();
        loss_sum += loss.item<double>();
        torch::NoGradGuard no_grad;
        auto g = w.grad();
        if (s.prox_mu > 0) g.add_(w - start, s.prox_mu);
        w.sub_(g, s.lr);
        g.zero_();
    }
    return loss_sum / s.steps;
}

void Network::evaluate(std::span<const float> weights, std::span<const float> x, std::span<const std::int64_t> y,
                       std::vector<float>* loss, std::vector<std::uint8_t>* correct) const {
    torch::NoGradGuard no_grad;
    const auto n = static_cast<std::int64_t>(y.size());
    if (loss) loss->resize(static_cast<std::size_t>(n));
    if (correct) correct->resize(static_cast<std::size_t>(n));
    if (n == 0) return;
    auto w = torch::from_blob(const_cast<float*>(weights.data()), {static_cast<std::int64_t>(size_)}, torch::kFloat32);
    for (std::int64_t b = 0; b < n; b += 1024) {
        const auto m = std::min<std::int64_t>(1024, n - b);
        const auto xs = torch::from_blob(const_cast<float*>(x.data()) + b * 784, {m, 784}, torch::kFloat32);
        const auto ys = torch::from_blob(const_cast<std::int64_t*>(y.data()) + b, {m}, torch::kInt64);
        const auto logits = forward(kind_, *layout_, w, xs);
        if (loss) {
            const auto l = torch::nn::functional::cross_entropy(
                               logits, ys, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone))
                               .contiguous();
            std::copy(l.data_ptr<float>(), l.data_ptr<float>() + m, loss->data() + b);
        }
        if (correct) {
            const auto ok = logits.argmax(1).eq(ys).to(torch::kUInt8).contiguous();
            std::copy(ok.data_ptr<std::uint8_t>(), ok.data_ptr<std::uint8_t>() + m, correct->data() + b);
        }
    }
}

}  // namespace federated
