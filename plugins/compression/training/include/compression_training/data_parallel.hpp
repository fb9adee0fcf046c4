// Synchronous data-parallel SGD: at every step each worker computes the gradient of its own
// batch, the gradients are summed through a GradientExchange (the codec in-process, or a
// scheme over Gloo), divided by K and applied. Every worker's replica therefore holds the
// same parameters; in-process one replica stands for all of them.
#pragma once

#include "compression_training/tensor_densities.hpp"

#include "compression_training/config.hpp"
#include "compression_training/exchange.hpp"
#include "compression_training/training_data.hpp"

#include <cstdint>
#include <span>
#include <string>

namespace compression_training {

struct StepRecord {
    long long step = 0;     // 0-based
    int epoch = 0;          // 0-based epoch the step belongs to
    double loss = 0;        // mean over all workers' batches
    double accuracy = 0;    // of all workers' batches (training accuracy)
    double step_s = 0;      // wall time of the whole step in this process
    double compute_s = 0;   // forward + backward, per worker
    double exchange_s = 0;  // wall time of the exchange in this process
    ExchangeResult exchange;
    double density = 0;  // nonzero fraction of a worker's gradient (mean over local workers)
};

struct EpochRecord {
    int epoch = 0;
    long long step = 0;                         // last step of the epoch
    double train_loss = 0, train_accuracy = 0;  // over the epoch's batches, all workers
    double test_loss = 0, test_accuracy = 0;
};

struct TrainingSummary {
    long long steps = 0;  // steps run (fewer than asked when cancelled)
    bool cancelled = false;
    std::size_t parameters = 0;
    double final_test_loss = 0, final_test_accuracy = 0;
    double final_train_loss = 0;  // mean over the last epoch's (or the steps since its start) batches
    double mean_step_s = 0, mean_compute_s = 0, mean_exchange_s = 0;
    double mean_encode_s = 0, mean_network_s = 0, mean_decode_s = 0;
    double bytes_sent = 0, bytes_received = 0;              // per worker, mean per step
    double dense_bytes_sent = 0, dense_bytes_received = 0;  // the same for dense float32
    double compression_ratio = 1;                           // (dense sent + received) / (sent + received)
    double density = 0, union_density = 0;                  // mean per step
    std::size_t peel_failures = 0;                          // summed over steps (each repaired exactly)
    // In-process runs (all K workers here): each tensor's worker and union densities.
    std::vector<TensorDensity> tensors;
    bool synthetic = false;     // trained on the synthetic recommender data
    double bayes_accuracy = 0;  // synthetic only: the best possible test accuracy
};

class TrainingObserver {
public:
    virtual ~TrainingObserver() = default;
    virtual void log(const std::string&) {}
    virtual void step(const StepRecord&) {}
    virtual void epoch(const EpochRecord&) {}
    // After every update, the parameters every worker now holds (tests compare them).
    virtual void parameters(long long /*step*/, std::span<const float> /*params*/) {}
    virtual bool cancelled() const { return false; }
};

// The loop, for whichever exchange. Only an exchange that reports() evaluates and calls
// step/epoch/parameters; every process must run the same number of steps, so a cancelled
// in-process run stops early while ranks run to the end (the launcher kills them instead).
TrainingSummary train(const TrainConfig& config, const TrainingData& data, GradientExchange& exchange,
                      TrainingObserver& observer);

// K workers in this process through the codec.
TrainingSummary train_in_process(const TrainConfig& config, TrainingObserver& observer);

}  // namespace compression_training
