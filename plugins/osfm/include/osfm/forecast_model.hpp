// Track A's models (libtorch, in forecast_model.cpp only): one causal GRU over all channels
// (joint) against the same architecture trained per subsystem (separate), forecasting every
// channel h steps ahead; persistence and EWMA as baselines; and a linear probe of the frozen
// encoders for injected anomalies (a memory hog starting).
#pragma once

#include "osfm/forecast_data.hpp"
#include "osfm/generation_metrics.hpp"

#include <cstdint>
#include <vector>

namespace sextant::osfm {

struct ModelConfig {
    std::size_t window = 32;  // steps of history (100 ms each)
    int hidden = 64;          // GRU width, joint and each separate model alike
    int epochs = 10;
    int batch = 64;
    double learning_rate = 3e-3;
    std::uint64_t seed = 1;
    int threads = 1;  // torch intra-op threads
};

struct HorizonScores {
    std::size_t horizon = 0;                                 // steps
    std::vector<double> joint, separate, persistence, ewma;  // MAE per subsystem (z-scored log units)
    double ewma_alpha = 0;
};

struct ProbeScores {
    bool available = false;                   // anomaly windows on both sides of the split
    double joint = 0, separate = 0, raw = 0;  // balanced accuracy on held-out scenarios
    std::size_t positives = 0, windows = 0;   // held-out anomaly windows / all held-out windows
    // Workload-phase probe: which kinds of load run in the window's phase (cpu, memory, disk,
    // net, read from the phase label), one balanced-accuracy probe per kind with examples of
    // both classes on both sides, averaged.
    std::size_t phase_kinds = 0;
    double phase_joint = 0, phase_separate = 0, phase_raw = 0;
};

// The kinds of load a phase label names: bit 0 cpu, 1 memory, 2 disk, 3 net ("cpu+fio-rand2"
// -> cpu and disk; "idle" -> none).
unsigned phase_load_kinds(const std::string& phase);

struct ForecastStudy {
    std::vector<HorizonScores> horizons;
    ProbeScores anomaly;
    std::size_t train_origins = 0, test_origins = 0;
    long long joint_parameters = 0, separate_parameters = 0;
    double train_seconds = 0;
    std::vector<double> joint_loss, separate_loss;          // training MSE per epoch
    std::vector<double> joint_val_loss, separate_val_loss;  // validation MSE per epoch (channel-weighted)
    int joint_best_epoch = 0;                               // the epoch whose weights were kept
};

// Trains both model families on d.train (every fifth training scenario held back for early
// stopping) and scores them on d.test. The models predict the
// change from the last observed step for every horizon at once (so persistence is their zero).
ForecastStudy run_forecast_study(const ForecastData& d, const std::vector<std::size_t>& horizons,
                                 const ModelConfig& config);

struct GenerationStudy {
    std::size_t steps = 0, blocks = 0;  // continuation length; held-out scenarios generated from
    GenerationScores joint, separate, random_walk;
    double train_seconds = 0;
};

// Generators: the same GRUs with a Gaussian head (mean change and log-variance of the next
// step, trained by negative log-likelihood), joint and per subsystem. Each held-out scenario's
// first `window` steps seed `steps` sampled steps, scored against the real continuation
// beside a per-channel Gaussian random walk with the training data's step sizes.
GenerationStudy run_generation_study(const ForecastData& d, std::size_t steps, const ModelConfig& config);

}  // namespace sextant::osfm
