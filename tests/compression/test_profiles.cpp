// The model profiles: real architectures (parameter counts as published), every number
// sourced or marked as an assumption, and densities that behave as the model says.
#include "profile.hpp"
#include "workload.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

using namespace sextant::compression_plugin;

TEST(Profiles, ParameterCountsMatchThePublishedModels) {
    EXPECT_EQ(find_profile("vgg19").parameters(), 143667240u);      // torchvision vgg19
    EXPECT_EQ(find_profile("bert-base").parameters(), 109482240u);  // BertModel incl. pooler
    EXPECT_EQ(find_profile("ncf").parameters(), 138493u * 192 + 26744u * 192 + 106944 + 129);
    EXPECT_EQ(find_profile("lstm").parameters(), 2u * 33278 * 650 + 33278 + 4u * 2600 * 650 + 4u * 2600);
}

TEST(Profiles, EveryNumberHasASource) {
    for (const auto& id : available_profiles()) {
        const auto p = find_profile(id);
        EXPECT_FALSE(p.samples_per_worker.source.empty()) << id;
        EXPECT_FALSE(p.sources.empty()) << id;
        for (const auto& t : p.tensors) {
            EXPECT_FALSE(t.source.empty()) << id << " " << t.name;
            if (t.kind == "embedding") {
                EXPECT_FALSE(t.zipf.source.empty()) << t.name;
            }
        }
    }
}

TEST(Profiles, UnionDensityGrowsWithWorkersAndMatchesGeneratedGradients) {
    const auto p = find_profile("lstm");
    const auto& enc = p.tensors.front();
    ASSERT_EQ(enc.kind, "embedding");
    const double one = expected_density(p, enc, 1, 1.0), eight = expected_density(p, enc, 8, 1.0);
    EXPECT_GT(eight, one);
    EXPECT_LT(eight, 8 * one);  // popular words overlap across workers
    // The generator at full scale agrees with the analytic expectation.
    const auto w = Workload::from_profile(p, 1.0, DenseSparsifier{});
    std::vector<float> g;
    double nonzero = 0;
    for (std::size_t worker = 0; worker < 4; ++worker) {
        w.generate(0, 11, 0, worker, g);
        for (float v : g) nonzero += v != 0.0f;
    }
    EXPECT_NEAR(nonzero / 4 / g.size(), one, 0.15 * one);
}

TEST(Profiles, BadFilesNameTheField) {
    const auto dir = std::filesystem::temp_directory_path() / ("sextant-profile-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto file = dir / "broken.json";
    std::ofstream(file) << R"({"profile": "x", "title": "t", "sources": {}, "samples_per_worker": {"value": 1},
                              "value_scale": {"value": 1, "source": "s"}, "tensors": []})";
    try {
        load_profile(file);
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("samples_per_worker"), std::string::npos) << e.what();
    }
}

TEST(Profiles, MeasuredDensitiesAreReproducedByTheGenerator) {
    // A profile made by `sextant-cli codec profile --from-run`: an embedding table (rows
    // touched whole) and a dense layer, densities measured at 4 workers.
    const auto dir = std::filesystem::temp_directory_path() / ("sextant-measured-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto file = dir / "m.json";
    std::ofstream(file) << R"({"profile": "m", "title": "t", "sources": {"run": "r"},
      "samples_per_worker": {"value": 32, "source": "s"}, "value_scale": {"value": 1, "source": "s"},
      "tensors": [
        {"name": "items", "shape": [20000, 8], "kind": "measured", "embedding": true, "workers": 4,
         "worker_density": {"value": 0.01, "source": "measured"}, "union_density": {"value": 0.03, "source": "measured"},
         "source": "measured"},
        {"name": "fc", "shape": [100, 100], "kind": "measured", "workers": 4,
         "worker_density": {"value": 0.5, "source": "measured"}, "union_density": {"value": 0.9, "source": "measured"},
         "source": "measured"}]})";
    const Profile p = load_profile(file);
    const Workload w = Workload::from_profile(p, 1.0, DenseSparsifier{});
    for (std::size_t t = 0; t < 2; ++t) {
        const auto& tp = p.tensors[t];
        EXPECT_NEAR(expected_density(p, tp, 1, 1.0), tp.worker_density.value, 1e-12) << tp.name;
        EXPECT_NEAR(expected_density(p, tp, 4, 1.0), tp.union_density.value, 1e-9) << tp.name;
        EXPECT_GT(expected_density(p, tp, 16, 1.0), tp.union_density.value) << tp.name;
        std::vector<float> g;
        std::vector<std::uint8_t> any;
        double nonzero = 0;
        for (std::size_t worker = 0; worker < 4; ++worker) {
            w.generate(t, 5, 0, worker, g);
            any.resize(g.size());
            for (std::size_t i = 0; i < g.size(); ++i) {
                nonzero += g[i] != 0.0f;
                any[i] |= g[i] != 0.0f;
            }
        }
        double in_union = 0;
        for (auto a : any) in_union += a;
        const double n = static_cast<double>(g.size());
        EXPECT_NEAR(nonzero / 4 / n, tp.worker_density.value, 0.1 * tp.worker_density.value) << tp.name;
        EXPECT_NEAR(in_union / n, tp.union_density.value, 0.1 * tp.union_density.value) << tp.name;
    }
    // Rows stay whole in the embedding table.
    std::vector<float> g;
    w.generate(0, 5, 0, 0, g);
    for (std::size_t r = 0; r < 20000; ++r)
        for (std::size_t c = 1; c < 8; ++c) ASSERT_EQ(g[r * 8] != 0.0f, g[r * 8 + c] != 0.0f) << "row " << r;
    std::filesystem::remove_all(dir);
}

namespace {

// Union density over `workers` of the first dense tensor of vgg19 with the given sparsifier.
struct Thinned {
    double worker = 0, union_share = 0;
    std::vector<std::size_t> kept;  // per worker
};

Thinned thin_vgg_tensor(DenseSparsifier dense, std::size_t workers) {
    const auto p = find_profile("vgg19");
    const auto w = Workload::from_profile(p, 0.02, dense);
    std::size_t index = 0;  // a conv layer with tens of thousands of values at this scale
    while (w.tensors()[index].size() < 20000) ++index;
    std::vector<float> g;
    std::vector<char> any;
    Thinned out;
    for (std::size_t k = 0; k < workers; ++k) {
        w.generate(index, 5, 0, k, g);
        any.resize(g.size(), 0);
        std::size_t n = 0;
        for (std::size_t i = 0; i < g.size(); ++i)
            if (g[i] != 0.0f) ++n, any[i] = 1;
        out.kept.push_back(n);
        out.worker += static_cast<double>(n) / static_cast<double>(g.size() * workers);
    }
    out.union_share = static_cast<double>(std::count(any.begin(), any.end(), 1)) / static_cast<double>(any.size());
    return out;
}

}  // namespace

TEST(Profiles, TopkKeepsExactlyItsShareAndCorrelationDecidesTheUnion) {
    using Kind = DenseSparsifier::Kind;
    const double keep = 0.01;
    const double independent = 1.0 - std::pow(1.0 - keep, 8.0);  // 0.077
    // Uncorrelated workers: top-k positions are as independent as random ones.
    const auto apart = thin_vgg_tensor({Kind::topk, keep, 0.0}, 8);
    for (std::size_t n : apart.kept) EXPECT_EQ(n, apart.kept.front());
    EXPECT_NEAR(apart.worker, keep, 1e-3);
    EXPECT_NEAR(apart.union_share, independent, 0.1 * independent);
    // Strongly correlated workers keep mostly the same positions: a much smaller union.
    const auto alike = thin_vgg_tensor({Kind::topk, keep, 0.9}, 8);
    EXPECT_NEAR(alike.worker, keep, 1e-3);
    EXPECT_LT(alike.union_share, 0.5 * independent);
    EXPECT_GT(alike.union_share, keep);
    // Every worker keeps exactly the same count with top-k.
    for (std::size_t n : alike.kept) EXPECT_EQ(n, alike.kept.front());
    // Random thinning ignores the correlation: the upper bound.
    const auto random = thin_vgg_tensor({Kind::random, keep, 0.9}, 8);
    EXPECT_NEAR(random.union_share, independent, 0.1 * independent);
}

TEST(Profiles, ThresholdKeepsItsShareOnAverageWithACountThatVaries) {
    const auto t = thin_vgg_tensor({DenseSparsifier::Kind::threshold, 0.01, 0.5}, 8);
    EXPECT_NEAR(t.worker, 0.01, 0.1 * 0.01);
    bool varies = false;
    for (std::size_t n : t.kept) varies = varies || n != t.kept.front();
    EXPECT_TRUE(varies);
    const auto topk = thin_vgg_tensor({DenseSparsifier::Kind::topk, 0.01, 0.5}, 8);
    EXPECT_NEAR(t.union_share, topk.union_share, 0.15 * topk.union_share);
}

// The defaults reproduce what the CNN measured (docs/compression-lhc.md): with rho 0.25 alone
// the 8 workers' top-1% masks would cover 0.073 of fc1; the positions' magnitude spread gathers
// them to the measured 0.042.
TEST(Profiles, MagnitudeSpreadGathersTheWorkersTopkOnTheSamePositions) {
    using Kind = DenseSparsifier::Kind;
    const auto gaussian_only = thin_vgg_tensor({Kind::topk, 0.01, 0.25, 0.0}, 8);
    EXPECT_NEAR(gaussian_only.union_share, 0.073, 0.1 * 0.073);
    const auto spread = thin_vgg_tensor({Kind::topk, 0.01, 0.25, 0.75}, 8);
    EXPECT_NEAR(spread.union_share, 0.042, 0.1 * 0.042);
    // The threshold level accounts for the spread: the share kept stays dense_keep.
    const auto threshold = thin_vgg_tensor({Kind::threshold, 0.01, 0.25, 0.75}, 8);
    EXPECT_NEAR(threshold.worker, 0.01, 0.1 * 0.01);
}

TEST(Profiles, UnknownSparsifierNamesTheParameter) {
    try {
        dense_sparsifier_from_string("largest");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("dense_sparsifier"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("topk"), std::string::npos);
    }
}
