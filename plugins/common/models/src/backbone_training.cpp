#include "models/backbone_training.hpp"

#include <torch/nn/functional/loss.h>
#include <torch/optim/sgd.h>
#include <torch/serialize.h>
#include <torch/utils.h>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>
#include <sstream>

namespace models {

namespace {

constexpr const char* kWeightsFile = "backbone.pt";
constexpr int kWeightFormat = 1;  // bump when the saved module layout changes

void log(const BuildObserver& o, const std::string& line) {
    if (o.log) o.log(line);
}

std::string percent(double x) {
    std::ostringstream s;
    s.precision(2);
    s << std::fixed << 100.0 * x << "%";
    return s.str();
}

}  // namespace

nlohmann::json TrainRecipe::to_json() const {
    return {{"train_samples", train_samples},  {"epochs", epochs},     {"batch", batch},
            {"optimizer", "sgd-nesterov-0.9"}, {"schedule", "cosine"}, {"learning_rate", learning_rate},
            {"weight_decay", weight_decay},    {"flip", flip}};
}

nlohmann::json backbone_recipe(const BackboneSpec& spec, const TrainRecipe& recipe,
                               const std::filesystem::path& dataset_dir) {
    return {{"kind", "backbone"},
            {"format", kWeightFormat},
            {"architecture", spec.to_json()},
            {"data",
             {{"dataset", "fashion-mnist"},
              {"split", "train 0-55000 / validation 55000-60000 of the training file"},
              {"train_samples", std::min(recipe.train_samples, kTrainImages)},
              {"fingerprint", fashion_mnist_fingerprint(dataset_dir)}}},
            {"training", recipe.to_json()},
            {"seed", recipe.seed}};
}

int set_torch_threads(int threads) {
    const int old = torch::get_num_threads();
    torch::set_num_threads(std::max(1, threads));
    return old;
}

torch::Tensor image_tensor(const Images& images, std::size_t first, std::size_t n) {
    n = std::min(n, images.count - std::min(first, images.count));
    const auto rows = static_cast<std::int64_t>(images.rows), cols = static_cast<std::int64_t>(images.cols);
    return torch::from_blob(const_cast<float*>(images.pixels.data()) + first * images.width(),
                            {static_cast<std::int64_t>(n), 1, rows, cols}, torch::kFloat32)
        .clone();
}

double evaluate_accuracy(Backbone& model, const Images& images, int batch) {
    if (images.count == 0) return 0.0;
    torch::NoGradGuard no_grad;
    const bool was_training = model->is_training();
    model->eval();
    std::int64_t correct = 0;
    for (std::size_t i = 0; i < images.count; i += static_cast<std::size_t>(batch)) {
        auto x = image_tensor(images, i, static_cast<std::size_t>(batch));
        auto pred = model->forward(x).argmax(1);
        auto y = torch::from_blob(const_cast<std::int64_t*>(images.labels.data()) + i, {pred.size(0)}, torch::kInt64);
        correct += pred.eq(y).sum().item<std::int64_t>();
    }
    model->train(was_training);
    return static_cast<double>(correct) / static_cast<double>(images.count);
}

nlohmann::json train_backbone(Backbone& model, const TrainRecipe& r, const FashionMnistSplit& data,
                              const BuildObserver& observer) {
    const auto& train = data.train;
    const std::size_t n = std::min(train.count, r.train_samples);
    if (n == 0) throw std::invalid_argument("no training images");
    if (r.epochs < 1 || r.batch < 1) throw std::invalid_argument("epochs and batch must be >= 1");

    // Pixel statistics of the images trained on, kept in the model.
    double sum = 0, sq = 0;
    for (std::size_t i = 0; i < n * train.width(); ++i) {
        sum += train.pixels[i];
        sq += static_cast<double>(train.pixels[i]) * train.pixels[i];
    }
    const double count = static_cast<double>(n * train.width());
    const double mean = sum / count, deviation = std::sqrt(std::max(sq / count - mean * mean, 1e-12));
    model->set_normalisation(mean, deviation);

    const auto all = image_tensor(train, 0, n);
    const auto labels =
        torch::from_blob(const_cast<std::int64_t*>(train.labels.data()), {static_cast<std::int64_t>(n)}, torch::kInt64)
            .clone();
    torch::optim::SGD sgd(
        model->parameters(),
        torch::optim::SGDOptions(r.learning_rate).momentum(0.9).nesterov(true).weight_decay(r.weight_decay));
    std::mt19937_64 rng(r.seed);
    std::vector<std::int64_t> order(n);
    const std::size_t steps_per_epoch = (n + static_cast<std::size_t>(r.batch) - 1) / static_cast<std::size_t>(r.batch);
    const std::size_t total_steps = steps_per_epoch * static_cast<std::size_t>(r.epochs);
    std::size_t step = 0;
    const auto start = std::chrono::steady_clock::now();
    nlohmann::json epochs = nlohmann::json::array();
    log(observer, "training " + std::string(to_string(model->spec().arch)) + " width " +
                      std::to_string(model->spec().width) + " (" + std::to_string(model->parameter_count()) +
                      " parameters) on " + std::to_string(n) + " Fashion-MNIST images, " + std::to_string(r.epochs) +
                      " epochs, " + std::to_string(torch::get_num_threads()) + " threads");
    model->train();
    for (int epoch = 0; epoch < r.epochs; ++epoch) {
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), rng);
        const auto perm = torch::from_blob(order.data(), {static_cast<std::int64_t>(n)}, torch::kInt64);
        double loss_sum = 0;
        for (std::size_t b = 0; b < steps_per_epoch; ++b, ++step) {
            if (observer.cancelled && observer.cancelled()) throw BuildCancelled("training cancelled");
            const auto idx = perm.narrow(0, static_cast<std::int64_t>(b) * r.batch,
                                         std::min<std::int64_t>(r.batch, static_cast<std::int64_t>(n - b * r.batch)));
            auto x = all.index_select(0, idx);
            if (r.flip) {
                std::vector<std::uint8_t> coin(static_cast<std::size_t>(x.size(0)));
                for (auto& c : coin) c = static_cast<std::uint8_t>(rng() & 1);
                auto mask = torch::from_blob(coin.data(), {x.size(0), 1, 1, 1}, torch::kUInt8).to(torch::kBool);
                x = torch::where(mask, x.flip({3}), x);
            }
            const double lr = 0.5 * r.learning_rate * (1.0 + std::cos(M_PI * static_cast<double>(step) / total_steps));
            for (auto& g : sgd.param_groups()) static_cast<torch::optim::SGDOptions&>(g.options()).lr(lr);
            sgd.zero_grad();
            auto loss = torch::nn::functional::cross_entropy(model->forward(x), labels.index_select(0, idx));
            loss.backward();
            sgd.step();
            loss_sum += loss.item<double>();
            if (observer.progress && (step % 20 == 0 || step + 1 == total_steps))
                observer.progress(
                    static_cast<double>(step + 1) / total_steps,
                    "training backbone: epoch " + std::to_string(epoch + 1) + "/" + std::to_string(r.epochs));
        }
        const double val = evaluate_accuracy(model, data.validation);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        epochs.push_back({{"epoch", epoch + 1},
                          {"loss", loss_sum / steps_per_epoch},
                          {"validation_accuracy", val},
                          {"seconds", seconds}});
        log(observer, "epoch " + std::to_string(epoch + 1) + "/" + std::to_string(r.epochs) + ": loss " +
                          std::to_string(loss_sum / steps_per_epoch) + ", validation accuracy " + percent(val) + ", " +
                          std::to_string(static_cast<int>(seconds)) + " s");
    }
    model->eval();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double val = evaluate_accuracy(model, data.validation), test = evaluate_accuracy(model, data.test);
    log(observer, "trained in " + std::to_string(static_cast<int>(seconds)) + " s: validation accuracy " +
                      percent(val) + ", test accuracy " + percent(test));
    return {{"parameters", model->parameter_count()},
            {"train_seconds", seconds},
            {"threads", torch::get_num_threads()},
            {"validation_accuracy", val},
            {"validation_images", data.validation.count},
            {"test_accuracy", test},
            {"test_images", data.test.count},
            {"pixel_mean", mean},
            {"pixel_deviation", deviation},
            {"torch_version", TORCH_VERSION},
            {"epochs", epochs}};
}

Backbone load_backbone(const CacheEntry& entry) {
    BackboneSpec spec;
    const auto& a = entry.recipe.at("architecture");
    spec.arch = architecture_from_string(a.at("arch").get<std::string>());
    spec.width = a.at("width").get<int>();
    spec.classes = a.at("classes").get<int>();
    Backbone model(spec);
    torch::load(model, (entry.dir / kWeightsFile).string());
    model->eval();
    return model;
}

TrainedBackbone cached_backbone(ModelCache& cache, const BackboneSpec& spec, const TrainRecipe& recipe,
                                const std::filesystem::path& dataset_dir, const BuildObserver& observer,
                                std::size_t evaluation_images) {
    TrainedBackbone out;
    const auto key = backbone_recipe(spec, recipe, dataset_dir);
    out.entry = cache.obtain(
        key,
        [&](const std::filesystem::path& staging) {
            out.trained_now = true;
            torch::manual_seed(recipe.seed);
            Backbone model(spec);
            const auto data =
                load_fashion_mnist_split(dataset_dir, recipe.train_samples, evaluation_images, evaluation_images);
            auto info = train_backbone(model, recipe, data, observer);
            torch::save(model, (staging / kWeightsFile).string());
            return info;
        },
        observer);
    out.model = load_backbone(out.entry);
    return out;
}

}  // namespace models
