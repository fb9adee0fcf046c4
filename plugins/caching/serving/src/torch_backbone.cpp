// The one translation unit of the engine that runs libtorch for inference.
#include "caching/torch_backbone.hpp"

#include <models/backbone_training.hpp>

#include <torch/torch.h>

namespace caching {

namespace {

class TorchStagedModel final : public StagedModel {
public:
    explicit TorchStagedModel(models::Backbone net) : net_(std::move(net)) { net_->eval(); }

    int stages() const override { return net_->stage_count(); }
    ActivationShape shape(int stage) const override {
        const auto s = net_->stage_shape(stage);
        return {static_cast<int>(s[0]), static_cast<int>(s[1]), static_cast<int>(s[2])};
    }
    std::string stage_name(int stage) const override { return net_->stage_name(stage); }

    void start(std::span<const float> pixels, std::size_t n) override {
        // from_blob does not copy: the pixels outlive stage 0, which reads them.
        x_ = torch::from_blob(const_cast<float*>(pixels.data()), {static_cast<std::int64_t>(n), 1, 28, 28},
                              torch::kFloat32);
    }
    void run_stage(int stage) override {
        torch::NoGradGuard no_grad;
        x_ = net_->stage(stage, x_);
    }
    std::span<const float> activation() override {
        x_ = x_.contiguous();
        return {x_.data_ptr<float>(), static_cast<std::size_t>(x_.numel())};
    }
    void keep(std::span<const std::size_t> rows) override {
        std::vector<std::int64_t> r(rows.begin(), rows.end());
        x_ = x_.index_select(0, torch::tensor(r, torch::kInt64));
    }
    std::vector<std::int64_t> predict() override {
        torch::NoGradGuard no_grad;
        auto labels = net_->head(x_).argmax(1).contiguous();
        return {labels.data_ptr<std::int64_t>(), labels.data_ptr<std::int64_t>() + labels.numel()};
    }

private:
    models::Backbone net_;
    torch::Tensor x_;
};

}  // namespace

void set_model_threads(int threads) { models::set_torch_threads(threads); }

ObtainedBackbone obtain_backbone(const BackboneChoice& c, models::ModelCache& cache,
                                 const std::filesystem::path& dataset_dir, const models::BuildObserver& observer,
                                 std::size_t evaluation_images) {
    models::BackboneSpec spec;
    spec.arch = models::architecture_from_string(c.arch);
    spec.width = c.width;
    models::TrainRecipe recipe;
    recipe.train_samples = c.train_samples;
    recipe.epochs = c.epochs;
    recipe.seed = c.seed;
    auto trained = models::cached_backbone(cache, spec, recipe, dataset_dir, observer, evaluation_images);
    ObtainedBackbone out;
    out.info = trained.entry.info;
    out.key = trained.entry.key;
    out.trained_now = trained.trained_now;
    out.model = std::make_unique<TorchStagedModel>(trained.model);
    return out;
}

std::unique_ptr<StagedModel> untrained_backbone(const std::string& arch, int width, std::uint64_t seed) {
    torch::manual_seed(seed);
    models::Backbone net(models::BackboneSpec{models::architecture_from_string(arch), width, 10});
    return std::make_unique<TorchStagedModel>(net);
}

}  // namespace caching
