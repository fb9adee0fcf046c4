// Whole studies on the tiny backbone (2,000 training images, 1 epoch), trained on first use
// into a model cache in the build folder that every test process shares (the cache's lock
// makes the first one train it), and the plugin's declarations.
#include "plugin_params.hpp"

#include <caching/study.hpp>
#include <models/fashion_mnist.hpp>
#include <params/param_values.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace caching;

namespace {

StudyConfig tiny(Method method) {
    StudyConfig c;
    c.method = method;
    c.backbone.train_samples = 2000;
    c.backbone.epochs = 1;
    c.model_cache_dir = "test-model-cache";
    c.evaluation_images = 500;
    c.fill_images = 1000;
    c.calibration_images = 2000;
    c.calibration_requests = 600;
    c.test_images = 2000;
    c.stream.requests = 300;
    c.stream.zipf_s = 0;  // held-out images without repeats
    c.eps = 0.05;
    return c;
}

bool have_data() { return models::fashion_mnist_available(models::kFashionMnistDir); }

// Agreement with the full model among the requests some point answered early.
std::pair<std::size_t, std::size_t> early_agreement(const StudyResult& r) {
    std::size_t early = 0, agree = 0;
    for (std::size_t i = 0; i < r.served.size(); ++i)
        if (r.served[i].exit_stage < r.stages) {
            ++early;
            agree += r.served[i].label == r.baseline[i].label ? 1 : 0;
        }
    return {early, agree};
}

}  // namespace

TEST(CachingStudy, CalibrationMeetsItsAgreementTargetOnHeldOutRequests) {
    if (!have_data()) GTEST_SKIP() << "Fashion-MNIST is not installed";
    for (Method m : {Method::freeze, Method::learned}) {
        const StudyResult r = run_study(tiny(m));
        const auto [early, agree] = early_agreement(r);
        ASSERT_GT(early, 20u) << to_string(m) << ": too few early answers to check anything";
        const double p = static_cast<double>(agree) / static_cast<double>(early);
        // 1 - eps, less three standard errors of a share measured on `early` requests.
        const double margin = 3 * std::sqrt(0.05 * 0.95 / static_cast<double>(early));
        EXPECT_GE(p, 0.95 - margin) << to_string(m) << ": " << agree << " of " << early;
        EXPECT_GE(r.calibration.agreement, 0.95) << to_string(m);
    }
}

TEST(CachingStudy, NoCacheRunsEveryBlockAndMatchesTheBaseline) {
    if (!have_data()) GTEST_SKIP() << "Fashion-MNIST is not installed";
    auto c = tiny(Method::none);
    c.stream.requests = 50;
    const StudyResult r = run_study(c);
    const StudySummary s = summarise(r);
    EXPECT_DOUBLE_EQ(s.agreement, 1.0);
    EXPECT_DOUBLE_EQ(s.mean_blocks, 8.0);
    EXPECT_DOUBLE_EQ(s.skip_half_fraction, 0.0);
    EXPECT_GT(s.latency_p50_ms, 0);
    ASSERT_EQ(s.exit_fraction.size(), 9u);
    EXPECT_DOUBLE_EQ(s.exit_fraction[8], 1.0);
}

TEST(CachingStudy, OutputCacheAnswersRepeatsWithoutRunningTheModel) {
    if (!have_data()) GTEST_SKIP() << "Fashion-MNIST is not installed";
    auto c = tiny(Method::output_cache);
    c.stream.zipf_s = 1.2;
    const StudyResult r = run_study(c);
    const StudySummary s = summarise(r);
    EXPECT_DOUBLE_EQ(s.agreement, 1.0);  // exact repeats only
    EXPECT_GT(s.early_fraction, 0.3);
    EXPECT_LT(s.mean_blocks, 8.0);
}

// 500 requests of the same cost in both passes, and one stall of 100 requests' worth in the
// method pass: the mean ratio reads a slowdown, the trimmed one does not.
TEST(CachingStudy, TrimmedCpuSpeedupIgnoresAStallInOnePass) {
    StudyResult r;
    r.stages = 9;
    for (int i = 0; i < 500; ++i) {
        Served s;
        s.label = 0;
        s.blocks = 8;
        s.exit_stage = 9;
        s.cpu_s = s.latency_s = 1e-3 * (1 + 0.01 * (i % 7));
        r.baseline.push_back(s);
        if (i == 123) s.cpu_s = s.latency_s = 0.1;
        r.served.push_back(s);
        r.truth.push_back(0);
    }
    const StudySummary s = summarise(r);
    EXPECT_LT(s.cpu_speedup, 0.9);
    EXPECT_NEAR(s.cpu_speedup_trimmed, 1.0, 0.01);
}

TEST(CachingStudy, BadParametersAreRejectedNamingThem) {
    const auto message = [](StudyConfig c) {
        try {
            run_study(c);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    auto c = tiny(Method::freeze);
    c.freeze.cache.capacity = 3;  // below k = 5
    EXPECT_NE(message(c).find("capacity"), std::string::npos);
    c = tiny(Method::freeze);
    c.freeze.cache.k = 0;
    EXPECT_NE(message(c).find("k must be"), std::string::npos);
    if (!have_data()) return;
    c = tiny(Method::freeze);
    c.points = {"conv2"};  // a CNN stage on the ResNet
    EXPECT_NE(message(c).find("points"), std::string::npos);
}

TEST(CachingPlugin, DeclarationsRejectUnknownPointsAndZeroK) {
    const auto info = caching_plugin_info();
    const auto decl = [&](const std::string& name) {
        for (const auto& p : info.params)
            if (p.name == name) return p;
        throw std::runtime_error("no parameter " + name);
    };
    EXPECT_FALSE(sextant::check_param_value(decl("points"), nlohmann::json::array({"block2", "block9"})).error.empty());
    EXPECT_TRUE(sextant::check_param_value(decl("points"), nlohmann::json::array({"stem", "block8"})).error.empty());
    EXPECT_FALSE(sextant::check_param_value(decl("k"), 0).error.empty());
    EXPECT_FALSE(sextant::check_param_value(decl("method"), "lru").error.empty());
    std::vector<std::string> headline;
    for (const auto& m : info.metrics)
        if (m.headline) headline.push_back(m.name);
    EXPECT_EQ(headline,
              (std::vector<std::string>{"speedup", "latency_p50_ms", "agreement", "accuracy", "skip_half_fraction"}));
}

TEST(CachingPlugin, ParametersDecodeIntoTheStudy) {
    nlohmann::json values;
    for (const auto& p : caching_plugin_info().params) values[p.name] = p.default_value;
    values["method"] = "early-exit";
    values["points"] = {"stem", "block8"};
    values["stream"] = "near-duplicate";
    values["capacity"] = 100;
    values["calibration_confidence"] = 0.95;
    const StudyConfig c = decode_params(sextant::Params(values), 42);
    EXPECT_DOUBLE_EQ(c.calibration_confidence, 0.95);
    EXPECT_EQ(c.method, Method::early_exit);
    EXPECT_EQ(c.points, (std::vector<std::string>{"stem", "block8"}));
    EXPECT_EQ(c.stream.kind, StreamKind::near_duplicate);
    EXPECT_EQ(c.stream.seed, 42u);
    EXPECT_EQ(c.freeze.cache.capacity, 100u);
    EXPECT_EQ(c.backbone.train_samples, 55000u);  // the model sextant-train-backbone builds by default
    EXPECT_EQ(c.backbone.epochs, 6);
}
