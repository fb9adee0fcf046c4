// Per-tensor densities measured in training: worker and union shares, averaged over steps.
#include <compression_training/data_parallel.hpp>
#include <compression_training/tensor_densities.hpp>

#include "training_helpers.hpp"

#include <gtest/gtest.h>

using namespace compression_training;
using compression_training::testing::small_ncf;

TEST(TensorDensities, WorkerAndUnionSharesPerTensorAveragedOverSteps) {
    // Tensor a: 4 values at offset 0; tensor b: 2 values at offset 4.
    DensityMeter meter({{"a", {4}, 0, 4, false}, {"b", {2}, 4, 2, true}});
    // Step 1: a: worker 0 has positions 0, 1; worker 1 has 1, 2 -> worker 0.5, union 0.75.
    //         b: only worker 1 at position 5 -> worker 0.25, union 0.5.
    meter.add(std::vector<std::vector<float>>{{1, 2, 0, 0, 0, 0}, {0, 3, 4, 0, 0, 5}});
    // Step 2: everything zero.
    meter.add(std::vector<std::vector<float>>{{0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}});
    const auto t = meter.means();
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(meter.steps(), 2);
    EXPECT_EQ(t[0].name, "a");
    EXPECT_DOUBLE_EQ(t[0].worker_density, 0.25);
    EXPECT_DOUBLE_EQ(t[0].union_density, 0.375);
    EXPECT_DOUBLE_EQ(t[1].worker_density, 0.125);
    EXPECT_DOUBLE_EQ(t[1].union_density, 0.25);
    EXPECT_TRUE(t[1].embedding);
}

TEST(TensorDensities, InProcessTrainingMeasuresEveryTensor) {
    TrainConfig c = small_ncf(4, 3);
    c.codec.scheme = "dense";
    TrainingObserver quiet;
    const TrainingSummary s = train_in_process(c, quiet);
    ASSERT_FALSE(s.tensors.empty());
    bool sparse_embedding = false, dense_layer = false;
    for (const auto& t : s.tensors) {
        EXPECT_GE(t.union_density, t.worker_density) << t.name;
        EXPECT_LE(t.union_density, 1.0) << t.name;
        // 32 impressions per worker touch a few of 3,000 item rows; MLP layers are dense.
        sparse_embedding = sparse_embedding || (t.embedding && t.union_density < 0.2 && t.worker_density > 0);
        dense_layer = dense_layer || (!t.embedding && t.worker_density > 0.5);
    }
    EXPECT_TRUE(sparse_embedding);
    EXPECT_TRUE(dense_layer);
}

TEST(TensorDensities, CorrelationAndTopkUnionOfDenseGradients) {
    // 200 values: top-1% is 2 positions per worker.
    std::vector<float> base(200);
    for (std::size_t i = 0; i < base.size(); ++i) base[i] = 0.01f * static_cast<float>(i % 7) - 0.02f;
    std::vector<float> same = base, opposite = base, elsewhere = base;
    for (auto& v : opposite) v = -v;
    base[10] = 5, base[20] = 4;
    same[10] = 5, same[20] = 4;
    opposite[10] = -5, opposite[20] = -4;
    elsewhere[30] = 5, elsewhere[40] = 4;

    DensityMeter alike({{"w", {200}, 0, 200, false}});
    alike.add(std::vector<std::vector<float>>{base, same});
    EXPECT_NEAR(alike.means()[0].correlation, 1.0, 1e-9);
    EXPECT_DOUBLE_EQ(alike.means()[0].topk_union_density, 2.0 / 200);

    // Opposite signs: the same largest magnitudes, correlation close to -1.
    DensityMeter mirrored({{"w", {200}, 0, 200, false}});
    mirrored.add(std::vector<std::vector<float>>{base, opposite});
    EXPECT_LT(mirrored.means()[0].correlation, -0.99);
    EXPECT_DOUBLE_EQ(mirrored.means()[0].topk_union_density, 2.0 / 200);

    DensityMeter apart({{"w", {200}, 0, 200, false}});
    apart.add(std::vector<std::vector<float>>{base, elsewhere});
    EXPECT_DOUBLE_EQ(apart.means()[0].topk_union_density, 4.0 / 200);
    EXPECT_LT(apart.means()[0].correlation, 0.5);
}
