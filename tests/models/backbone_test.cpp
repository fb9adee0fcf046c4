#include <models/backbone_training.hpp>

#include <gtest/gtest.h>
#include <torch/serialize.h>

#include <random>

using namespace models;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("sextant-backbone-" + std::to_string(std::random_device{}()));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
};

TrainRecipe tiny() {
    TrainRecipe r;
    r.train_samples = 2000;
    r.epochs = 1;
    return r;
}

}  // namespace

TEST(Backbone, StagesRunOneByOneAndMatchTheWholeNetwork) {
    for (auto arch : {Architecture::resnet18, Architecture::cnn}) {
        torch::manual_seed(3);
        Backbone net(BackboneSpec{arch, 8, 10});
        net->eval();
        EXPECT_EQ(net->stage_count(), arch == Architecture::resnet18 ? 9 : 5);
        torch::NoGradGuard no_grad;
        auto x = torch::rand({3, 1, 28, 28});
        auto y = x;
        for (int i = 0; i < net->stage_count(); ++i) {
            y = net->stage(i, y);
            const auto shape = net->stage_shape(i);
            EXPECT_EQ(y.sizes(), (std::vector<std::int64_t>{3, shape[0], shape[1], shape[2]})) << net->stage_name(i);
        }
        EXPECT_TRUE(torch::allclose(net->head(y), net->forward(x)));
        EXPECT_EQ(net->features(x).size(1), net->feature_dim());
    }
    // The research note's parameter count for width 16.
    Backbone resnet(BackboneSpec{});
    EXPECT_NEAR(static_cast<double>(resnet->parameter_count()), 0.70e6, 0.02e6);
}

TEST(Backbone, RecipeKeyChangesWithEachInput) {
    if (!fashion_mnist_available(kFashionMnistDir)) GTEST_SKIP() << "Fashion-MNIST is not installed";
    const BackboneSpec spec;
    const TrainRecipe r = tiny();
    const auto base = ModelCache::key_of(backbone_recipe(spec, r, kFashionMnistDir));
    std::vector<std::pair<BackboneSpec, TrainRecipe>> changed;
    auto s = spec;
    s.arch = Architecture::cnn;
    changed.push_back({s, r});
    s = spec;
    s.width = 32;
    changed.push_back({s, r});
    s = spec;
    s.classes = 5;
    changed.push_back({s, r});
    auto t = r;
    t.train_samples = 3000;
    changed.push_back({spec, t});
    t = r;
    t.epochs = 2;
    changed.push_back({spec, t});
    t = r;
    t.batch = 64;
    changed.push_back({spec, t});
    t = r;
    t.learning_rate = 0.05;
    changed.push_back({spec, t});
    t = r;
    t.weight_decay = 0;
    changed.push_back({spec, t});
    t = r;
    t.flip = false;
    changed.push_back({spec, t});
    t = r;
    t.seed = 2;
    changed.push_back({spec, t});
    for (std::size_t i = 0; i < changed.size(); ++i)
        EXPECT_NE(ModelCache::key_of(backbone_recipe(changed[i].first, changed[i].second, kFashionMnistDir)), base)
            << "variation " << i;
}

TEST(Backbone, TinyConfigurationTrainsOnceAndLoadsTheSameWeights) {
    if (!fashion_mnist_available(kFashionMnistDir)) GTEST_SKIP() << "Fashion-MNIST is not installed";
    set_torch_threads(1);  // no OpenMP spinning when the cores are shared
    TempDir tmp;
    ModelCache cache(tmp.path);
    int logs = 0;
    double last_progress = 0;
    BuildObserver observer;
    observer.log = [&](const std::string&) { ++logs; };
    observer.progress = [&](double f, const std::string&) { last_progress = f; };
    auto first = cached_backbone(cache, BackboneSpec{}, tiny(), kFashionMnistDir, observer, 300);
    EXPECT_TRUE(first.trained_now);
    EXPECT_GT(logs, 1);
    EXPECT_DOUBLE_EQ(last_progress, 1.0);
    // One epoch on 2,000 images is well above chance (10%).
    EXPECT_GT(first.entry.info.at("test_accuracy").get<double>(), 0.5);

    auto second = cached_backbone(cache, BackboneSpec{}, tiny(), kFashionMnistDir, {}, 300);
    EXPECT_FALSE(second.trained_now);
    EXPECT_EQ(second.entry.key, first.entry.key);
    torch::NoGradGuard no_grad;
    auto x = torch::rand({4, 1, 28, 28});
    EXPECT_TRUE(torch::equal(first.model->forward(x), second.model->forward(x)));
    const auto split = load_fashion_mnist_split(kFashionMnistDir, 0, 0, 300);
    auto loaded = second.model;
    EXPECT_DOUBLE_EQ(evaluate_accuracy(loaded, split.test), first.entry.info.at("test_accuracy").get<double>());
}
