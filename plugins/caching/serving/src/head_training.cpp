// The engine's second (and last) libtorch translation unit: training the small heads.
#include "caching/head.hpp"

#include <torch/torch.h>

#include <stdexcept>

namespace caching {

namespace {

std::vector<float> to_vector(const torch::Tensor& t) {
    auto c = t.detach().contiguous();
    return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

}  // namespace

Head train_head(std::span<const float> features, std::size_t n, int dim, std::span<const std::int64_t> targets,
                int classes, const HeadTraining& o) {
    if (n == 0 || features.size() != n * static_cast<std::size_t>(dim) || targets.size() != n)
        throw std::invalid_argument("train_head: features and targets do not match");
    torch::manual_seed(o.seed);
    const auto x =
        torch::from_blob(const_cast<float*>(features.data()), {static_cast<std::int64_t>(n), dim}, torch::kFloat32)
            .clone();
    const auto y =
        torch::from_blob(const_cast<std::int64_t*>(targets.data()), {static_cast<std::int64_t>(n)}, torch::kInt64)
            .clone();
    torch::nn::Linear first(dim, o.hidden > 0 ? o.hidden : classes);
    torch::nn::Linear second(o.hidden > 0 ? o.hidden : 1, classes);
    std::vector<torch::Tensor> parameters = first->parameters();
    if (o.hidden > 0)
        for (auto& p : second->parameters()) parameters.push_back(p);
    torch::optim::Adam optimiser(parameters, torch::optim::AdamOptions(o.learning_rate));
    for (int epoch = 0; epoch < o.epochs; ++epoch) {
        const auto order = torch::randperm(static_cast<std::int64_t>(n), torch::kInt64);
        for (std::int64_t i = 0; i < static_cast<std::int64_t>(n); i += o.batch) {
            const auto idx = order.slice(0, i, std::min<std::int64_t>(i + o.batch, static_cast<std::int64_t>(n)));
            auto z = first->forward(x.index_select(0, idx));
            if (o.hidden > 0) z = second->forward(torch::relu(z));
            const auto loss = torch::nn::functional::cross_entropy(z, y.index_select(0, idx));
            optimiser.zero_grad();
            loss.backward();
            optimiser.step();
        }
    }
    Head h;
    h.in = dim;
    h.hidden = o.hidden;
    h.classes = classes;
    h.w1 = to_vector(first->weight);
    h.b1 = to_vector(first->bias);
    if (o.hidden > 0) {
        h.w2 = to_vector(second->weight);
        h.b2 = to_vector(second->bias);
    }
    return h;
}

}  // namespace caching
