// Training through the codec: lossless schemes give dense's parameters at every step
// (int: bit for bit; float: within a stated tolerance), lossy ones do not.
#include "training_helpers.hpp"

#include <compression_training/exchanges.hpp>

#include <gtest/gtest.h>

using namespace compression_training;
using namespace compression_training::testing;
using compression::IndexKind;
using compression::ValueMode;

namespace {

void expect_identical_every_step(const Recorder& a, const Recorder& b, const std::string& what) {
    ASSERT_EQ(a.steps.size(), b.steps.size()) << what;
    ASSERT_FALSE(a.steps.empty());
    for (std::size_t s = 0; s < a.steps.size(); ++s)
        ASSERT_TRUE(bit_equal(a.steps[s], b.steps[s]))
            << what << ": parameters differ after step " << s << " (max |diff| " << max_abs_diff(a.steps[s], b.steps[s])
            << ")";
}

bool have_fashion_mnist() { return fashion_mnist_available(kFashionMnistDir); }

}  // namespace

TEST(LosslessTraining, NcfGradientsAreSparse) {
    const auto r = run_training(small_ncf(4, 5), "dense");
    ASSERT_EQ(r.records.size(), 5u);
    // 32 impressions touch at most 64 of 3200 embedding rows: a sparse gradient.
    EXPECT_LT(r.records[0].density, 0.05);
    EXPECT_GT(r.records[0].density, 0.0);
}

TEST(LosslessTraining, LhcIntIsBitIdenticalToDenseIntEveryStepNcf) {
    const auto dint = run_training(small_ncf(), "dense-int");
    expect_identical_every_step(run_training(small_ncf(), "lhc", ValueMode::int32, IndexKind::bloom), dint,
                                "lhc int bloom");
    expect_identical_every_step(run_training(small_ncf(), "lhc", ValueMode::int32, IndexKind::bitmap), dint,
                                "lhc int bitmap");
}

TEST(LosslessTraining, LhcIntIsBitIdenticalToDenseIntEveryStepMlp) {
    if (!have_fashion_mnist()) GTEST_SKIP() << "Fashion-MNIST is not installed at " << kFashionMnistDir;
    expect_identical_every_step(run_training(small_mlp(), "lhc"), run_training(small_mlp(), "dense-int"),
                                "mlp lhc int");
}

TEST(LosslessTraining, LhcIntCompressesTheSparseModel) {
    const auto lhc = run_training(small_ncf(4, 5), "lhc");
    const auto dense = run_training(small_ncf(4, 5), "dense");
    EXPECT_LT(lhc.records[0].exchange.bytes_sent * 4, dense.records[0].exchange.bytes_sent);
    EXPECT_EQ(dense.records[0].exchange.bytes_sent, dense.records[0].exchange.dense_bytes_sent);
}

// Float mode is not exact: float cells round when the network adds them, and a value
// peeled from a cell inherits the rounding of the values peeled before it there. The codec
// peels breadth-first, which keeps those chains short (depth-first peeling let errors grow
// to 1e15 on the dense MLP gradient). Stated tolerance, at the default load factor: at every
// step the decoded aggregate is within 1e-4 x max |dense| (max error) and 1e-4 relative L2
// of the dense aggregate of the same gradients (measured: <= 3e-6 and <= 2.3e-6 over 4 NCF
// seeds x 40 steps and 20 MLP steps), and the parameters stay within 1e-4 x (1 + max |p|)
// of the dense run's - with SGD. Adagrad turns any nonzero gradient, however tiny, into a
// step of about lr at first (g / sqrt(g^2)); float mode's rounding leaves tiny nonzeros
// where dense has exact zeros (Bloom false positives, cancelled sums), so with adagrad the
// parameters differ by ~lr although the aggregates agree to 1e-4.
namespace {

constexpr double kFloatTolerance = 1e-4;

// Runs lhc float and, on the same gradients, dense; passes lhc's sum on.
class ShadowExchange : public GradientExchange {
public:
    explicit ShadowExchange(int k) : lhc_(lhc_config(), k), dense_(compression::SchemeConfig{}, k) {}
    static compression::SchemeConfig lhc_config() {
        compression::SchemeConfig c;
        c.scheme = "lhc";
        c.mode = ValueMode::float32;
        return c;
    }
    int workers() const override { return lhc_.workers(); }
    std::vector<int> local_workers() const override { return lhc_.local_workers(); }
    bool reports() const override { return true; }
    void sum_statistics(std::span<double>) override {}
    ExchangeResult exchange(std::span<const std::span<const float>> local, std::span<float> sum) override {
        std::vector<float> want(sum.size());
        dense_.exchange(local, want);
        const auto r = lhc_.exchange(local, sum);
        double max_err = 0, max_want = 0, err2 = 0, want2 = 0;
        for (std::size_t i = 0; i < sum.size(); ++i) {
            const double e = double{sum[i]} - double{want[i]};
            max_err = std::max(max_err, std::abs(e));
            max_want = std::max(max_want, double{std::abs(want[i])});
            err2 += e * e;
            want2 += double{want[i]} * want[i];
        }
        worst_max = std::max(worst_max, max_err / max_want);
        worst_l2 = std::max(worst_l2, std::sqrt(err2 / want2));
        return r;
    }
    double worst_max = 0, worst_l2 = 0;

private:
    CodecExchange lhc_, dense_;
};

std::vector<std::pair<std::string, TrainConfig>> float_mode_runs() {
    std::vector<std::pair<std::string, TrainConfig>> runs;
    for (std::uint64_t seed : {3u, 9u}) {
        auto c = small_ncf(4, 30);
        c.seed = seed;
        c.optimizer = Optimizer::sgd;
        runs.emplace_back("ncf seed " + std::to_string(seed), c);
    }
    if (have_fashion_mnist()) runs.emplace_back("mlp", small_mlp());
    return runs;
}

}  // namespace

TEST(LosslessTraining, LhcFloatAggregateWithinStatedToleranceEveryStep) {
    for (const auto& [name, c] : float_mode_runs()) {
        const auto data = load_training_data(c);
        ShadowExchange shadow(c.workers);
        TrainingObserver quiet;
        train(c, data, shadow, quiet);
        EXPECT_LE(shadow.worst_max, kFloatTolerance) << name;
        EXPECT_LE(shadow.worst_l2, kFloatTolerance) << name;
        EXPECT_GT(shadow.worst_max, 0.0) << name
                                         << ": float peeling rounds; exact equality would mean float mode was not used";
    }
}

TEST(LosslessTraining, LhcFloatParametersWithinStatedToleranceOfDenseEveryStep) {
    for (auto [name, c] : float_mode_runs()) {
        const auto dense = run_training(c, "dense");
        const auto lhc = run_training(c, "lhc", ValueMode::float32);
        ASSERT_EQ(lhc.steps.size(), dense.steps.size());
        for (std::size_t s = 0; s < dense.steps.size(); ++s) {
            double scale = 0;
            for (float p : dense.steps[s]) scale = std::max(scale, double{std::abs(p)});
            ASSERT_LE(max_abs_diff(lhc.steps[s], dense.steps[s]), kFloatTolerance * (1 + scale))
                << name << " step " << s;
        }
    }
}

TEST(LosslessTraining, LossySchemesChangeTheParameters) {
    const auto dense = run_training(small_ncf(4, 5), "dense");
    for (const char* s : {"topk", "thc", "fp16"}) {
        const auto lossy = run_training(small_ncf(4, 5), s);
        ASSERT_EQ(lossy.steps.size(), dense.steps.size());
        EXPECT_GT(max_abs_diff(lossy.steps.back(), dense.steps.back()), 0.0) << s;
    }
    // dense-int rounds to fixed point: exact against itself, not against float dense.
    EXPECT_GT(max_abs_diff(run_training(small_ncf(4, 5), "dense-int").steps.back(), dense.steps.back()), 0.0);
}

TEST(LosslessTraining, RunsAreReproducible) {
    const auto a = run_training(small_ncf(3, 6), "thc");
    const auto b = run_training(small_ncf(3, 6), "thc");
    expect_identical_every_step(a, b, "thc twice");
    auto other = small_ncf(3, 6);
    other.seed = 4;
    EXPECT_FALSE(bit_equal(run_training(other, "thc").steps.back(), a.steps.back()));
}

TEST(LosslessTraining, TrainingLearns) {
    if (!have_fashion_mnist()) GTEST_SKIP() << "Fashion-MNIST is not installed at " << kFashionMnistDir;
    auto c = small_mlp(4, 40);
    const auto r = run_training(c, "lhc");
    ASSERT_FALSE(r.epochs.empty());
    // 10 classes: chance is 0.1. 40 steps of 4 x 16 images reach well above it.
    EXPECT_GT(r.epochs.back().test_accuracy, 0.5);
    EXPECT_LT(r.records.back().loss, r.records.front().loss);
}

namespace {

// An exchange that hands back a NaN at step 2: the loop must stop and say where.
class BrokenExchange : public CodecExchange {
public:
    BrokenExchange() : CodecExchange(compression::SchemeConfig{}, 2) {}
    ExchangeResult exchange(std::span<const std::span<const float>> local, std::span<float> sum) override {
        auto r = CodecExchange::exchange(local, sum);
        if (++calls == 2) sum[7] = std::nanf("");
        return r;
    }
    int calls = 0;
};

}  // namespace

TEST(LosslessTraining, NonFiniteAggregateStopsWithStepAndPosition) {
    auto c = small_ncf(2, 5);
    const auto data = load_training_data(c);
    BrokenExchange broken;
    TrainingObserver quiet;
    try {
        train(c, data, broken, quiet);
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("step 2"), std::string::npos) << m;
        EXPECT_NE(m.find("position 7"), std::string::npos) << m;
    }
}
