// The modality plugin's declarations and their decoding.
#include "plugin_params.hpp"

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::modality;

namespace {

Params defaults() {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& p : modality_plugin_info().params) j[p.name] = p.default_value;
    return Params(j);
}

Params with(const std::string& name, nlohmann::json value) {
    nlohmann::json j = defaults().json();
    j[name] = std::move(value);
    return Params(j);
}

}  // namespace

TEST(ModalityPluginParams, DefaultsDecodeAndHeadlinesAreMarked) {
    RunSetup s = make_run_setup(defaults(), 7);
    EXPECT_EQ(s.serving.policy, Policy::mosel);
    EXPECT_EQ(s.workload.sizes, (std::vector<int>{1, 4, 16, 64}));
    EXPECT_EQ(s.workload.seed, 7u);
    EXPECT_EQ(s.profile.configs.size(), 7u);
    int headlines = 0;
    for (const auto& m : modality_plugin_info().metrics) headlines += m.headline;
    EXPECT_GE(headlines, 4);
    EXPECT_LE(headlines, 8);
}

TEST(ModalityPluginParams, MaxBatchDropsLargerRowsAndCostScaleScalesV) {
    RunSetup s = make_run_setup(with("max_batch", 8), 1);
    for (const auto& c : s.profile.configs) EXPECT_EQ(c.largest_batch(), 8);
    RunSetup t = make_run_setup(with("v_cost_scale", 10.0), 1);
    RunSetup u = make_run_setup(defaults(), 1);
    EXPECT_GT(t.profile.config(kV).latency(1), 5 * u.profile.config(kV).latency(1));
    EXPECT_DOUBLE_EQ(t.profile.config(kT).latency(1), u.profile.config(kT).latency(1));
}

TEST(ModalityPluginParams, BadValuesNameTheParameter) {
    auto message = [](const Params& p) {
        try {
            make_run_setup(p, 1);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(message(with("job_sizes", "1,x")).find("job_sizes"), std::string::npos);
    EXPECT_NE(message(with("job_size_weights", "1,2")).find("job_size_weights"), std::string::npos);
    EXPECT_NE(message(with("job_sizes", "1,4,16,500")).find("job_sizes"), std::string::npos);
    EXPECT_NE(message(with("profile", "/nonexistent.csv")).find("/nonexistent.csv"), std::string::npos);
    nlohmann::json j = defaults().json();
    j["accuracy_floor_lo"] = 0.95;
    j["accuracy_floor_hi"] = 0.9;
    EXPECT_NE(message(Params(j)).find("accuracy_floor_lo"), std::string::npos);
}
