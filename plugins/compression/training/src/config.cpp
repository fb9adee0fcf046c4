#include "compression_training/config.hpp"
#include "compression_training/config_error.hpp"
#include "compression_training/rank_schemes.hpp"

#include <stdexcept>

namespace compression_training {

namespace {

// "parameter 'a'" or "parameters 'a', 'b', 'c'": each name quoted, so a reader (and a test)
// finds every parameter the way a single one is written.
std::string named(const std::vector<std::string>& params) {
    std::string text = params.size() == 1 ? "parameter " : "parameters ";
    for (std::size_t i = 0; i < params.size(); ++i) text += (i ? ", '" : "'") + params[i] + "'";
    return text;
}

void require(bool ok, std::vector<std::string> params, const std::string& expected, const std::string& got) {
    if (!ok) throw ConfigError(std::move(params), expected, got);
}

void require(bool ok, const char* param, const std::string& expected, const std::string& got) {
    require(ok, std::vector<std::string>{param}, expected, got);
}

std::string str(double v) {
    std::string s = std::to_string(v);
    while (s.size() > 1 && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

// The schemes a rank can run over a collective of its own (see rank_schemes.hpp).
bool gloo_supports(const std::string& scheme) { return rank_scheme_supported(scheme); }

}  // namespace

ConfigError::ConfigError(std::vector<std::string> params_, const std::string& expected_, const std::string& got_)
    : std::invalid_argument(named(params_) + ": expected " + expected_ + ", got " + got_),
      params(std::move(params_)),
      expected(expected_),
      got(got_) {}

compression::SchemeConfig codec_config(const TrainConfig& config) {
    compression::SchemeConfig codec = config.codec;
    codec.seed = config.seed;
    return codec;
}

void validate(const TrainConfig& c) {
    require(c.workers >= 1 && c.workers <= 64, "workers", "1..64", std::to_string(c.workers));
    require(c.steps >= 1, "steps", ">= 1", std::to_string(c.steps));
    require(c.batch_size >= 1 && c.batch_size <= 4096, "batch_size", "1..4096", std::to_string(c.batch_size));
    require(c.lr > 0 && c.lr <= 100, "lr", "a learning rate in (0, 100]", str(c.lr));
    require(c.momentum >= 0 && c.momentum < 1, "momentum", "0 <= momentum < 1", str(c.momentum));
    require(c.threads >= 1 && c.threads <= 64, "threads", "1..64", std::to_string(c.threads));
    require(c.test_samples >= 1, "test_samples", ">= 1", std::to_string(c.test_samples));
    const long long per_step = static_cast<long long>(c.workers) * c.batch_size;
    if (c.model == ModelKind::ncf) {
        const auto& s = c.synthetic;
        require(s.users >= 1, "users", ">= 1", std::to_string(s.users));
        require(s.items >= 1, "items", ">= 1", std::to_string(s.items));
        require(s.latent_dim >= 1 && s.latent_dim <= 256, "latent_dim", "1..256", std::to_string(s.latent_dim));
        require(s.zipf_exponent >= 0 && s.zipf_exponent <= 4, "zipf_exponent", "0..4", str(s.zipf_exponent));
        require(s.signal >= 0, "signal", ">= 0", str(s.signal));
        require(s.train_samples >= per_step, {"ncf_samples", "workers", "batch_size"},
                ">= workers x batch_size = " + std::to_string(per_step) + " (one batch per worker shard)",
                std::to_string(s.train_samples));
        require(c.embedding_dim >= 1 && c.embedding_dim <= 256, "embedding_dim", "1..256",
                std::to_string(c.embedding_dim));
        const long long params = (static_cast<long long>(s.users) + s.items) * c.embedding_dim;
        require(params < (1ll << 31), {"users", "items", "embedding_dim"},
                "(users + items) x embedding_dim < 2^31 parameters", std::to_string(params));
    } else if (c.model == ModelKind::lstm) {
        const auto& t = c.text;
        require(!t.corpus.empty(), "corpus", "a plain-text file or folder (e.g. /usr/share/games/fortunes)", "\"\"");
        require(t.vocab >= 2 && t.vocab <= 100000, "vocab", "2..100000", std::to_string(t.vocab));
        require(t.context >= 1 && t.context <= 256, "context", "1..256", std::to_string(t.context));
        require(t.hidden >= 1 && t.hidden <= 1024, "hidden", "1..1024", std::to_string(t.hidden));
        require(c.embedding_dim >= 1 && c.embedding_dim <= 256, "embedding_dim", "1..256",
                std::to_string(c.embedding_dim));
        require(c.train_samples >= per_step, {"train_samples", "workers", "batch_size"},
                ">= workers x batch_size = " + std::to_string(per_step) + " word windows",
                std::to_string(c.train_samples));
    } else {
        require(c.train_samples >= per_step && c.train_samples <= 60000, {"train_samples", "workers", "batch_size"},
                "workers x batch_size = " + std::to_string(per_step) + " .. 60000 (Fashion-MNIST training images)",
                std::to_string(c.train_samples));
        require(c.test_samples <= 10000, "test_samples", "1..10000 (Fashion-MNIST test images)",
                std::to_string(c.test_samples));
        require(!c.dataset_dir.empty(), "dataset_dir", "the folder with the Fashion-MNIST .gz files", "\"\"");
    }
    if (c.transport == Transport::gloo) {
        require(gloo_supports(c.codec.scheme), {"scheme", "transport"},
                "dense, dense-int, lhc, lhc-union or lhc-aligned with transport gloo", c.codec.scheme);
        require(c.gloo_timeout_s >= 1, "gloo_timeout_s", ">= 1", std::to_string(c.gloo_timeout_s));
    }
    compression::make_scheme(c.codec);  // the codec names its own bad fields
}

const char* to_string(ModelKind kind) {
    switch (kind) {
    case ModelKind::mlp: return "mlp";
    case ModelKind::cnn: return "cnn";
    case ModelKind::ncf: return "ncf";
    case ModelKind::lstm: return "lstm";
    }
    return "?";
}

const char* to_string(Transport transport) { return transport == Transport::gloo ? "gloo" : "in-process"; }

const char* to_string(Optimizer optimizer) {
    switch (optimizer) {
    case Optimizer::automatic: return "auto";
    case Optimizer::sgd: return "sgd";
    case Optimizer::adagrad: return "adagrad";
    }
    return "?";
}

Optimizer parse_optimizer(const std::string& text) {
    if (text == "auto") return Optimizer::automatic;
    if (text == "sgd") return Optimizer::sgd;
    if (text == "adagrad") return Optimizer::adagrad;
    throw std::invalid_argument("parameter 'optimizer': expected auto, sgd or adagrad, got '" + text + "'");
}

Optimizer effective_optimizer(const TrainConfig& config) {
    if (config.optimizer != Optimizer::automatic) return config.optimizer;
    return config.model == ModelKind::ncf || config.model == ModelKind::lstm ? Optimizer::adagrad : Optimizer::sgd;
}

ModelKind parse_model(const std::string& text) {
    if (text == "mlp") return ModelKind::mlp;
    if (text == "cnn") return ModelKind::cnn;
    if (text == "ncf") return ModelKind::ncf;
    if (text == "lstm") return ModelKind::lstm;
    throw std::invalid_argument("parameter 'model': expected mlp, cnn, ncf or lstm, got '" + text + "'");
}

Transport parse_transport(const std::string& text) {
    if (text == "in-process") return Transport::in_process;
    if (text == "gloo") return Transport::gloo;
    throw std::invalid_argument("parameter 'transport': expected in-process or gloo, got '" + text + "'");
}

nlohmann::json to_json(const TrainConfig& c) {
    const auto& k = c.codec;
    const auto& s = c.synthetic;
    return {
        {"model", to_string(c.model)},
        {"codec",
         {{"scheme", k.scheme},
          {"mode", compression::to_string(k.mode)},
          {"index", compression::to_string(k.index)},
          {"load_factor", k.load_factor},
          {"hashes", k.hashes},
          {"topk_fraction", k.topk_fraction},
          {"thc_bits", k.thc_bits},
          {"block_size", k.block_size},
          {"seed", k.seed},
          {"estimate", compression::to_string(k.estimate)},
          {"sketch_ratio", k.sketch_ratio}}},
        {"transport", to_string(c.transport)},
        {"workers", c.workers},
        {"steps", c.steps},
        {"batch_size", c.batch_size},
        {"lr", c.lr},
        {"momentum", c.momentum},
        {"optimizer", to_string(c.optimizer)},
        {"train_samples", c.train_samples},
        {"test_samples", c.test_samples},
        {"embedding_dim", c.embedding_dim},
        {"synthetic",
         {{"users", s.users},
          {"items", s.items},
          {"latent_dim", s.latent_dim},
          {"zipf_exponent", s.zipf_exponent},
          {"signal", s.signal},
          {"train_samples", s.train_samples}}},
        {"text",
         {{"corpus", c.text.corpus}, {"vocab", c.text.vocab}, {"context", c.text.context}, {"hidden", c.text.hidden}}},
        {"threads", c.threads},
        {"seed", c.seed},
        {"dataset_dir", c.dataset_dir},
        {"gloo_timeout_s", c.gloo_timeout_s},
    };
}

TrainConfig config_from_json(const nlohmann::json& j) {
    TrainConfig c;
    c.model = parse_model(j.at("model").get<std::string>());
    const auto& k = j.at("codec");
    c.codec.scheme = k.at("scheme").get<std::string>();
    c.codec.mode = compression::parse_value_mode(k.at("mode").get<std::string>());
    c.codec.index = compression::parse_index_kind(k.at("index").get<std::string>());
    c.codec.load_factor = k.at("load_factor").get<double>();
    c.codec.hashes = k.at("hashes").get<int>();
    c.codec.topk_fraction = k.at("topk_fraction").get<double>();
    c.codec.thc_bits = k.at("thc_bits").get<int>();
    c.codec.block_size = k.at("block_size").get<std::size_t>();
    c.codec.seed = k.at("seed").get<std::uint64_t>();
    c.codec.estimate = compression::parse_sketch_estimate(k.at("estimate").get<std::string>());
    c.codec.sketch_ratio = k.at("sketch_ratio").get<double>();
    c.transport = parse_transport(j.at("transport").get<std::string>());
    c.workers = j.at("workers").get<int>();
    c.steps = j.at("steps").get<int>();
    c.batch_size = j.at("batch_size").get<int>();
    c.lr = j.at("lr").get<double>();
    c.momentum = j.at("momentum").get<double>();
    c.optimizer = parse_optimizer(j.at("optimizer").get<std::string>());
    c.train_samples = j.at("train_samples").get<int>();
    c.test_samples = j.at("test_samples").get<int>();
    c.embedding_dim = j.at("embedding_dim").get<int>();
    const auto& s = j.at("synthetic");
    c.synthetic.users = s.at("users").get<int>();
    c.synthetic.items = s.at("items").get<int>();
    c.synthetic.latent_dim = s.at("latent_dim").get<int>();
    c.synthetic.zipf_exponent = s.at("zipf_exponent").get<double>();
    c.synthetic.signal = s.at("signal").get<double>();
    c.synthetic.train_samples = s.at("train_samples").get<int>();
    const auto& t = j.at("text");
    c.text.corpus = t.at("corpus").get<std::string>();
    c.text.vocab = t.at("vocab").get<int>();
    c.text.context = t.at("context").get<int>();
    c.text.hidden = t.at("hidden").get<int>();
    c.threads = j.at("threads").get<int>();
    c.seed = j.at("seed").get<std::uint64_t>();
    c.dataset_dir = j.at("dataset_dir").get<std::string>();
    c.gloo_timeout_s = j.at("gloo_timeout_s").get<int>();
    return c;
}

}  // namespace compression_training
