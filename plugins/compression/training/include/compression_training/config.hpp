// Everything one data-parallel training run needs to know, in the user's words. The plugin
// fills it from its parameters; the Gloo rank processes receive it as JSON.
#pragma once

#include <compression/scheme.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace compression_training {

enum class ModelKind { mlp, cnn, ncf, lstm };
enum class Transport { in_process, gloo };
// sgd: SGD with momentum. adagrad: per-parameter step sizes, the usual choice for
// embedding tables, whose rows see a gradient only when a batch looks them up.
// auto: sgd for the image models, adagrad for ncf.
enum class Optimizer { automatic, sgd, adagrad };

// The synthetic recommender data set (labelled "synthetic" wherever it is shown): users
// and items with hidden taste vectors; an impression pairs a uniform user with an item
// drawn by power-law (Zipf) popularity; it is clicked with probability
// sigmoid(signal * <user, item> / sqrt(latent_dim)).
struct SyntheticSpec {
    int users = 1000;
    int items = 5000;
    int latent_dim = 2;
    double zipf_exponent = 1.0;  // item popularity ~ 1 / rank^zipf_exponent
    double signal = 4.0;         // how strongly taste decides a click
    int train_samples = 60000;   // impressions
};

// The language model's text: a plain-text corpus Debian ships (the fortunes package's
// English quotations by default: every file of the folder), lower-cased words; the most frequent `vocab` - 1 words
// keep their own id, the rest share id 0 (unknown). An example is `context` consecutive
// words, its label the next word.
struct TextSpec {
    std::string corpus = "/usr/share/games/fortunes";
    int vocab = 2000;
    int context = 8;
    int hidden = 64;  // LSTM units
};

struct TrainConfig {
    ModelKind model = ModelKind::mlp;
    compression::SchemeConfig codec;  // scheme and its knobs (its seed: see codec_config)
    Transport transport = Transport::in_process;
    int workers = 4;      // K, each with its own shard of the training data
    int steps = 200;      // synchronous SGD steps
    int batch_size = 32;  // examples per worker per step
    double lr = 0.05;
    double momentum = 0.9;  // sgd only
    Optimizer optimizer = Optimizer::automatic;
    int train_samples = 8000;  // Fashion-MNIST images (first N of the training file)
    int test_samples = 2000;   // held-out examples (Fashion-MNIST test file / synthetic)
    int embedding_dim = 16;    // ncf: width of the user and item embeddings; lstm: of the words
    SyntheticSpec synthetic;   // ncf only
    TextSpec text;             // lstm only
    int threads = 1;           // intra-op threads per process (at::set_num_threads)
    std::uint64_t seed = 0;    // data order, initial weights, synthetic data, codec
    std::string dataset_dir = "/usr/share/datasets/fashion-mnist";
    int gloo_timeout_s = 120;  // a rank that waits longer for a peer gives up
};

// The codec's configuration with the run's seed as its shared randomness.
compression::SchemeConfig codec_config(const TrainConfig& config);

// Throws std::invalid_argument naming the parameter and what was expected.
void validate(const TrainConfig& config);

const char* to_string(ModelKind kind);
const char* to_string(Transport transport);
const char* to_string(Optimizer optimizer);
Optimizer parse_optimizer(const std::string& text);  // "auto" | "sgd" | "adagrad"
// The optimizer a run uses (auto resolved by model).
Optimizer effective_optimizer(const TrainConfig& config);
ModelKind parse_model(const std::string& text);      // "mlp" | "cnn" | "ncf" | "lstm"
Transport parse_transport(const std::string& text);  // "in-process" | "gloo"

// Round trip for the rank processes (every field, so ranks train exactly what was asked).
nlohmann::json to_json(const TrainConfig& config);
TrainConfig config_from_json(const nlohmann::json& json);

}  // namespace compression_training
