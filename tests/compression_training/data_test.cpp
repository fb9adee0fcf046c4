// The data: the real Fashion-MNIST files, the synthetic recommender set, the shards.
#include <compression_training/fashion_mnist.hpp>
#include <compression_training/shard_sampler.hpp>
#include <compression_training/synthetic_interactions.hpp>
#include <compression_training/training_data.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

using namespace compression_training;

TEST(FashionMnist, ReadsTheRealFiles) {
    if (!fashion_mnist_available(kFashionMnistDir))
        GTEST_SKIP() << "Fashion-MNIST is not installed at " << kFashionMnistDir
                     << " (Debian package dataset-fashion-mnist; scripts/setup installs it)";
    const Examples train = load_fashion_mnist(kFashionMnistDir, Split::train, 1000);
    ASSERT_EQ(train.count, 1000u);
    EXPECT_EQ(train.width, 784u);
    EXPECT_EQ(train.features.size(), 1000u * 784u);
    // The first training image of Fashion-MNIST is an ankle boot, the first test image too.
    EXPECT_EQ(train.labels[0], 9);
    EXPECT_STREQ(fashion_mnist_class(train.labels[0]), "Ankle boot");
    std::set<std::int64_t> classes(train.labels.begin(), train.labels.end());
    EXPECT_EQ(classes.size(), 10u);
    const auto [lo, hi] = std::minmax_element(train.features.begin(), train.features.end());
    EXPECT_EQ(*lo, 0.0f);
    EXPECT_EQ(*hi, 1.0f);
    const Examples test = load_fashion_mnist(kFashionMnistDir, Split::test, 100000);
    EXPECT_EQ(test.count, 10000u);  // the whole file when the limit exceeds it
    EXPECT_EQ(test.labels[0], 9);
}

TEST(FashionMnist, MissingFolderNamesTheFileAndTheRemedy) {
    try {
        load_fashion_mnist("/nonexistent/fmnist", Split::train, 10);
        FAIL() << "expected DatasetError";
    } catch (const DatasetError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("/nonexistent/fmnist/train-images-idx3-ubyte.gz"), std::string::npos) << m;
        EXPECT_NE(m.find("dataset-fashion-mnist"), std::string::npos) << m;
        EXPECT_NE(m.find("dataset_dir"), std::string::npos) << m;
    }
}

TEST(SyntheticInteractions, ReproducibleFromTheSeed) {
    SyntheticSpec spec;
    spec.users = 300;
    spec.items = 5000;
    spec.train_samples = 20000;
    const auto a = make_synthetic_interactions(spec, 1000, 42);
    const auto b = make_synthetic_interactions(spec, 1000, 42);
    const auto c = make_synthetic_interactions(spec, 1000, 43);
    EXPECT_EQ(a.train.ids, b.train.ids);
    EXPECT_EQ(a.train.labels, b.train.labels);
    EXPECT_EQ(a.test.ids, b.test.ids);
    EXPECT_EQ(a.bayes_accuracy, b.bayes_accuracy);
    EXPECT_NE(a.train.ids, c.train.ids);
    EXPECT_EQ(a.train.count, 20000u);
    EXPECT_EQ(a.test.count, 1000u);
    for (std::size_t i = 0; i < a.train.count; ++i) {
        ASSERT_LT(a.train.ids[2 * i], spec.users);
        ASSERT_LT(a.train.ids[2 * i + 1], spec.items);
    }
    // Clicks are predictable from taste, but not trivially.
    EXPECT_GT(a.bayes_accuracy, 0.7);
    EXPECT_LT(a.bayes_accuracy, 0.99);
    EXPECT_GT(a.click_rate, 0.3);
    EXPECT_LT(a.click_rate, 0.7);
}

TEST(SyntheticInteractions, ItemPopularityFollowsThePowerLaw) {
    SyntheticSpec spec;
    spec.users = 100;
    spec.items = 10000;
    spec.zipf_exponent = 1.0;
    spec.train_samples = 200000;
    const auto s = make_synthetic_interactions(spec, 10, 7);
    std::map<std::int64_t, double> count;
    for (std::size_t i = 0; i < s.train.count; ++i) count[s.train.ids[2 * i + 1]] += 1;
    double harmonic = 0;
    for (int r = 1; r <= spec.items; ++r) harmonic += 1.0 / r;
    // Rank r has probability r^-1 / H: check ranks 1, 2, 10 against their expected counts.
    for (int r : {1, 2, 10}) {
        const double expected = spec.train_samples / (r * harmonic);
        const double got = count[s.item_by_rank[static_cast<std::size_t>(r - 1)]];
        EXPECT_NEAR(got, expected, 5 * std::sqrt(expected)) << "rank " << r;
    }
    // Popular items are spread over the ids, not the first ones.
    EXPECT_NE(s.item_by_rank[0], 0);
    // Most items are rare: the batch of a worker touches few embedding rows.
    std::size_t seen = count.size();
    EXPECT_LT(seen, static_cast<std::size_t>(spec.items));
}

TEST(ShardSampler, ShardsAreDisjointEqualAndReshuffledPerEpoch) {
    const std::size_t total = 1003, batch = 10;
    std::set<std::uint32_t> all;
    for (int w = 0; w < 4; ++w) {
        ShardSampler s(total, 4, w, batch, 5);
        EXPECT_EQ(s.shard().size(), 250u);
        EXPECT_EQ(s.steps_per_epoch(), 25u);
        for (auto r : s.shard()) EXPECT_TRUE(all.insert(r).second) << "row " << r << " in two shards";
        std::multiset<std::uint32_t> epoch0, epoch1;
        for (long long t = 0; t < 25; ++t)
            for (auto r : s.batch(t)) epoch0.insert(r);
        for (long long t = 25; t < 50; ++t)
            for (auto r : s.batch(t)) epoch1.insert(r);
        EXPECT_EQ(epoch0, std::multiset<std::uint32_t>(s.shard().begin(), s.shard().end()));
        EXPECT_EQ(epoch1, epoch0);
        EXPECT_NE(s.batch(0), s.batch(25));  // a new order each epoch
        EXPECT_TRUE(s.ends_epoch(24));
        EXPECT_FALSE(s.ends_epoch(25));
        ShardSampler again(total, 4, w, batch, 5);
        EXPECT_EQ(again.batch(30), s.batch(30));  // the same batch from (seed, K, w, t) alone
    }
    EXPECT_THROW(ShardSampler(30, 4, 0, 10, 1), std::invalid_argument);
}

TEST(TrainingData, ImagesAreStandardisedWithTrainingStatistics) {
    TrainConfig c;
    if (!fashion_mnist_available(c.dataset_dir)) GTEST_SKIP() << "Fashion-MNIST is not installed at " << c.dataset_dir;
    c.train_samples = 500;
    c.test_samples = 100;
    const auto d = load_training_data(c);
    double sum = 0, sq = 0;
    for (float x : d.train.features) {
        sum += x;
        sq += double{x} * x;
    }
    const double n = static_cast<double>(d.train.features.size());
    EXPECT_NEAR(sum / n, 0.0, 1e-4);
    EXPECT_NEAR(sq / n, 1.0, 1e-3);
    EXPECT_FALSE(d.synthetic);
    c.model = ModelKind::ncf;
    const auto s = load_training_data(c);
    EXPECT_TRUE(s.synthetic);
    EXPECT_NE(s.description.find("SYNTHETIC"), std::string::npos);
}
