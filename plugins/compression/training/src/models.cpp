#include "models.hpp"

#include "random.hpp"

#include <cmath>
#include <stdexcept>

namespace compression_training {

namespace {

struct LayoutBuilder {
    std::vector<TensorSlot> slots;
    std::size_t next = 0;
    void add(std::string name, std::vector<std::int64_t> shape, bool embedding = false) {
        std::size_t n = 1;
        for (auto d : shape) n *= static_cast<std::size_t>(d);
        slots.push_back({std::move(name), std::move(shape), next, n, embedding});
        next += n;
    }
    void linear(const std::string& name, std::int64_t in, std::int64_t out) {
        add(name + ".weight", {out, in});
        add(name + ".bias", {out});
    }
};

at::Tensor view(const at::Tensor& flat, const TensorSlot& s) {
    return flat.narrow(0, static_cast<std::int64_t>(s.offset), static_cast<std::int64_t>(s.size)).view(s.shape);
}

// Slots in layout order, consumed as the forward pass needs them.
struct Params {
    const std::vector<TensorSlot>& layout;
    const at::Tensor& flat;
    std::size_t next = 0;
    at::Tensor take() { return view(flat, layout.at(next++)); }
};

at::Tensor linear(Params& p, const at::Tensor& x) {
    auto w = p.take();
    auto b = p.take();
    return at::linear(x, w, b);
}

at::Tensor conv(Params& p, const at::Tensor& x) {
    auto w = p.take();
    auto b = p.take();
    return at::conv2d(x, w, b);
}

}  // namespace

std::vector<TensorSlot> model_layout(const ModelSpec& spec) {
    LayoutBuilder b;
    switch (spec.kind) {
    case ModelKind::mlp:
        b.linear("fc1", 784, 128);
        b.linear("fc2", 128, 64);
        b.linear("fc3", 64, spec.classes);
        break;
    case ModelKind::cnn:
        b.add("conv1.weight", {8, 1, 5, 5});
        b.add("conv1.bias", {8});
        b.add("conv2.weight", {16, 8, 5, 5});
        b.add("conv2.bias", {16});
        b.linear("fc1", 16 * 4 * 4, 64);
        b.linear("fc2", 64, spec.classes);
        break;
    case ModelKind::ncf: {
        const std::int64_t d = spec.embedding_dim;
        b.add("user_embedding", {spec.users, d}, true);
        b.add("item_embedding", {spec.items, d}, true);
        b.linear("mlp1", 2 * d, 32);
        b.linear("mlp2", 32, 16);
        b.linear("out", d + 16, 1);
        break;
    }
    case ModelKind::lstm: {
        const std::int64_t d = spec.embedding_dim, h = spec.hidden;
        b.add("embedding", {spec.vocab, d}, true);
        b.add("lstm.weight_ih", {4 * h, d});
        b.add("lstm.weight_hh", {4 * h, h});
        b.add("lstm.bias_ih", {4 * h});
        b.add("lstm.bias_hh", {4 * h});
        b.linear("decoder", h, spec.vocab);
        break;
    }
    }
    return b.slots;
}

void initialise(const std::vector<TensorSlot>& layout, std::uint64_t seed, std::span<float> flat) {
    for (std::size_t t = 0; t < layout.size(); ++t) {
        const auto& s = layout[t];
        Random rng(seed, kWeights, t);
        float* p = flat.data() + s.offset;
        if (s.embedding) {
            for (std::size_t i = 0; i < s.size; ++i) p[i] = static_cast<float>(0.1 * rng.normal());
            continue;
        }
        // fan_in of the layer: a weight's columns (times the kernel), a bias takes its weight's.
        const auto& w = s.shape.size() > 1 ? s : layout.at(t - 1);
        double fan_in = 1;
        for (std::size_t k = 1; k < w.shape.size(); ++k) fan_in *= static_cast<double>(w.shape[k]);
        const double bound = 1.0 / std::sqrt(fan_in);
        for (std::size_t i = 0; i < s.size; ++i) p[i] = static_cast<float>((2 * rng.uniform() - 1) * bound);
    }
}

at::Tensor forward(const ModelSpec& spec, const std::vector<TensorSlot>& layout, const at::Tensor& flat,
                   const at::Tensor& input) {
    Params p{layout, flat};
    switch (spec.kind) {
    case ModelKind::mlp: {
        auto x = at::relu(linear(p, input));
        x = at::relu(linear(p, x));
        return linear(p, x);
    }
    case ModelKind::cnn: {
        auto x = input.view({-1, 1, 28, 28});
        x = at::max_pool2d(at::relu(conv(p, x)), {2, 2});  // 8 x 12 x 12
        x = at::max_pool2d(at::relu(conv(p, x)), {2, 2});  // 16 x 4 x 4
        x = at::relu(linear(p, x.flatten(1)));
        return linear(p, x);
    }
    case ModelKind::ncf: {
        auto users = p.take();
        auto items = p.take();
        auto u = at::embedding(users, input.select(1, 0));
        auto i = at::embedding(items, input.select(1, 1));
        auto h = at::relu(linear(p, at::cat({u, i}, 1)));
        h = at::relu(linear(p, h));
        return linear(p, at::cat({u * i, h}, 1)).squeeze(1);
    }
    case ModelKind::lstm: {
        auto words = p.take();
        auto w_ih = p.take(), w_hh = p.take(), b_ih = p.take(), b_hh = p.take();
        auto x = at::embedding(words, input);  // [B, context, d]
        auto zero = at::zeros({1, input.size(0), static_cast<std::int64_t>(spec.hidden)}, x.options());
        auto out = std::get<0>(at::lstm(x, {zero, zero}, {w_ih, w_hh, b_ih, b_hh}, /*has_biases=*/true,
                                        /*num_layers=*/1, /*dropout=*/0.0, /*train=*/true, /*bidirectional=*/false,
                                        /*batch_first=*/true));
        return linear(p, out.select(1, input.size(1) - 1));  // the next word from the last state
    }
    }
    throw std::logic_error("unknown model kind");
}

}  // namespace compression_training
