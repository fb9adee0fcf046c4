// The inference engine, exit rules, workloads and output cache (plugins/caching/serving), on an
// untrained narrow backbone: what matters here is that a cache reproduces whatever the model
// says and that a disabled one changes nothing.
#include <caching/exit_rule.hpp>
#include <caching/inference_engine.hpp>
#include <caching/output_cache.hpp>
#include <caching/torch_backbone.hpp>
#include <caching/workload.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>
#include <set>

using namespace caching;

namespace {

constexpr std::size_t kPixels = 28 * 28;

std::vector<float> random_images(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> u(0, 1);
    std::vector<float> v(n * kPixels);
    for (auto& x : v) x = u(rng);
    return v;
}

std::span<const float> image(const std::vector<float>& v, std::size_t i) {
    return std::span<const float>(v).subspan(i * kPixels, kPixels);
}

// Freeze caches at stem, block4 and block7 of an untrained width-4 ResNet, filled with 300 images.
struct Fixture {
    std::unique_ptr<StagedModel> model = untrained_backbone("resnet18", 4, 7);
    InferenceEngine engine{*model};
    explicit Fixture(bool write_back = true) {
        FreezeOptions f;
        f.key = KeyKind::random;  // random images differ everywhere, not on average
        f.key_dims = 16;
        f.write_back = write_back;
        f.cache.k = 3;
        for (int s : {0, 4, 7}) engine.set_rule(s, make_freeze_rule(model->shape(s), f));
        const auto fill = random_images(300, 1);
        build_rules(engine, fill, std::vector<std::int64_t>(300, 0));
    }
};

}  // namespace

TEST(CachingWorkload, ZipfLocalityGrowsWithTheExponentAndIsSeeded) {
    const auto distinct = [](double s, std::uint64_t seed) {
        StreamOptions o;
        o.zipf_s = s;
        o.requests = 5000;
        o.seed = seed;
        std::set<std::size_t> seen;
        for (const auto& r : make_stream(o, 10000)) seen.insert(r.image);
        return seen.size();
    };
    EXPECT_GT(distinct(0, 1), 3000u);    // uniform over 10k: ~3,900 distinct of 5,000
    EXPECT_LT(distinct(1.2, 1), 1500u);  // heavy repeats
    EXPECT_LT(distinct(1.2, 1), distinct(0.8, 1));
    StreamOptions o;
    const auto a = make_stream(o, 100), b = make_stream(o, 100);
    o.seed = 2;
    const auto c = make_stream(o, 100);
    EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), [](auto& x, auto& y) { return x.image == y.image; }));
    EXPECT_FALSE(std::equal(a.begin(), a.end(), c.begin(), [](auto& x, auto& y) { return x.image == y.image; }));
}

TEST(CachingWorkload, NearDuplicateFramesAreSmallShiftsOfOneImage) {
    StreamOptions o;
    o.kind = StreamKind::near_duplicate;
    o.requests = 40;
    o.sequence_length = 10;
    o.max_shift = 1;
    o.noise = 0.02;
    const auto s = make_stream(o, 1000);
    ASSERT_EQ(s.size(), 40u);
    for (std::size_t i = 0; i < s.size(); ++i) {
        EXPECT_EQ(s[i].image, s[i - i % 10].image) << i;
        EXPECT_LE(std::abs(s[i].dx), 1);
        EXPECT_LE(std::abs(s[i].dy), 1);
    }
    const auto img = random_images(1, 3);
    std::vector<float> out(kPixels);
    render(Request{0, 0, 0, 0}, img, 28, 28, 0.02, out);
    EXPECT_EQ(out, img);  // no shift, no noise: the image itself
    render(Request{0, 1, 0, 5}, img, 28, 28, 0.02, out);
    double diff = 0;
    for (int y = 0; y < 28; ++y)
        for (int x = 1; x < 28; ++x) diff += std::abs(out[y * 28 + x] - img[y * 28 + x - 1]);
    EXPECT_LT(diff / (28 * 27), 0.03);  // shifted right by one, plus noise of sigma 0.02
    for (float v : out) EXPECT_TRUE(v >= 0 && v <= 1);
}

TEST(CachingWorkload, BadOptionsAreNamed) {
    StreamOptions o;
    o.zipf_s = -1;
    EXPECT_THROW(make_stream(o, 10), std::invalid_argument);
    EXPECT_THROW(make_stream(StreamOptions{}, 0), std::invalid_argument);
    try {
        stream_kind_from_string("video");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("near-duplicate"), std::string::npos);
    }
}

TEST(OutputCache, HitsOnlyExactRepeatsAndKeepsItsCapacity) {
    OutputCache cache(2);
    auto a = random_images(1, 1), b = random_images(1, 2), c = random_images(1, 3);
    EXPECT_FALSE(cache.lookup(a));
    cache.insert(a, 4);
    EXPECT_EQ(cache.lookup(a), 4);
    auto a2 = a;
    a2[100] += 1e-6f;  // not the same bytes
    EXPECT_FALSE(cache.lookup(a2));
    cache.insert(a2, 5);
    EXPECT_FALSE(cache.lookup(b));
    cache.insert(b, 6);  // evicts the least recently used: a (a2 was stored after it)
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_FALSE(cache.lookup(a));
    EXPECT_EQ(cache.lookup(b), 6);
    EXPECT_FALSE(cache.lookup(c));
}

TEST(InferenceEngine, DisabledCachesGiveExactlyTheFullModelsAnswersAndBlocks) {
    Fixture f;  // thresholds stay +inf after build_rules: no point may answer
    const auto requests = random_images(30, 9);
    for (std::size_t i = 0; i < 30; ++i) {
        const Served full = f.engine.serve_full(image(requests, i));
        const Served served = f.engine.serve(image(requests, i));
        EXPECT_EQ(served.label, full.label) << i;
        EXPECT_EQ(served.blocks, 8) << i;
        EXPECT_EQ(served.exit_stage, f.model->stages()) << i;
    }
    EXPECT_EQ(f.engine.point_stats()[4].visits, 30);
    EXPECT_EQ(f.engine.point_stats()[4].hits, 0);
}

TEST(InferenceEngine, RepeatsWrittenBackHitAtTheFirstPointWithTheModelsAnswer) {
    Fixture f;
    for (int s : {0, 4, 7}) f.engine.rule(s)->set_thresholds(0.0, 1e-6);  // only (near-)identical keys answer
    const auto requests = random_images(20, 11);
    std::vector<std::int64_t> first(20);
    for (std::size_t i = 0; i < 20; ++i) {
        const Served s = f.engine.serve(image(requests, i));
        EXPECT_EQ(s.exit_stage, f.model->stages()) << "a new image must not hit";
        first[i] = s.label;
    }
    for (std::size_t i = 0; i < 20; ++i) {
        const Served s = f.engine.serve(image(requests, i));
        EXPECT_EQ(s.exit_stage, 0) << i;
        EXPECT_EQ(s.blocks, 0) << i;
        EXPECT_EQ(s.label, first[i]) << i;
        EXPECT_GT(s.lookup_s, 0);
    }
}

TEST(InferenceEngine, ABatchSplitsAsItsRequestsExit) {
    Fixture f;
    for (int s : {0, 4, 7}) f.engine.rule(s)->set_thresholds(0.0, 1e-6);
    const auto known = random_images(2, 21), fresh = random_images(2, 22);
    std::vector<std::int64_t> single;
    for (std::size_t i = 0; i < 2; ++i) single.push_back(f.engine.serve(image(known, i)).label);  // written back
    for (std::size_t i = 0; i < 2; ++i) single.push_back(f.engine.serve_full(image(fresh, i)).label);
    // A batch of four: the two known images exit at the stem, the two fresh ones run on as a batch of two.
    std::vector<float> batch;
    for (std::size_t i : {0, 1}) batch.insert(batch.end(), image(fresh, i).begin(), image(fresh, i).end());
    for (std::size_t i : {0, 1}) batch.insert(batch.end(), image(known, i).begin(), image(known, i).end());
    const auto served = f.engine.serve_batch(batch, 4);
    ASSERT_EQ(served.size(), 4u);
    EXPECT_EQ(served[0].exit_stage, f.model->stages());
    EXPECT_EQ(served[1].exit_stage, f.model->stages());
    EXPECT_EQ(served[2].exit_stage, 0);
    EXPECT_EQ(served[3].exit_stage, 0);
    EXPECT_EQ(served[0].label, single[2]);
    EXPECT_EQ(served[1].label, single[3]);
    EXPECT_EQ(served[2].label, single[0]);
    EXPECT_EQ(served[3].label, single[1]);
    EXPECT_LT(served[2].latency_s, served[0].latency_s);
    // The fresh ones were written back from the batch: alone they now exit at the stem too.
    EXPECT_EQ(f.engine.serve(image(fresh, 1)).exit_stage, 0);
    const auto full = f.engine.serve_full_batch(batch, 4);
    for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(full[i].label, served[i].label) << i;
}

TEST(InferenceEngine, WithoutWriteBackRepeatsStillMiss) {
    Fixture f(false);
    for (int s : {0, 4, 7}) f.engine.rule(s)->set_thresholds(0.0, 1e-6);
    const auto requests = random_images(5, 11);
    for (int pass = 0; pass < 2; ++pass)
        for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(f.engine.serve(image(requests, i)).exit_stage, f.model->stages());
}

TEST(InferenceEngine, OracleExitsAtTheEarliestPointThatAgreesWithTheModel) {
    Fixture f;
    const auto requests = random_images(10, 13);
    for (std::size_t i = 0; i < 10; ++i) f.engine.serve_full(image(requests, i));
    for (std::size_t i = 0; i < 10; ++i) {
        const Served full = f.engine.serve_full(image(requests, i));
        const Served o = f.engine.serve_oracle(image(requests, i));
        EXPECT_EQ(o.label, full.label);
        EXPECT_TRUE(o.exit_stage == 0 || o.exit_stage == 4 || o.exit_stage == 7 || o.exit_stage == f.model->stages());
    }
    // Every fill entry carries label 0; an image the model labels 0 agrees at the stem.
    const auto fill = random_images(300, 1);
    const Served o = f.engine.serve_oracle(image(fill, 0));
    if (o.label == 0) {
        EXPECT_EQ(o.exit_stage, 0);
    }
}

TEST(CachingHead, LearnsSeparableFeaturesAndAgreesWithItsTrainingTargets) {
    std::mt19937_64 rng(1);
    std::normal_distribution<float> g(0, 0.3f);
    const int dim = 8, classes = 4;
    const std::size_t n = 800;
    std::vector<float> x(n * dim);
    std::vector<std::int64_t> y(n);
    for (std::size_t i = 0; i < n; ++i) {
        y[i] = static_cast<std::int64_t>(i % classes);
        for (int d = 0; d < dim; ++d) x[i * dim + d] = (d == y[i] ? 2.0f : 0.0f) + g(rng);
    }
    for (int hidden : {0, 16}) {
        HeadTraining t;
        t.hidden = hidden;
        const Head h = train_head(x, n, dim, y, classes, t);
        std::size_t right = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const auto p = h.probabilities(std::span<const float>(x).subspan(i * dim, dim));
            EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-5);
            right += (std::max_element(p.begin(), p.end()) - p.begin()) == y[i] ? 1 : 0;
        }
        EXPECT_GT(static_cast<double>(right) / n, 0.95) << "hidden " << hidden;
    }
}

// GATI's learned selector: the predictor learns from the first 80% of the fill rows, where the
// model's answer is a > 0; in the other 20% the model answers the opposite wherever b > 0, so
// there the predictor is wrong. The selector, trained on those rows, must distrust b > 0; the
// predictor's top probability (the default) cannot tell, and is >= 0.5 with two classes anyway.
TEST(CachingHead, LearnedSelectorDistrustsWhereThePredictorDisagreesWithTheModel) {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<float> u(-1, 1);
    const std::size_t n = 2000;
    std::vector<float> features;
    std::vector<std::int64_t> answers;
    for (std::size_t i = 0; i < n; ++i) {
        const float a = u(rng), b = u(rng);
        features.insert(features.end(), {a, b, 0.0f, 0.0f});  // a 1 x 2 x 2 activation pools to itself
        const bool positive = a > 0;
        answers.push_back(i < n - n / 5 || b <= 0 ? positive : !positive);
    }
    HeadRuleOptions o;
    o.style = HeadStyle::learned;
    o.classes = 2;
    o.learned_hidden = 16;
    o.training.epochs = 40;
    const auto confidence = [&](Selector selector, float a, float b) {
        o.selector = selector;
        auto rule = make_head_rule({1, 2, 2}, o);
        rule->build(features, answers, answers);
        rule->set_thresholds(0.0, 0.0);
        const std::vector<float> x{a, b, 0.0f, 0.0f};
        return rule->check(x).confidence;
    };
    EXPECT_LT(confidence(Selector::learned, 0.8f, 0.6f), 0.3);
    EXPECT_GT(confidence(Selector::learned, 0.8f, -0.6f), 0.7);
    EXPECT_GT(confidence(Selector::top_probability, 0.8f, 0.6f), 0.5);
    EXPECT_THROW(selector_from_string("largest"), std::invalid_argument);
}
