#include "compression_training/replica.hpp"

#include "models.hpp"

#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>

#include <cmath>
#include <cstring>
#include <stdexcept>

namespace compression_training {

struct Replica::Impl {
    ModelSpec spec;
    std::vector<TensorSlot> layout;
    at::Tensor flat;           // the parameters: a leaf that requires grad
    std::vector<float> state;  // sgd: velocity; adagrad: sum of squared gradients

    // Borrowed views of a batch (the Examples outlive the call).
    at::Tensor input(const Examples& e) const {
        const auto n = static_cast<std::int64_t>(e.count);
        if (spec.kind == ModelKind::ncf)
            return at::from_blob(const_cast<std::int64_t*>(e.ids.data()), {n, 2}, at::kLong);
        if (spec.kind == ModelKind::lstm)
            return at::from_blob(const_cast<std::int64_t*>(e.ids.data()), {n, spec.context}, at::kLong);
        return at::from_blob(const_cast<float*>(e.features.data()), {n, static_cast<std::int64_t>(e.width)},
                             at::kFloat);
    }
    at::Tensor loss(const at::Tensor& logits, const Examples& e) const {
        const auto n = static_cast<std::int64_t>(e.count);
        auto y = at::from_blob(const_cast<std::int64_t*>(e.labels.data()), {n}, at::kLong);
        if (spec.kind == ModelKind::ncf) return at::binary_cross_entropy_with_logits(logits, y.to(at::kFloat));
        return at::cross_entropy_loss(logits, y);
    }
    long long correct(const at::Tensor& logits, const Examples& e) const {
        const auto n = static_cast<std::int64_t>(e.count);
        auto y = at::from_blob(const_cast<std::int64_t*>(e.labels.data()), {n}, at::kLong);
        auto predicted = spec.kind == ModelKind::ncf ? logits.gt(0).to(at::kLong) : logits.argmax(1);
        return static_cast<long long>(predicted.eq(y).sum().item<std::int64_t>());
    }
    void check(const Examples& e) const {
        const bool ncf = spec.kind == ModelKind::ncf, lstm = spec.kind == ModelKind::lstm;
        const bool fits = ncf    ? e.ids.size() == e.count * 2
                          : lstm ? e.ids.size() == e.count * static_cast<std::size_t>(spec.context)
                                 : e.width == 784 && e.features.size() == e.count * 784;
        if (!fits)
            throw std::invalid_argument(std::string("examples do not fit the ") + to_string(spec.kind) + " model");
        if (e.labels.size() != e.count) throw std::invalid_argument("examples: one label per example expected");
    }
};

Replica::Replica(const ModelSpec& spec, std::uint64_t seed, int threads) : impl_(std::make_unique<Impl>()) {
    if (threads < 1) throw std::invalid_argument("parameter 'threads': expected >= 1, got " + std::to_string(threads));
    at::set_num_threads(threads);
    impl_->spec = spec;
    impl_->layout = model_layout(spec);
    const auto n = impl_->layout.empty() ? 0 : impl_->layout.back().offset + impl_->layout.back().size;
    impl_->flat = at::empty({static_cast<std::int64_t>(n)}, at::kFloat);
    initialise(impl_->layout, seed, {impl_->flat.data_ptr<float>(), n});
    impl_->flat.requires_grad_(true);
    impl_->state.assign(n, 0.0f);
}

Replica::~Replica() = default;

std::size_t Replica::size() const { return static_cast<std::size_t>(impl_->flat.numel()); }
const std::vector<TensorSlot>& Replica::slots() const { return impl_->layout; }
std::span<const float> Replica::parameters() const { return {impl_->flat.data_ptr<float>(), size()}; }

BatchStats Replica::gradient(const Examples& batch, std::span<float> grad) {
    impl_->check(batch);
    if (grad.size() != size()) throw std::invalid_argument("gradient buffer has the wrong size");
    auto& flat = impl_->flat;
    flat.mutable_grad() = at::Tensor();  // backward then hands over a fresh gradient
    auto logits = forward(impl_->spec, impl_->layout, flat, impl_->input(batch));
    auto loss = impl_->loss(logits, batch);
    loss.backward();
    const auto g = flat.grad().contiguous();
    std::memcpy(grad.data(), g.data_ptr<float>(), size() * sizeof(float));
    BatchStats s;
    s.count = static_cast<long long>(batch.count);
    s.loss_sum = loss.item<double>() * static_cast<double>(batch.count);
    {
        at::NoGradGuard no_grad;
        s.correct = impl_->correct(logits.detach(), batch);
    }
    return s;
}

void Replica::apply(std::span<const float> g, Optimizer optimizer, float lr, float momentum) {
    if (g.size() != size()) throw std::invalid_argument("update has the wrong size");
    float* p = impl_->flat.data_ptr<float>();
    float* s = impl_->state.data();
    switch (optimizer) {
    case Optimizer::sgd:
        for (std::size_t i = 0; i < g.size(); ++i) {
            s[i] = momentum * s[i] + g[i];
            p[i] -= lr * s[i];
        }
        return;
    case Optimizer::adagrad:
        for (std::size_t i = 0; i < g.size(); ++i) {
            s[i] += g[i] * g[i];
            p[i] -= lr * g[i] / (std::sqrt(s[i]) + 1e-10f);
        }
        return;
    case Optimizer::automatic: break;
    }
    throw std::invalid_argument("Replica::apply: resolve the optimizer first (effective_optimizer)");
}

BatchStats Replica::evaluate(const Examples& data) const {
    impl_->check(data);
    at::NoGradGuard no_grad;
    BatchStats s;
    constexpr std::size_t kChunk = 1000;
    for (std::size_t start = 0; start < data.count; start += kChunk) {
        std::vector<std::uint32_t> rows;
        for (std::size_t r = start; r < std::min(data.count, start + kChunk); ++r)
            rows.push_back(static_cast<std::uint32_t>(r));
        const Examples part = data.gather(rows);
        auto logits = forward(impl_->spec, impl_->layout, impl_->flat, impl_->input(part));
        s.loss_sum += impl_->loss(logits, part).item<double>() * static_cast<double>(part.count);
        s.correct += impl_->correct(logits, part);
        s.count += static_cast<long long>(part.count);
    }
    return s;
}

}  // namespace compression_training
