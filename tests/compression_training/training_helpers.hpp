// Small training runs for the tests: sizes that take a second or two on one core.
#pragma once

#include <compression_training/data_parallel.hpp>
#include <compression_training/fashion_mnist.hpp>

#include <bit>
#include <vector>

namespace compression_training::testing {

// Every step's parameters.
class Recorder : public TrainingObserver {
public:
    void parameters(long long, std::span<const float> p) override { steps.emplace_back(p.begin(), p.end()); }
    void step(const StepRecord& r) override { records.push_back(r); }
    void epoch(const EpochRecord& r) override { epochs.push_back(r); }
    std::vector<std::vector<float>> steps;
    std::vector<StepRecord> records;
    std::vector<EpochRecord> epochs;
};

inline TrainConfig small_ncf(int workers = 4, int steps = 20) {
    TrainConfig c;
    c.model = ModelKind::ncf;
    c.workers = workers;
    c.steps = steps;
    c.batch_size = 32;
    c.lr = 0.1;
    c.synthetic.users = 200;
    c.synthetic.items = 3000;
    c.synthetic.train_samples = 4000;
    c.embedding_dim = 8;
    c.test_samples = 500;
    c.seed = 3;
    return c;
}

inline TrainConfig small_mlp(int workers = 4, int steps = 12) {
    TrainConfig c;
    c.model = ModelKind::mlp;
    c.workers = workers;
    c.steps = steps;
    c.batch_size = 16;
    c.train_samples = 640;
    c.test_samples = 200;
    c.seed = 5;
    return c;
}

inline Recorder run_training(TrainConfig c, const std::string& scheme,
                             compression::ValueMode mode = compression::ValueMode::int32,
                             compression::IndexKind index = compression::IndexKind::bloom) {
    c.codec.scheme = scheme;
    c.codec.mode = mode;
    c.codec.index = index;
    Recorder r;
    train_in_process(c, r);
    return r;
}

inline bool bit_equal(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::bit_cast<std::uint32_t>(a[i]) != std::bit_cast<std::uint32_t>(b[i])) return false;
    return true;
}

inline double max_abs_diff(const std::vector<float>& a, const std::vector<float>& b) {
    double m = 0;
    for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(double{a[i]} - double{b[i]}));
    return m;
}

}  // namespace compression_training::testing
