#include "compression_training/data_parallel.hpp"

#include "compression_training/exchanges.hpp"
#include "compression_training/replica.hpp"
#include "compression_training/shard_sampler.hpp"

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <sstream>

namespace compression_training {

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double density(std::span<const float> g) {
    std::size_t nz = 0;
    for (float x : g) nz += x != 0.0f;
    return g.empty() ? 0 : static_cast<double>(nz) / static_cast<double>(g.size());
}

// Running means of the per-step numbers, for the summary.
struct Totals {
    double step_s = 0, compute_s = 0, exchange_s = 0, encode_s = 0, network_s = 0, decode_s = 0;
    double sent = 0, received = 0, dense_sent = 0, dense_received = 0, density = 0, union_density = 0;
    std::size_t peel_failures = 0;
    void add(const StepRecord& r, std::size_t n) {
        step_s += r.step_s;
        compute_s += r.compute_s;
        exchange_s += r.exchange_s;
        encode_s += r.exchange.encode_s;
        network_s += r.exchange.network_s;
        decode_s += r.exchange.decode_s;
        sent += static_cast<double>(r.exchange.bytes_sent);
        received += static_cast<double>(r.exchange.bytes_received);
        dense_sent += static_cast<double>(r.exchange.dense_bytes_sent);
        dense_received += static_cast<double>(r.exchange.dense_bytes_received);
        density += r.density;
        union_density += n ? static_cast<double>(r.exchange.union_nonzeros) / static_cast<double>(n) : 0;
        peel_failures += r.exchange.peel_failures;
    }
    void finish(TrainingSummary& s) const {
        const double k = s.steps ? static_cast<double>(s.steps) : 1;
        s.mean_step_s = step_s / k;
        s.mean_compute_s = compute_s / k;
        s.mean_exchange_s = exchange_s / k;
        s.mean_encode_s = encode_s / k;
        s.mean_network_s = network_s / k;
        s.mean_decode_s = decode_s / k;
        s.bytes_sent = sent / k;
        s.bytes_received = received / k;
        s.dense_bytes_sent = dense_sent / k;
        s.dense_bytes_received = dense_received / k;
        s.compression_ratio = sent + received > 0 ? (dense_sent + dense_received) / (sent + received) : 1;
        s.density = density / k;
        s.union_density = union_density / k;
        s.peel_failures = peel_failures;
    }
};

}  // namespace

TrainingSummary train(const TrainConfig& config, const TrainingData& data, GradientExchange& exchange,
                      TrainingObserver& observer) {
    validate(config);
    const int K = exchange.workers();
    const bool reporter = exchange.reports();
    Replica replica(data.model, config.seed, config.threads);
    const std::size_t n = replica.size();
    if (reporter) {
        std::ostringstream m;
        m << "model " << to_string(config.model) << ": " << n << " parameters in " << replica.slots().size()
          << " tensors; " << K << " workers, batch " << config.batch_size << " each, scheme " << config.codec.scheme;
        if (config.codec.scheme == "lhc")
            m << " (" << compression::to_string(config.codec.mode) << ", " << compression::to_string(config.codec.index)
              << ")";
        m << ", transport " << to_string(config.transport) << ", optimizer " << to_string(effective_optimizer(config))
          << " (lr " << config.lr << ")";
        observer.log(data.description);
        observer.log(m.str());
    }

    const Optimizer optimizer = effective_optimizer(config);
    const auto locals = exchange.local_workers();
    std::vector<ShardSampler> samplers;
    for (int w : locals)
        samplers.emplace_back(data.train.count, K, w, static_cast<std::size_t>(config.batch_size), config.seed);
    std::vector<std::vector<float>> grads(locals.size(), std::vector<float>(n));
    std::vector<std::span<const float>> views(grads.begin(), grads.end());
    std::vector<float> sum(n), average(n);

    TrainingSummary summary;
    summary.parameters = n;
    summary.synthetic = data.synthetic;
    summary.bayes_accuracy = data.synthetic ? data.bayes_accuracy : 0;
    Totals totals;
    // Per-tensor densities need every worker's gradient: in-process runs only.
    const bool measure_tensors = locals.size() == static_cast<std::size_t>(K);
    DensityMeter meter(replica.slots());
    double epoch_stats[3] = {0, 0, 0};  // loss sum, correct, count over the epoch, all workers
    auto evaluate = [&](int epoch, long long step) {
        EpochRecord e;
        e.epoch = epoch;
        e.step = step;
        e.train_loss = epoch_stats[2] ? epoch_stats[0] / epoch_stats[2] : 0;
        e.train_accuracy = epoch_stats[2] ? epoch_stats[1] / epoch_stats[2] : 0;
        const BatchStats t = replica.evaluate(data.test);
        e.test_loss = t.loss();
        e.test_accuracy = t.accuracy();
        return e;
    };

    for (long long step = 0; step < config.steps; ++step) {
        if (observer.cancelled()) {
            summary.cancelled = true;
            break;
        }
        const auto t_step = Clock::now();
        StepRecord rec;
        rec.step = step;
        rec.epoch = samplers[0].epoch_of(step);
        double stats[3] = {0, 0, 0};
        for (std::size_t j = 0; j < locals.size(); ++j) {
            const Examples batch = data.train.gather(samplers[j].batch(step));
            const auto t = Clock::now();
            const BatchStats s = replica.gradient(batch, grads[j]);
            rec.compute_s += since(t);
            if (!std::isfinite(s.loss_sum))
                throw std::runtime_error("step " + std::to_string(step + 1) + ", worker " + std::to_string(locals[j]) +
                                         ": the loss is not finite (training diverged); lower 'lr' (now " +
                                         std::to_string(config.lr) + ")");
            stats[0] += s.loss_sum;
            stats[1] += static_cast<double>(s.correct);
            stats[2] += static_cast<double>(s.count);
            rec.density += density(grads[j]);
        }
        rec.compute_s /= static_cast<double>(locals.size());
        if (measure_tensors) meter.add(grads);
        rec.density /= static_cast<double>(locals.size());

        const auto t_exchange = Clock::now();
        rec.exchange = exchange.exchange(views, sum);
        rec.exchange_s = since(t_exchange);
        // A scheme must never hand back NaN/Inf; stop with the step and position instead of
        // letting the replica diverge silently.
        for (std::size_t i = 0; i < n; ++i)
            if (!std::isfinite(sum[i]))
                throw std::runtime_error("step " + std::to_string(step + 1) + ": the aggregate from scheme '" +
                                         config.codec.scheme + "' holds a non-finite value (" + std::to_string(sum[i]) +
                                         ") at position " + std::to_string(i) + " although every gradient was finite");
        for (std::size_t i = 0; i < n; ++i) average[i] = sum[i] / static_cast<float>(K);
        replica.apply(average, optimizer, static_cast<float>(config.lr), static_cast<float>(config.momentum));

        exchange.sum_statistics(stats);
        rec.loss = stats[2] ? stats[0] / stats[2] : 0;
        rec.accuracy = stats[2] ? stats[1] / stats[2] : 0;
        for (int i = 0; i < 3; ++i) epoch_stats[i] += stats[i];
        rec.step_s = since(t_step);
        totals.add(rec, n);
        summary.steps = step + 1;
        summary.final_train_loss = epoch_stats[2] ? epoch_stats[0] / epoch_stats[2] : 0;
        if (!reporter) continue;
        observer.step(rec);
        observer.parameters(step, replica.parameters());
        if (samplers[0].ends_epoch(step)) {
            observer.epoch(evaluate(rec.epoch, step));
            epoch_stats[0] = epoch_stats[1] = epoch_stats[2] = 0;
        }
    }
    totals.finish(summary);
    if (measure_tensors) summary.tensors = meter.means();
    if (reporter) {
        const BatchStats t = replica.evaluate(data.test);
        summary.final_test_loss = t.loss();
        summary.final_test_accuracy = t.accuracy();
    }
    return summary;
}

TrainingSummary train_in_process(const TrainConfig& config, TrainingObserver& observer) {
    validate(config);
    const TrainingData data = load_training_data(config);
    CodecExchange exchange(codec_config(config), config.workers);
    return train(config, data, exchange, observer);
}

}  // namespace compression_training
