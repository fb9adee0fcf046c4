// The only translation unit of the osfm plugins that includes torch.
#include "osfm/forecast_model.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace sextant::osfm {

namespace {

struct ForecasterImpl : torch::nn::Module {
    ForecasterImpl(std::int64_t in, std::int64_t hidden, std::int64_t out)
        : gru(register_module("gru", torch::nn::GRU(torch::nn::GRUOptions(in, hidden).batch_first(true)))),
          head(register_module("head", torch::nn::Linear(hidden, out))) {
        // The head predicts the change from the last step; starting at zero makes the untrained
        // model exactly persistence, so training (with early stopping) starts from that baseline.
        torch::NoGradGuard no_grad;
        head->weight.zero_();
        head->bias.zero_();
    }
    // x: [B, W, in] -> the last hidden state [B, hidden]
    torch::Tensor encode(const torch::Tensor& x) { return std::get<1>(gru->forward(x)).squeeze(0); }
    torch::Tensor forward(const torch::Tensor& x) { return head->forward(encode(x)); }
    torch::nn::GRU gru;
    torch::nn::Linear head;
};
TORCH_MODULE(Forecaster);

long long parameter_count(torch::nn::Module& m) {
    long long n = 0;
    for (const auto& p : m.parameters()) n += p.numel();
    return n;
}

// The windows ending at each origin, restricted to some channels: [N, W, |cols|].
torch::Tensor windows(const ForecastData& d, const std::vector<Series>& series, const std::vector<Origin>& at,
                      std::size_t first, std::size_t count, std::size_t W, const std::vector<std::size_t>& cols) {
    const std::size_t C = d.channel_count();
    torch::Tensor x = torch::empty({static_cast<long>(count), static_cast<long>(W), static_cast<long>(cols.size())});
    float* p = x.data_ptr<float>();
    for (std::size_t i = 0; i < count; ++i) {
        const Origin& o = at[first + i];
        const Series& s = series[o.series];
        for (std::size_t w = 0; w < W; ++w)
            for (std::size_t k = 0; k < cols.size(); ++k) *p++ = s.at(o.t + 1 - W + w, cols[k], C);
    }
    return x;
}

// Targets: the change from the last step to t+h, for every horizon: [N, |horizons| x |cols|].
torch::Tensor targets(const ForecastData& d, const std::vector<Series>& series, const std::vector<Origin>& at,
                      const std::vector<std::size_t>& horizons, const std::vector<std::size_t>& cols) {
    const std::size_t C = d.channel_count();
    torch::Tensor y = torch::empty({static_cast<long>(at.size()), static_cast<long>(horizons.size() * cols.size())});
    float* p = y.data_ptr<float>();
    for (const Origin& o : at) {
        const Series& s = series[o.series];
        for (std::size_t h : horizons)
            for (std::size_t c : cols) *p++ = s.at(o.t + h, c, C) - s.at(o.t, c, C);
    }
    return y;
}

struct Trained {
    Forecaster net{nullptr};
    std::vector<std::size_t> cols;
    std::vector<double> loss;      // training MSE per epoch
    std::vector<double> val_loss;  // validation MSE per epoch
    int best_epoch = 0;
};

// Adam on the fitting scenarios; the weights of the epoch with the lowest validation MSE are kept
// (early stopping: on a corpus this small the models overfit within a few epochs), or the
// untrained model (best_epoch -1: persistence) when no epoch beats it.
// Loss of a forecast against targets: MSE, or for a generator (gaussian) the Gaussian negative
// log-likelihood of a head that gives a mean change and a log-variance per channel.
torch::Tensor loss_of(const torch::Tensor& out, const torch::Tensor& y, bool gaussian) {
    if (!gaussian) return torch::mse_loss(out, y);
    const long K = y.size(1);
    const torch::Tensor mu = out.slice(1, 0, K), logvar = out.slice(1, K, 2 * K).clamp(-8, 4);
    return (0.5 * (logvar + (y - mu).pow(2) * torch::exp(-logvar))).mean();
}

Trained train(const ForecastData& d, const std::vector<Series>& fit, const std::vector<Origin>& at,
              const std::vector<Series>& val, const std::vector<Origin>& val_at,
              const std::vector<std::size_t>& horizons, const std::vector<std::size_t>& cols, const ModelConfig& cfg,
              bool gaussian = false) {
    Trained t;
    t.cols = cols;
    t.net = Forecaster(static_cast<long>(cols.size()), cfg.hidden,
                       static_cast<long>(cols.size() * horizons.size() * (gaussian ? 2 : 1)));
    torch::optim::Adam opt(t.net->parameters(), torch::optim::AdamOptions(cfg.learning_rate));
    const torch::Tensor X = windows(d, fit, at, 0, at.size(), cfg.window, cols);
    const torch::Tensor Y = targets(d, fit, at, horizons, cols);
    const torch::Tensor Xv = windows(d, val, val_at, 0, val_at.size(), cfg.window, cols);
    const torch::Tensor Yv = targets(d, val, val_at, horizons, cols);
    const long n = X.size(0);
    std::vector<torch::Tensor> best;
    for (const auto& p : t.net->parameters()) best.push_back(p.detach().clone());
    double best_val;
    {
        torch::NoGradGuard no_grad;
        best_val = loss_of(t.net->forward(Xv), Yv, gaussian).item<double>();  // persistence's
    }
    t.best_epoch = -1;
    for (int e = 0; e < cfg.epochs; ++e) {
        torch::Tensor order = torch::randperm(n, torch::kLong);
        double total = 0;
        long batches = 0;
        for (long b = 0; b < n; b += cfg.batch) {
            torch::Tensor idx = order.slice(0, b, std::min<long>(n, b + cfg.batch));
            torch::Tensor loss = loss_of(t.net->forward(X.index_select(0, idx)), Y.index_select(0, idx), gaussian);
            opt.zero_grad();
            loss.backward();
            torch::nn::utils::clip_grad_norm_(t.net->parameters(), 1.0);
            opt.step();
            total += loss.item<double>();
            ++batches;
        }
        t.loss.push_back(total / std::max<long>(1, batches));
        torch::NoGradGuard no_grad;
        const double v = loss_of(t.net->forward(Xv), Yv, gaussian).item<double>();
        t.val_loss.push_back(v);
        if (v < best_val) {
            best_val = v;
            t.best_epoch = e;
            best.clear();
            for (const auto& p : t.net->parameters()) best.push_back(p.detach().clone());
        }
    }
    torch::NoGradGuard no_grad;
    auto params = t.net->parameters();
    for (std::size_t i = 0; i < params.size(); ++i) params[i].copy_(best[i]);
    return t;
}

// Writes a model's forecasts (last step + predicted change) into origin x channel layouts, one per horizon.
void predict(const ForecastData& d, Trained& m, const std::vector<Series>& series, const std::vector<Origin>& at,
             std::size_t W, std::size_t horizon_count, std::vector<std::vector<float>>& out) {
    torch::NoGradGuard no_grad;
    const std::size_t C = d.channel_count(), K = m.cols.size();
    for (std::size_t first = 0; first < at.size(); first += 1024) {
        const std::size_t count = std::min<std::size_t>(1024, at.size() - first);
        torch::Tensor y = m.net->forward(windows(d, series, at, first, count, W, m.cols)).contiguous();
        const float* p = y.data_ptr<float>();
        for (std::size_t i = 0; i < count; ++i) {
            const Origin& o = at[first + i];
            for (std::size_t h = 0; h < horizon_count; ++h)
                for (std::size_t k = 0; k < K; ++k)
                    out[h][(first + i) * C + m.cols[k]] =
                        series[o.series].at(o.t, m.cols[k], C) + p[i * horizon_count * K + h * K + k];
        }
    }
}

torch::Tensor encodings(const ForecastData& d, std::vector<Trained>& models, const std::vector<Series>& series,
                        const std::vector<Origin>& at, std::size_t W) {
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> parts;
    for (Trained& m : models) parts.push_back(m.net->encode(windows(d, series, at, 0, at.size(), W, m.cols)));
    return torch::cat(parts, 1);
}

// The window's last step and mean: the probe's input without any encoder.
torch::Tensor raw_features(const ForecastData& d, const std::vector<Series>& series, const std::vector<Origin>& at,
                           std::size_t W) {
    std::vector<std::size_t> all(d.channel_count());
    std::iota(all.begin(), all.end(), 0);
    torch::Tensor x = windows(d, series, at, 0, at.size(), W, all);
    return torch::cat({x.select(1, static_cast<long>(W) - 1), x.mean(1)}, 1);
}

torch::Tensor anomaly_labels(const std::vector<Series>& series, const std::vector<Origin>& at) {
    torch::Tensor y = torch::empty({static_cast<long>(at.size())});
    float* p = y.data_ptr<float>();
    for (const Origin& o : at) *p++ = series[o.series].phase[o.t].rfind("anomaly", 0) == 0 ? 1.0f : 0.0f;
    return y;
}

// A class-balanced logistic regression on standardised features; balanced accuracy on the test side.
double probe(torch::Tensor train_x, const torch::Tensor& train_y, torch::Tensor test_x, const torch::Tensor& test_y) {
    const torch::Tensor mean = train_x.mean(0), sd = train_x.std(0).clamp_min(1e-4);
    train_x = (train_x - mean) / sd;
    test_x = (test_x - mean) / sd;
    torch::nn::Linear lr(train_x.size(1), 1);
    torch::optim::Adam opt(lr->parameters(), torch::optim::AdamOptions(0.05));
    const double pos = train_y.sum().item<double>(), neg = static_cast<double>(train_y.size(0)) - pos;
    const torch::Tensor weight =
        torch::where(train_y > 0.5, torch::full_like(train_y, 0.5 / pos), torch::full_like(train_y, 0.5 / neg));
    for (int i = 0; i < 300; ++i) {
        torch::Tensor loss = (torch::binary_cross_entropy_with_logits(lr->forward(train_x).squeeze(1), train_y, {}, {},
                                                                      torch::Reduction::None) *
                              weight)
                                 .sum() +
                             1e-3 * lr->weight.pow(2).sum();
        opt.zero_grad();
        loss.backward();
        opt.step();
    }
    torch::NoGradGuard no_grad;
    const torch::Tensor hit = (lr->forward(test_x).squeeze(1) > 0).to(torch::kFloat) == test_y;
    const torch::Tensor is_pos = test_y > 0.5;
    const double tpr = hit.masked_select(is_pos).to(torch::kFloat).mean().item<double>();
    const double tnr = hit.masked_select(~is_pos).to(torch::kFloat).mean().item<double>();
    return 0.5 * (tpr + tnr);
}

torch::Tensor kind_labels(const std::vector<Series>& series, const std::vector<Origin>& at, unsigned bit) {
    torch::Tensor y = torch::empty({static_cast<long>(at.size())});
    float* p = y.data_ptr<float>();
    for (const Origin& o : at) *p++ = (phase_load_kinds(series[o.series].phase[o.t]) >> bit) & 1u ? 1.0f : 0.0f;
    return y;
}

bool both_classes(const torch::Tensor& y) {
    const double pos = y.sum().item<double>();
    return pos > 0 && pos < static_cast<double>(y.size(0));
}

}  // namespace

unsigned phase_load_kinds(const std::string& phase) {
    unsigned kinds = 0;
    std::size_t start = 0;
    for (;;) {
        const std::size_t plus = phase.find('+', start);
        std::string token = phase.substr(start, plus == std::string::npos ? std::string::npos : plus - start);
        while (!token.empty() && std::isdigit(static_cast<unsigned char>(token.back()))) token.pop_back();
        if (token == "cpu" || token == "sb-threads") kinds |= 1u;
        if (token == "vm" || token == "memhog" || token == "anomaly-memhog" || token == "sb-mem" || token == "cache")
            kinds |= 2u;
        if (token.rfind("fio-", 0) == 0 || token == "hdd") kinds |= 4u;
        if (token == "iperf" || token == "sock") kinds |= 8u;
        if (plus == std::string::npos) break;
        start = plus + 1;
    }
    return kinds;
}

ForecastStudy run_forecast_study(const ForecastData& d, const std::vector<std::size_t>& horizons,
                                 const ModelConfig& cfg) {
    if (horizons.empty() || cfg.window < 2)
        throw std::invalid_argument("need at least one horizon and a window of 2 steps");
    torch::manual_seed(cfg.seed);
    torch::set_num_threads(std::max(1, cfg.threads));
    const std::size_t longest = *std::max_element(horizons.begin(), horizons.end());
    ForecastStudy study;
    // Every fifth training scenario validates (early stopping); the models fit the rest.
    std::vector<Series> fit, val;
    for (std::size_t i = 0; i < d.train.size(); ++i) (i % 5 == 4 ? val : fit).push_back(d.train[i]);
    if (val.empty()) val.push_back(d.train.back());
    // the same origins for every horizon: those with the longest horizon still inside the series
    const std::vector<Origin> train_at = origins(d.train, cfg.window, longest);
    const std::vector<Origin> fit_at = origins(fit, cfg.window, longest);
    const std::vector<Origin> val_at = origins(val, cfg.window, longest);
    const std::vector<Origin> test_at = origins(d.test, cfg.window, longest);
    if (fit_at.empty() || val_at.empty() || test_at.empty())
        throw std::invalid_argument("corpus: no scenario is longer than window + horizon (" +
                                    std::to_string(cfg.window + longest) + " steps) on one side of the split");
    study.train_origins = train_at.size();
    study.test_origins = test_at.size();
    const auto t0 = std::chrono::steady_clock::now();

    std::vector<std::size_t> all(d.channel_count());
    std::iota(all.begin(), all.end(), 0);
    std::vector<Trained> joint;
    joint.push_back(train(d, fit, fit_at, val, val_at, horizons, all, cfg));
    study.joint_loss = joint[0].loss;
    study.joint_val_loss = joint[0].val_loss;
    study.joint_best_epoch = joint[0].best_epoch;
    study.joint_parameters = parameter_count(*joint[0].net);
    std::vector<Trained> separate;
    for (std::size_t s = 0; s < subsystems().size(); ++s) {
        auto cols = d.channels_of(static_cast<int>(s));
        if (cols.empty()) continue;
        separate.push_back(train(d, fit, fit_at, val, val_at, horizons, cols, cfg));
        Trained& m = separate.back();
        const double share = static_cast<double>(cols.size()) / static_cast<double>(all.size());
        study.separate_parameters += parameter_count(*m.net);
        study.separate_loss.resize(m.loss.size(), 0);
        study.separate_val_loss.resize(m.val_loss.size(), 0);
        for (std::size_t e = 0; e < m.loss.size(); ++e) {
            study.separate_loss[e] += m.loss[e] * share;
            study.separate_val_loss[e] += m.val_loss[e] * share;
        }
    }
    study.train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    const std::size_t C = d.channel_count();
    std::vector<std::vector<float>> joint_pred(horizons.size(), std::vector<float>(test_at.size() * C));
    std::vector<std::vector<float>> separate_pred = joint_pred;
    predict(d, joint[0], d.test, test_at, cfg.window, horizons.size(), joint_pred);
    for (Trained& m : separate) predict(d, m, d.test, test_at, cfg.window, horizons.size(), separate_pred);
    const std::vector<float> persist = persistence_forecast(d, d.test, test_at);
    for (std::size_t h = 0; h < horizons.size(); ++h) {
        HorizonScores s;
        s.horizon = horizons[h];
        s.joint = mae_per_subsystem(d, d.test, test_at, horizons[h], joint_pred[h]);
        s.separate = mae_per_subsystem(d, d.test, test_at, horizons[h], separate_pred[h]);
        s.persistence = mae_per_subsystem(d, d.test, test_at, horizons[h], persist);
        s.ewma_alpha = fit_ewma_alpha(d, cfg.window, horizons[h]);
        s.ewma = mae_per_subsystem(d, d.test, test_at, horizons[h],
                                   ewma_forecast(d, d.test, test_at, cfg.window, s.ewma_alpha));
        study.horizons.push_back(std::move(s));
    }

    const torch::Tensor ytr = anomaly_labels(d.train, train_at), yte = anomaly_labels(d.test, test_at);
    study.anomaly.positives = static_cast<std::size_t>(yte.sum().item<double>());
    study.anomaly.windows = test_at.size();
    const double train_pos = ytr.sum().item<double>();
    if (train_pos > 0 && train_pos < static_cast<double>(train_at.size()) && study.anomaly.positives > 0 &&
        study.anomaly.positives < test_at.size()) {
        study.anomaly.available = true;
        study.anomaly.joint = probe(encodings(d, joint, d.train, train_at, cfg.window), ytr,
                                    encodings(d, joint, d.test, test_at, cfg.window), yte);
        study.anomaly.separate = probe(encodings(d, separate, d.train, train_at, cfg.window), ytr,
                                       encodings(d, separate, d.test, test_at, cfg.window), yte);
        study.anomaly.raw = probe(raw_features(d, d.train, train_at, cfg.window), ytr,
                                  raw_features(d, d.test, test_at, cfg.window), yte);
    }
    const torch::Tensor joint_tr = encodings(d, joint, d.train, train_at, cfg.window);
    const torch::Tensor joint_te = encodings(d, joint, d.test, test_at, cfg.window);
    const torch::Tensor sep_tr = encodings(d, separate, d.train, train_at, cfg.window);
    const torch::Tensor sep_te = encodings(d, separate, d.test, test_at, cfg.window);
    const torch::Tensor raw_tr = raw_features(d, d.train, train_at, cfg.window);
    const torch::Tensor raw_te = raw_features(d, d.test, test_at, cfg.window);
    for (unsigned bit = 0; bit < 4; ++bit) {
        const torch::Tensor ktr = kind_labels(d.train, train_at, bit), kte = kind_labels(d.test, test_at, bit);
        if (!both_classes(ktr) || !both_classes(kte)) continue;
        ++study.anomaly.phase_kinds;
        study.anomaly.phase_joint += probe(joint_tr, ktr, joint_te, kte);
        study.anomaly.phase_separate += probe(sep_tr, ktr, sep_te, kte);
        study.anomaly.phase_raw += probe(raw_tr, ktr, raw_te, kte);
    }
    if (study.anomaly.phase_kinds > 0) {
        const double k = static_cast<double>(study.anomaly.phase_kinds);
        study.anomaly.phase_joint /= k;
        study.anomaly.phase_separate /= k;
        study.anomaly.phase_raw /= k;
    }
    return study;
}

GenerationStudy run_generation_study(const ForecastData& d, std::size_t steps, const ModelConfig& cfg) {
    if (steps < 2 || cfg.window < 2) throw std::invalid_argument("generation needs at least 2 steps and a window of 2");
    torch::manual_seed(cfg.seed + 7919);
    torch::set_num_threads(std::max(1, cfg.threads));
    const std::size_t C = d.channel_count(), W = cfg.window;
    std::vector<Series> fit, val;
    for (std::size_t i = 0; i < d.train.size(); ++i) (i % 5 == 4 ? val : fit).push_back(d.train[i]);
    if (val.empty()) val.push_back(d.train.back());
    const std::vector<Origin> fit_at = origins(fit, W, 1), val_at = origins(val, W, 1);
    std::vector<std::size_t> seeds;  // held-out series long enough to seed W steps and compare `steps`
    for (std::size_t s = 0; s < d.test.size(); ++s)
        if (d.test[s].steps >= W + steps) seeds.push_back(s);
    if (fit_at.empty() || val_at.empty() || seeds.empty())
        throw std::invalid_argument("corpus: no held-out scenario has window + generated steps (" +
                                    std::to_string(W + steps) + ") samples");
    GenerationStudy g;
    g.steps = steps;
    g.blocks = seeds.size();
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::size_t> all(C);
    std::iota(all.begin(), all.end(), 0);
    std::vector<Trained> joint, separate;
    joint.push_back(train(d, fit, fit_at, val, val_at, {1}, all, cfg, true));
    for (std::size_t s = 0; s < subsystems().size(); ++s) {
        auto cols = d.channels_of(static_cast<int>(s));
        if (!cols.empty()) separate.push_back(train(d, fit, fit_at, val, val_at, {1}, cols, cfg, true));
    }
    g.train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    // the real continuations and the seed windows
    std::vector<Block> real;
    std::vector<Origin> seed_at;
    for (std::size_t s : seeds) {
        seed_at.push_back({s, W - 1});
        const Series& x = d.test[s];
        real.emplace_back(x.x.begin() + static_cast<long>(W * C), x.x.begin() + static_cast<long>((W + steps) * C));
    }
    const torch::Tensor start = windows(d, d.test, seed_at, 0, seed_at.size(), W, all);  // [S, W, C]
    auto to_blocks = [&](const std::vector<torch::Tensor>& generated) {
        torch::Tensor g3 = torch::stack(generated, 1).contiguous();  // [S, steps, C]
        std::vector<Block> out;
        for (long s = 0; s < g3.size(0); ++s) {
            torch::Tensor b = g3[s].contiguous();
            out.emplace_back(b.data_ptr<float>(), b.data_ptr<float>() + b.numel());
        }
        return out;
    };
    auto sample = [&](std::vector<Trained>& models) {
        torch::NoGradGuard no_grad;
        torch::Tensor window = start.clone();
        std::vector<torch::Tensor> generated;
        for (std::size_t t = 0; t < steps; ++t) {
            torch::Tensor last = window.select(1, static_cast<long>(W) - 1);
            torch::Tensor next = last.clone();
            for (Trained& m : models) {
                torch::Tensor cols = torch::tensor(std::vector<long>(m.cols.begin(), m.cols.end()), torch::kLong);
                const long K = cols.size(0);
                torch::Tensor out = m.net->forward(window.index_select(2, cols));
                torch::Tensor mu = out.slice(1, 0, K), sd = torch::exp(0.5 * out.slice(1, K, 2 * K).clamp(-8, 4));
                next.index_copy_(1, cols, last.index_select(1, cols) + mu + sd * torch::randn_like(mu));
            }
            generated.push_back(next);
            window = torch::cat({window.slice(1, 1, static_cast<long>(W)), next.unsqueeze(1)}, 1);
        }
        return to_blocks(generated);
    };
    g.joint = score_generation(d, sample(joint), real);
    g.separate = score_generation(d, sample(separate), real);
    {  // a per-channel Gaussian random walk with the training data's step sizes
        std::vector<double> sq(C, 0);
        double n = 0;
        for (const Series& x : d.train)
            for (std::size_t t = 1; t < x.steps; ++t, ++n)
                for (std::size_t c = 0; c < C; ++c) sq[c] += std::pow(x.at(t, c, C) - x.at(t - 1, c, C), 2);
        std::vector<float> sd(C);
        for (std::size_t c = 0; c < C; ++c) sd[c] = static_cast<float>(std::sqrt(sq[c] / n));
        const torch::Tensor step_sd = torch::tensor(sd);
        torch::Tensor x = start.select(1, static_cast<long>(W) - 1).clone();
        std::vector<torch::Tensor> generated;
        for (std::size_t t = 0; t < steps; ++t) generated.push_back(x = x + step_sd * torch::randn_like(x));
        g.random_walk = score_generation(d, to_blocks(generated), real);
    }
    return g;
}

}  // namespace sextant::osfm
