#include "sparse_gradients.hpp"

#include "compression/simulated/target.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace compression::simulated {
namespace {

class RecordingContext : public sextant::RunContext {
public:
    explicit RecordingContext(nlohmann::json params) : params_(std::move(params)) {}
    const sextant::Params& params() const override { return params_; }
    const nlohmann::json& target() const override { return target_; }
    std::uint64_t seed() const override { return 1; }
    std::filesystem::path artifact_dir() const override { return std::filesystem::temp_directory_path(); }
    void metric(const std::string& name, long long step, double value) override { series[name][step] = value; }
    void summary(const std::string& name, double value) override { summaries[name] = value; }
    void progress(double, const std::string&) override {}
    void log(sextant::LogLevel, const std::string& message) override { logs.push_back(message); }
    void artifact(const std::filesystem::path&, const std::string&) override {}
    bool cancelled() const override { return false; }

    std::map<std::string, double> summaries;
    std::map<std::string, std::map<long long, double>> series;
    std::vector<std::string> logs;

private:
    sextant::Params params_;
    nlohmann::json target_ = {{"kind", "simulated"}};
};

TEST(SimulatedTarget, EveryParameterSaysWhereItsDefaultComesFrom) {
    std::set<std::string> names;
    for (const auto& p : simulated_params()) {
        EXPECT_TRUE(names.insert(p.name).second) << "duplicate " << p.name;
        EXPECT_FALSE(p.help.empty()) << p.name;
        EXPECT_FALSE(p.source.empty()) << p.name;
        if (p.min && p.default_value.is_number()) {
            EXPECT_GE(p.default_value.get<double>(), *p.min) << p.name;
        }
        if (p.max && p.default_value.is_number()) {
            EXPECT_LE(p.default_value.get<double>(), *p.max) << p.name;
        }
    }
    // Names the codec plugin owns are not redeclared here.
    for (const char* codec_name : {"workers", "seed", "scheme"}) EXPECT_EQ(names.count(codec_name), 0u);
}

TEST(SimulatedTarget, DeclaredDefaultsAreTheFabricDefaults) {
    nlohmann::json defaults = nlohmann::json::object();
    for (const auto& p : simulated_params()) defaults[p.name] = p.default_value;
    SimulatedSettings from_decls = settings_from_params(sextant::Params(defaults), 8, 0);
    SimulatedSettings built_in = settings_from_params(sextant::Params(), 8, 0);
    EXPECT_EQ(from_decls.fabric.switch_slots, built_in.fabric.switch_slots);
    EXPECT_EQ(from_decls.fabric.switch_payload_bytes, built_in.fabric.switch_payload_bytes);
    EXPECT_EQ(from_decls.fabric.link_gbps, built_in.fabric.link_gbps);
    EXPECT_EQ(from_decls.fabric.host_collective, built_in.fabric.host_collective);
    EXPECT_EQ(from_decls.overlap.bucket_mb, built_in.overlap.bucket_mb);
}

TEST(SimulatedTarget, SettingsComeFromParametersAndBadOnesAreNamed) {
    SimulatedSettings s = settings_from_params(
        sextant::Params(nlohmann::json{
            {"link_gbps", 25.0}, {"switch_slots", 64}, {"host_collective", "parameter-server"}, {"in_network", false}}),
        4, 9);
    EXPECT_EQ(s.fabric.link_gbps, 25.0);
    EXPECT_EQ(s.fabric.switch_slots, 64u);
    EXPECT_EQ(s.fabric.host_collective, HostCollective::parameter_server);
    EXPECT_FALSE(s.in_network);
    EXPECT_EQ(s.fabric.workers, 4u);
    EXPECT_EQ(s.fabric.seed, 9u);
    try {
        settings_from_params(sextant::Params(nlohmann::json{{"host_collective", "tree"}}), 4, 0);
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("host_collective"), std::string::npos);
    }
}

TEST(SimulatedTarget, ComputeComesFromTheUserOrTheModelReference) {
    SimulatedSettings s;
    Compute bert = compute_for(s, "bert-base");
    EXPECT_GT(bert.total_s(), 0.0);
    EXPECT_NEAR(bert.backward_s, 2 * bert.forward_s, 1e-15);
    EXPECT_NE(bert.source.find("Kaplan"), std::string::npos);
    for (const char* model : {"vgg19", "lstm", "ncf"}) EXPECT_GT(compute_for(s, model).total_s(), 0.0) << model;
    s.gpu_tflops = 100;
    EXPECT_NEAR(compute_for(s, "bert-base").total_s(), bert.total_s() / 2, 1e-12);
    s.compute_ms = 120;
    Compute given = compute_for(s, "bert-base");
    EXPECT_NEAR(given.total_s(), 0.120, 1e-12);
    s.compute_ms = 0;
    EXPECT_EQ(compute_for(s, "resnet-9000").total_s(), 0.0);
    EXPECT_NE(compute_for(s, "resnet-9000").source.find("resnet-9000"), std::string::npos);
}

TEST(SimulatedTarget, RunReportsEveryDeclaredMetric) {
    SchemeConfig config;
    config.scheme = "lhc";
    auto lhc = make_scheme(config);
    Report report = aggregate(*lhc, sextant_test::sparse_gradients(8, 1 << 16, 0.01, 2)).report;
    RecordingContext ctx(nlohmann::json{{"compute_ms", 50.0}});
    SimulatedRun run = run_simulated("lhc", report, ctx.params(), "bert-base", 1, 16.0);
    EXPECT_EQ(run.traffic.dense_bytes, 16u * 4 * (1 << 16));
    report_simulated(run, ctx);
    for (const auto& m : simulated_metrics()) {
        if (m.kind == sextant::MetricKind::Summary) {
            EXPECT_EQ(ctx.summaries.count(m.name), 1u) << m.name;
        } else {
            EXPECT_EQ(ctx.series[m.name].size(), run.scheme.communication.phases.size()) << m.name;
        }
    }
    EXPECT_GT(ctx.summaries["sim_throughput_vs_dense_in_network"], 1.0);
    EXPECT_NEAR(ctx.summaries["sim_compute_ms"], 50.0, 1e-9);
    EXPECT_GE(ctx.summaries["sim_iteration_ms"], ctx.summaries["sim_iteration_overlap_ms"]);
}

}  // namespace
}  // namespace compression::simulated
