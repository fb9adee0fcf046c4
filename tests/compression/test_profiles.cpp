// The model profiles: real architectures (parameter counts as published), every number
// sourced or marked as an assumption, and densities that behave as the model says.
#include "profile.hpp"
#include "workload.hpp"

#include <gtest/gtest.h>

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
    const auto w = Workload::from_profile(p, 1.0, 1.0);
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
    const Workload w = Workload::from_profile(p, 1.0, 1.0);
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
