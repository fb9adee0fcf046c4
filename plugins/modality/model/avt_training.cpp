// The second of the modality plugin's two libtorch translation units: training the FMNIST-AVT
// network in stages (V from the model cache; A and T alone with their own heads; the fusion
// head on frozen embeddings with modality dropout) and keeping it in the model cache.
#include "avt_network.hpp"

#include "modality/profile.hpp"

#include <models/backbone_training.hpp>

#include <torch/version.h>

#include <chrono>
#include <numeric>
#include <random>
#include <sstream>

namespace sextant::modality {

namespace fs = std::filesystem;

constexpr int kModelFormat = 1;  // bump when the saved module layout changes

nlohmann::json AvtModelSpec::to_json() const {
    return {
        {"v", {{"arch", "resnet18"}, {"width", v_width}}},
        {"a", {{"arch", "cnn3-stride2"}, {"width", a_width}}},
        {"t",
         {{"arch", "embedding-bag-mean"}, {"tokens", "words+char-trigrams"}, {"buckets", t_buckets}, {"dim", t_dim}}},
        {"fusion", {{"embed", embed}, {"hidden", hidden}, {"presence_bits", true}}}};
}

nlohmann::json AvtTraining::to_json() const {
    return {{"train_samples", train_samples},
            {"epochs", {{"v", v_epochs}, {"a", a_epochs}, {"t", t_epochs}, {"fusion", fusion_epochs}}},
            {"batch", batch},
            {"optimizer", "adam"},
            {"learning_rate", learning_rate},
            {"full_set_share", full_set_share},
            {"stages", "V from the model cache; A, T alone with their own heads; fusion on frozen embeddings"}};
}

namespace {

models::BackboneSpec backbone_spec(const AvtModelSpec& s) { return {models::Architecture::resnet18, s.v_width, 10}; }

models::TrainRecipe backbone_training(const AvtTraining& t) {
    models::TrainRecipe r;
    r.train_samples = t.train_samples;
    r.epochs = t.v_epochs;
    r.seed = t.seed;
    return r;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string percent(double x) {
    std::ostringstream s;
    s.precision(2);
    s << std::fixed << 100.0 * x << "%";
    return s.str();
}

// Reports a stage's progress as a share [lo, hi] of the whole build.
models::BuildObserver stage_observer(const models::BuildObserver& o, double lo, double hi) {
    models::BuildObserver s = o;
    if (o.progress) s.progress = [o, lo, hi](double f, const std::string& m) { o.progress(lo + (hi - lo) * f, m); };
    return s;
}

std::vector<std::int64_t> range(std::size_t first, std::size_t n) {
    std::vector<std::int64_t> idx(n);
    std::iota(idx.begin(), idx.end(), static_cast<std::int64_t>(first));
    return idx;
}

// Trains one encoder with its own linear head (Adam, cross-entropy, shuffled from the seed).
// `encode` maps a batch of sample indices to the encoder's output.
template <class Encode>
double train_alone(const char* what, std::vector<torch::Tensor> parameters, torch::nn::Linear& head, Encode encode,
                   const AvtSplit& train, std::size_t n, const AvtTraining& t, int epochs, std::uint64_t stream,
                   const models::BuildObserver& o, std::function<void(bool)> set_training) {
    for (auto& p : head->parameters()) parameters.push_back(p);
    torch::optim::Adam adam(parameters, torch::optim::AdamOptions(t.learning_rate));
    std::mt19937_64 rng(t.seed * 0x9e3779b97f4a7c15ULL + stream);
    std::vector<std::int64_t> order(n);
    const std::size_t steps = (n + t.batch - 1) / t.batch;
    const auto labels = torch::from_blob(const_cast<std::int64_t*>(train.images.labels.data()),
                                         {static_cast<std::int64_t>(n)}, torch::kInt64);
    double loss_sum = 0;
    set_training(true);
    for (int e = 0; e < epochs; ++e) {
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), rng);
        loss_sum = 0;
        for (std::size_t s = 0; s < steps; ++s) {
            if (o.cancelled && o.cancelled()) throw models::BuildCancelled("training cancelled");
            std::vector<std::int64_t> idx(order.begin() + s * t.batch, order.begin() + std::min(n, (s + 1) * t.batch));
            const torch::Tensor logits = head(encode(idx));
            const torch::Tensor loss =
                torch::nn::functional::cross_entropy(logits, labels.index_select(0, torch::tensor(idx, torch::kInt64)));
            adam.zero_grad();
            loss.backward();
            adam.step();
            loss_sum += loss.item<double>();
            if (o.progress && (s % 20 == 0 || s + 1 == steps))
                o.progress((e + static_cast<double>(s + 1) / steps) / epochs, std::string("training ") + what +
                                                                                  ": epoch " + std::to_string(e + 1) +
                                                                                  "/" + std::to_string(epochs));
        }
        if (o.log)
            o.log(std::string(what) + " epoch " + std::to_string(e + 1) + "/" + std::to_string(epochs) + ": loss " +
                  std::to_string(loss_sum / steps));
    }
    set_training(false);
    return loss_sum / steps;
}

// Top-1 accuracy of an encoder with its own head on a split.
template <class Encode>
double head_accuracy(torch::nn::Linear& head, Encode encode, const AvtSplit& split) {
    torch::NoGradGuard no_grad;
    std::int64_t right = 0;
    for (std::size_t i = 0; i < split.count(); i += 256) {
        const auto idx = range(i, std::min<std::size_t>(256, split.count() - i));
        const torch::Tensor pred = head(encode(idx)).argmax(1);
        auto y =
            torch::from_blob(const_cast<std::int64_t*>(split.images.labels.data()) + i, {pred.size(0)}, torch::kInt64);
        right += pred.eq(y).sum().item<std::int64_t>();
    }
    return split.count() ? static_cast<double>(right) / split.count() : 0.0;
}

// Frozen embeddings of every modality for samples [0, n) of a split.
std::array<torch::Tensor, 3> embeddings(AvtNetwork& net, const AvtSplit& split, std::size_t n) {
    torch::NoGradGuard no_grad;
    std::array<std::vector<torch::Tensor>, 3> parts;
    for (std::size_t i = 0; i < n; i += 256) {
        const auto x = net.encode(kAllModalities, batch_of(split, range(i, std::min<std::size_t>(256, n - i))));
        for (int m = 0; m < 3; ++m) parts[m].push_back(x[m]);
    }
    return {torch::cat(parts[0]), torch::cat(parts[1]), torch::cat(parts[2])};
}

nlohmann::json train_network(AvtNetwork& net, const AvtTraining& t, const AvtData& data, double v_seconds,
                             const models::BuildObserver& o) {
    const AvtSplit& train = data.train;
    const std::size_t n = std::min(train.count(), t.train_samples);
    if (n == 0) throw std::invalid_argument("FMNIST-AVT model: no training samples");
    if (t.batch < 1 || t.a_epochs < 1 || t.t_epochs < 1 || t.fusion_epochs < 1)
        throw std::invalid_argument("FMNIST-AVT model: epochs and batch must be >= 1");
    auto log = [&](const std::string& line) {
        if (o.log) o.log(line);
    };
    nlohmann::json info;
    info["threads"] = torch::get_num_threads();
    info["torch_version"] = TORCH_VERSION;
    info["v_train_seconds"] = v_seconds;

    // A: standardise the features with the training part's statistics.
    {
        double sum = 0, sq = 0;
        const std::size_t values = n * AvtPart::kFeature;
        for (std::size_t i = 0; i < values; ++i) {
            const double x = dequantise_mel(train.part.mel[i]);
            sum += x, sq += x * x;
        }
        const double mean = sum / values;
        net.a->set_normalisation(mean, std::sqrt(std::max(sq / values - mean * mean, 1e-12)));
    }
    auto t0 = std::chrono::steady_clock::now();
    auto encode_a = [&](const std::vector<std::int64_t>& idx) { return net.a(AvtNetwork::mel(batch_of(train, idx))); };
    train_alone("audio encoder", net.a->parameters(), net.a_head, encode_a, train, n, t, t.a_epochs, 2,
                stage_observer(o, 0.35, 0.75), [&](bool on) {
                    net.a->train(on);
                    net.a_head->train(on);
                });
    info["a_train_seconds"] = seconds_since(t0);

    t0 = std::chrono::steady_clock::now();
    auto encode_t = [&](const std::vector<std::int64_t>& idx) {
        auto [tok, off] = net.tokens(batch_of(train, idx));
        return net.t(tok, off);
    };
    train_alone("text encoder", net.t->parameters(), net.t_head, encode_t, train, n, t, t.t_epochs, 3,
                stage_observer(o, 0.75, 0.8), [&](bool on) {
                    net.t->train(on);
                    net.t_head->train(on);
                });
    info["t_train_seconds"] = seconds_since(t0);
    net.eval();
    {
        auto val_a = [&](const std::vector<std::int64_t>& idx) {
            return net.a(AvtNetwork::mel(batch_of(data.validation, idx)));
        };
        auto val_t = [&](const std::vector<std::int64_t>& idx) {
            auto [tok, off] = net.tokens(batch_of(data.validation, idx));
            return net.t(tok, off);
        };
        info["a_alone_validation_accuracy"] = head_accuracy(net.a_head, val_a, data.validation);
        info["t_alone_validation_accuracy"] = head_accuracy(net.t_head, val_t, data.validation);
        log("alone on validation: audio " + percent(info["a_alone_validation_accuracy"]) + ", text " +
            percent(info["t_alone_validation_accuracy"]));
    }

    // Fusion on frozen embeddings; each sample draws its subset every epoch.
    t0 = std::chrono::steady_clock::now();
    if (o.progress) o.progress(0.8, "embedding the training samples");
    const auto x = embeddings(net, train, n);
    info["embed_seconds"] = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    const auto labels = torch::from_blob(const_cast<std::int64_t*>(train.images.labels.data()),
                                         {static_cast<std::int64_t>(n)}, torch::kInt64);
    torch::optim::Adam adam(net.fusion->parameters(), torch::optim::AdamOptions(t.learning_rate));
    std::mt19937_64 rng(t.seed * 0x9e3779b97f4a7c15ULL + 4);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<std::int64_t> order(n);
    std::vector<float> presence(n * 3);
    const std::size_t steps = (n + t.batch - 1) / t.batch;
    const auto& masks = all_masks();  // the last is V+A+T
    net.fusion->train();
    for (int e = 0; e < t.fusion_epochs; ++e) {
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), rng);
        for (std::size_t i = 0; i < n; ++i) {
            const unsigned m = u(rng) < t.full_set_share ? kAllModalities : masks[std::min<std::size_t>(5, rng() % 6)];
            for (int k = 0; k < 3; ++k) presence[i * 3 + k] = (m >> k) & 1u ? 1.0f : 0.0f;
        }
        const auto p_all = torch::from_blob(presence.data(), {static_cast<std::int64_t>(n), 3}, torch::kFloat32);
        double loss_sum = 0;
        for (std::size_t s = 0; s < steps; ++s) {
            if (o.cancelled && o.cancelled()) throw models::BuildCancelled("training cancelled");
            const auto idx = torch::tensor(
                std::vector<std::int64_t>(order.begin() + s * t.batch, order.begin() + std::min(n, (s + 1) * t.batch)),
                torch::kInt64);
            auto logits =
                net.fusion->forward(std::array<torch::Tensor, 3>{x[0].index_select(0, idx), x[1].index_select(0, idx),
                                                                 x[2].index_select(0, idx)},
                                    p_all.index_select(0, idx));
            auto loss = torch::nn::functional::cross_entropy(logits, labels.index_select(0, idx));
            adam.zero_grad();
            loss.backward();
            adam.step();
            loss_sum += loss.item<double>();
        }
        if (o.progress) o.progress(0.85 + 0.1 * (e + 1) / t.fusion_epochs, "training the fusion head");
        log("fusion epoch " + std::to_string(e + 1) + "/" + std::to_string(t.fusion_epochs) + ": loss " +
            std::to_string(loss_sum / steps));
    }
    net.eval();
    info["fusion_train_seconds"] = seconds_since(t0);
    return info;
}

}  // namespace

nlohmann::json avt_model_recipe(const AvtModelSpec& spec, const AvtTraining& training, const AvtDataSpec& data,
                                const fs::path& fashion_mnist_dir) {
    return {{"kind", "avt-model"},
            {"format", kModelFormat},
            {"architecture", spec.to_json()},
            {"data", models::ModelCache::key_of(avt_data_recipe(data, fashion_mnist_dir))},
            {"backbone", models::backbone_recipe(backbone_spec(spec), backbone_training(training), fashion_mnist_dir)},
            {"training", training.to_json()},
            {"seed", training.seed}};
}

TrainedAvtModel cached_avt_model(models::ModelCache& cache, const AvtModelSpec& spec, const AvtTraining& training,
                                 const AvtDataSpec& data_spec, const fs::path& fashion_mnist_dir,
                                 const models::BuildObserver& observer) {
    TrainedAvtModel out;
    auto net = std::make_shared<AvtNetwork>(spec, models::Backbone(backbone_spec(spec)));
    out.entry = cache.obtain(
        avt_model_recipe(spec, training, data_spec, fashion_mnist_dir),
        [&](const fs::path& staging) {
            out.trained_now = true;
            const auto t0 = std::chrono::steady_clock::now();
            if (observer.log)
                observer.log("training the FMNIST-AVT model on " + std::to_string(training.train_samples) +
                             " samples with " + std::to_string(torch::get_num_threads()) + " threads");
            const AvtData data =
                cached_avt_data(cache, data_spec, fashion_mnist_dir, true, stage_observer(observer, 0.0, 0.05));
            auto v = models::cached_backbone(cache, backbone_spec(spec), backbone_training(training), fashion_mnist_dir,
                                             stage_observer(observer, 0.05, 0.35), data_spec.validation);
            const double v_seconds = seconds_since(t0);
            torch::manual_seed(training.seed);
            AvtNetwork trained(spec, v.model);
            nlohmann::json info = train_network(trained, training, data, v_seconds, observer);
            info["backbone_key"] = v.entry.key;
            info["backbone_validation_accuracy"] = v.entry.info.value("validation_accuracy", 0.0);
            const auto model = make_avt_model(std::make_shared<AvtNetwork>(trained));
            const auto acc = model->accuracies(data.validation);
            for (std::size_t c = 0; c < acc.size(); ++c)
                info["validation_accuracy"][config_name(all_masks()[c])] = acc[c];
            info["validation_samples"] = data.validation.count();
            info["train_seconds"] = seconds_since(t0);
            trained.save(staging);
            std::string line = "FMNIST-AVT model trained in " + std::to_string(static_cast<int>(seconds_since(t0))) +
                               " s; validation accuracy";
            for (std::size_t c = 0; c < acc.size(); ++c)
                line += " " + config_name(all_masks()[c]) + " " + percent(acc[c]);
            if (observer.log) observer.log(line);
            return info;
        },
        observer);
    net->load(out.entry.dir);
    out.model = make_avt_model(net);
    return out;
}

}  // namespace sextant::modality
