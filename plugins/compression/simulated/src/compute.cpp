#include "compression/simulated/compute.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace compression::simulated {

namespace {

// Forward FLOPs per token of a transformer (Kaplan et al. 2020, "Scaling laws for neural
// language models", Table 1): 2 N + 2 n_layer n_ctx d_model, N = 12 n_layer d_model^2.
double transformer_gflop_per_sequence(double layers, double d_model, double context) {
    const double n = 12.0 * layers * d_model * d_model;
    return (2.0 * n + 2.0 * layers * context * d_model) * context / 1e9;
}

// Forward FLOPs per token of an LSTM language model: 2 x (weights touched per token),
// i.e. the gate matrices of every layer and the (untied) softmax decoder.
double lstm_gflop_per_token(double layers, double hidden, double vocab) {
    const double recurrent = layers * 4.0 * hidden * (2.0 * hidden + 1.0);
    const double decoder = hidden * vocab;
    return 2.0 * (recurrent + decoder) / 1e9;
}

}  // namespace

const std::vector<ReferenceModel>& reference_models() {
    // Architectures and batches are those of the codec's model profiles
    // (plugins/compression/profiles), so compute and gradient describe the same model.
    static const std::vector<ReferenceModel> models = {
        {"bert-base", transformer_gflop_per_sequence(12, 768, 128), 32,
         "FLOP estimate: 2N + 2 n_layer n_ctx d per token (Kaplan et al. 2020) for BERT-base (12 layers, d=768) "
         "at sequence length 128, batch 32 sequences (Devlin et al. 2019 fine-tuning; the bert-base profile)"},
        {"vgg19", 2.0 * 19.6, 32,
         "FLOP estimate: 19.6 G multiply-adds per 224x224 image (He et al. 2016, Table 3), batch 32 images "
         "(the vgg19 profile)"},
        {"lstm", lstm_gflop_per_token(2, 650, 33278), 700,
         "FLOP estimate for the lstm profile's model: 2 layers x 650 units, untied 33,278-word decoder "
         "(Zaremba et al. 2014 'medium', WikiText-2), 700 tokens (batch 20 x 35 steps); LSTMs run far below "
         "peak FLOP/s, so this underestimates: set compute_ms from a measurement"},
        {"ncf", 2.0 * (256 * 256 + 256 * 128 + 128 * 64 + 128 + 64) / 1e9, 8192,
         "FLOP estimate for the ncf profile's NeuMF (MLPerf: 64 factors, MLP 256-256-128-64, GMF + MLP "
         "prediction layer), 8192 samples; NCF steps are bound by embedding memory traffic and kernel "
         "launches, not FLOPs: a lower bound, set compute_ms from a measurement"},
    };
    return models;
}

const ReferenceModel* find_reference_model(std::string_view name) {
    for (const auto& m : reference_models()) {
        if (m.name == name) return &m;
    }
    return nullptr;
}

Compute compute_from_flops(const ReferenceModel& model, std::uint32_t batch_per_worker, double effective_tflops) {
    if (!(effective_tflops > 0) || !std::isfinite(effective_tflops)) {
        throw std::invalid_argument("gpu_tflops must be a throughput > 0 TFLOP/s (got " +
                                    std::to_string(effective_tflops) + ")");
    }
    const std::uint32_t batch = batch_per_worker == 0 ? model.batch_per_worker : batch_per_worker;
    const double forward = model.forward_gflop_per_sample * 1e9 * batch / (effective_tflops * 1e12);
    Compute c;
    c.forward_s = forward;
    c.backward_s = 2.0 * forward;  // weight and activation gradients: two matmuls per forward one
    c.source = model.source + "; batch " + std::to_string(batch) + " per worker at " +
               std::to_string(effective_tflops) + " TFLOP/s sustained";
    return c;
}

Compute compute_from_total(double total_s, double backward_fraction, std::string source) {
    if (!(total_s >= 0) || !std::isfinite(total_s)) {
        throw std::invalid_argument("compute_ms must be a time >= 0 ms (got " + std::to_string(total_s * 1e3) + ")");
    }
    if (!(backward_fraction >= 0 && backward_fraction <= 1)) {
        throw std::invalid_argument("backward_fraction must be in [0, 1] (got " + std::to_string(backward_fraction) +
                                    ")");
    }
    return Compute{total_s * (1 - backward_fraction), total_s * backward_fraction, std::move(source)};
}

IterationTime iteration_time(const Compute& compute, double communication_s, double codec_s, std::uint32_t buckets,
                             double bucket_communication_s) {
    if (buckets == 0) throw std::invalid_argument("buckets must be at least 1 (got 0)");
    IterationTime t;
    t.forward_s = compute.forward_s;
    t.backward_s = compute.backward_s;
    t.codec_s = codec_s;
    t.communication_s = communication_s;
    t.buckets = buckets;
    t.bucket_communication_s = bucket_communication_s;
    t.no_overlap_s = compute.total_s() + codec_s + communication_s;

    const double per_bucket = bucket_communication_s + codec_s / buckets;
    double channel_free = 0.0;
    for (std::uint32_t b = 0; b < buckets; ++b) {
        const double ready = compute.forward_s + compute.backward_s * (b + 1) / buckets;
        channel_free = std::max(channel_free, ready) + per_bucket;
    }
    t.overlap_s = std::max(channel_free, compute.total_s());
    return t;
}

}  // namespace compression::simulated
