// The plugin's parameter decoding: declared defaults decode, values reach the simulator's
// configuration, and every bad value fails with a message naming the parameter.
#include "plugin_params.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace sextant;
using namespace sextant::scheduling;

namespace {

nlohmann::json defaults() {
    nlohmann::json values = nlohmann::json::object();
    for (const ParamDecl& p : scheduling_plugin_info().params) values[p.name] = p.default_value;
    return values;
}

RunSetup decode(const nlohmann::json& changes, std::uint64_t seed = 1) {
    nlohmann::json values = defaults();
    for (auto it = changes.begin(); it != changes.end(); ++it) values[it.key()] = it.value();
    return make_run_setup(Params(values), seed);
}

// The error message of decoding `changes`, or "" when it decodes.
std::string error_of(const nlohmann::json& changes) {
    try {
        decode(changes);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
    auto path = std::filesystem::temp_directory_path() / ("sextant_sched_" + name);
    std::ofstream(path) << text;
    return path;
}

}  // namespace

TEST(PluginParams, DeclaredDefaultsDecode) {
    RunSetup s = decode({}, 7);
    EXPECT_EQ(s.config.topology.servers, 24);
    EXPECT_EQ(s.config.topology.gpus_per_server, 1);
    EXPECT_DOUBLE_EQ(s.config.topology.nic_gbps, 50);
    EXPECT_EQ(s.config.topology.kind, TopologyKind::LeafSpine);
    EXPECT_EQ(s.config.topology.servers_per_leaf, 4);
    EXPECT_DOUBLE_EQ(s.config.topology.oversubscription, 2);
    EXPECT_EQ(s.config.policy, Policy::Themis);
    EXPECT_EQ(s.config.placement, PlacementKind::Packed);
    EXPECT_FALSE(s.config.cassini);
    EXPECT_TRUE(s.config.time_shifts);
    EXPECT_EQ(s.config.candidates, 8);
    EXPECT_DOUBLE_EQ(s.config.round_s, 300);
    EXPECT_DOUBLE_EQ(s.config.restart_s, 10);
    EXPECT_EQ(s.config.stepping, Stepping::Auto);
    EXPECT_EQ(s.jobs.size(), 60u);
    for (const JobSpec& j : s.jobs) {
        EXPECT_TRUE(j.gpus == 1 || j.gpus == 2 || j.gpus == 4 || j.gpus == 8) << j.gpus;
        EXPECT_GE(j.iterations, 2000);
        EXPECT_LE(j.iterations, 20000);
    }
    // Placement randomness is decoupled from the workload's seed.
    EXPECT_EQ(s.config.seed, 7u ^ 0x9e3779b97f4a7c15ULL);
    EXPECT_EQ(s.profiles.models().size(), 13u);
}

TEST(PluginParams, PolluxAndItsNoiseScaleReachTheSimulator) {
    const RunSetup s = decode({{"scheduler", "pollux"}, {"pollux_noise_scale", 0.5}});
    EXPECT_EQ(s.config.policy, Policy::Pollux);
    EXPECT_DOUBLE_EQ(s.config.pollux.noise_scale, 0.5);
    EXPECT_DOUBLE_EQ(decode({}).config.pollux.noise_scale, 2.0);
    // Pollux's search: genetic by default with p = -1 and 100 x 100, as its paper and simulator.
    const PolluxConfig d = decode({}).config.pollux;
    EXPECT_EQ(d.search, PolluxSearchKind::Genetic);
    EXPECT_DOUBLE_EQ(d.fairness_p, -1);
    EXPECT_EQ(d.population, 100);
    EXPECT_EQ(d.generations, 100);
    const PolluxConfig g = decode({{"pollux_search", "greedy"},
                                   {"pollux_fairness_p", 0.5},
                                   {"pollux_population", 20},
                                   {"pollux_generations", 5}})
                               .config.pollux;
    EXPECT_EQ(g.search, PolluxSearchKind::Greedy);
    EXPECT_DOUBLE_EQ(g.fairness_p, 0.5);
    EXPECT_EQ(g.population, 20);
    EXPECT_EQ(g.generations, 5);
}

TEST(PluginParams, ValuesReachTheSimulatorConfiguration) {
    RunSetup s = decode({{"servers", 8},
                         {"gpus_per_server", 4},
                         {"nic_gbps", 100.0},
                         {"topology", "single-switch"},
                         {"scheduler", "las"},
                         {"las_threshold_gpu_s", 100.0},
                         {"placement", "random"},
                         {"round_s", 60.0},
                         {"restart_s", 0.0},
                         {"cassini", true},
                         {"cassini_time_shifts", false},
                         {"cassini_candidates", 3},
                         {"cassini_tolerance", 0.1},
                         {"cassini_max_turns", 4},
                         {"cassini_bins", 45},
                         {"drift_threshold", 0.2},
                         {"give_up_rate", 1.0},
                         {"cassini_placement_options", 7},
                         {"cassini_max_passes", 3},
                         {"cassini_loop_tolerance_arcs", 2.5},
                         {"give_up_after", 20},
                         {"timeline_bin_s", 0.0},
                         {"jobs", 5},
                         {"models", "VGG16, resnet-50"},
                         {"gpu_sizes", "2,4"},
                         {"gpu_weights", "0,1"},
                         {"min_iterations", 10},
                         {"max_iterations", 10}});
    const SimConfig& c = s.config;
    EXPECT_EQ(c.topology.servers, 8);
    EXPECT_EQ(c.topology.gpus_per_server, 4);
    EXPECT_DOUBLE_EQ(c.topology.nic_gbps, 100);
    EXPECT_EQ(c.topology.kind, TopologyKind::SingleSwitch);
    EXPECT_EQ(c.policy, Policy::Las);
    EXPECT_DOUBLE_EQ(c.policy_config.las_threshold_gpu_s, 100);
    EXPECT_EQ(c.placement, PlacementKind::Random);
    EXPECT_DOUBLE_EQ(c.round_s, 60);
    EXPECT_DOUBLE_EQ(c.restart_s, 0);
    EXPECT_TRUE(c.cassini);
    EXPECT_FALSE(c.time_shifts);
    EXPECT_EQ(c.candidates, 3);
    EXPECT_DOUBLE_EQ(c.cassini_config.tolerance, 0.1);
    EXPECT_EQ(c.cassini_config.max_turns, 4);
    EXPECT_EQ(c.cassini_config.bins_per_period, 45);
    EXPECT_DOUBLE_EQ(c.drift_threshold, 0.2);
    EXPECT_DOUBLE_EQ(c.give_up_rate, 1.0);
    EXPECT_EQ(c.placement_options, 7);
    EXPECT_EQ(c.cassini_config.max_passes, 3);
    EXPECT_DOUBLE_EQ(c.cassini_config.loop_tolerance_arcs, 2.5);
    EXPECT_EQ(c.give_up_after, 20);
    EXPECT_DOUBLE_EQ(c.timeline_bin_s, 0);
    ASSERT_EQ(s.jobs.size(), 5u);
    for (const JobSpec& j : s.jobs) {
        EXPECT_TRUE(j.model == "VGG16" || j.model == "ResNet50") << j.model;
        EXPECT_EQ(j.gpus, 4);  // weight 0 for size 2
        EXPECT_EQ(j.iterations, 10);
    }
}

TEST(PluginParams, SteppingReachesTheSimulator) {
    // 256 servers x 4 GPUs, 4 per leaf: 640 links, above whole_fabric_links, so coast is allowed.
    const nlohmann::json large = {{"servers", 256}, {"gpus_per_server", 4}, {"jobs", 5}};
    for (auto [name, want] : {std::pair{"auto", Stepping::Auto}, std::pair{"iteration", Stepping::Iteration},
                              std::pair{"coast", Stepping::Coast}}) {
        nlohmann::json changes = large;
        changes["stepping"] = name;
        EXPECT_EQ(decode(changes).config.stepping, want) << name;
    }
    nlohmann::json packet = large;
    packet["stepping"] = "coast", packet["fidelity"] = "packet";
    EXPECT_NE(error_of(packet).find("parameter 'stepping': coast needs fidelity=flow"), std::string::npos);
}

TEST(PluginParams, FlowMethodReachesTheSimulator) {
    EXPECT_EQ(decode({}).config.flow_method, FlowMethod::MaxMin);
    // The default 24-server cluster has 128 links or fewer, yet shared sets may coast: their
    // rates are fixed between placement changes.
    const SimConfig c = decode({{"flow_method", "shared-sets"},
                                {"flow_sets_horizon_periods", 4},
                                {"flow_sets_phase_bins", 8},
                                {"stepping", "coast"}})
                            .config;
    EXPECT_EQ(c.flow_method, FlowMethod::SharedSets);
    EXPECT_EQ(c.flow_sets.horizon_periods, 4);
    EXPECT_EQ(c.flow_sets.phase_bins, 8);
    EXPECT_EQ(c.stepping, Stepping::Coast);
}

TEST(PluginParams, TraceWorkloadReadsTheFile) {
    auto path = write_temp("ok.csv", "arrival_s,model,gpus,iterations\n0,VGG16,2,100\n5,BERT,1,50\n");
    RunSetup s = decode({{"workload", "trace"}, {"trace_file", path.string()}});
    ASSERT_EQ(s.jobs.size(), 2u);
    EXPECT_EQ(s.jobs[1].model, "BERT");
    EXPECT_EQ(s.jobs[1].iterations, 50);
    std::filesystem::remove(path);
}

TEST(PluginParams, BadValuesNameTheParameter) {
    struct Bad {
        nlohmann::json changes;
        std::string expected;  // a substring of the message
    };
    const std::vector<Bad> cases = {
        {{{"servers", "many"}}, "parameter 'servers': expected an integer, got \"many\""},
        {{{"servers", 2.5}}, "parameter 'servers': expected an integer, got 2.5"},
        {{{"nic_gbps", "fast"}}, "parameter 'nic_gbps': expected a number"},
        {{{"cassini", "yes"}}, "parameter 'cassini': expected true or false"},
        {{{"scheduler", 3}}, "parameter 'scheduler': expected text"},
        {{{"scheduler", "gavel"}}, "parameter 'scheduler'"},
        {{{"topology", "fat-tree"}}, "parameter 'topology'"},
        {{{"placement", "spread"}}, "parameter 'placement'"},
        {{{"workload", "replay"}}, "parameter 'workload': expected 'generate' or 'trace', got 'replay'"},
        {{{"workload", "trace"}}, "parameter 'trace_file': required when workload=trace"},
        {{{"workload", "trace"}, {"trace_file", "/nonexistent/t.csv"}}, "parameter 'trace_file': /nonexistent/t.csv"},
        {{{"profiles_file", "/nonexistent/m.json"}}, "parameter 'profiles_file': /nonexistent/m.json"},
        {{{"models", "VGG16,AlexNet"}}, "parameter 'models': unknown model 'AlexNet'"},
        {{{"gpu_sizes", "1,two"}}, "parameter 'gpu_sizes': expected comma-separated numbers, got 'two'"},
        {{{"gpu_sizes", "1.5"}}, "parameter 'gpu_sizes': expected comma-separated numbers, got '1.5'"},
        {{{"gpu_sizes", " , "}}, "parameter 'gpu_sizes': expected at least one GPU count"},
        {{{"gpu_sizes", "1,48"}}, "parameter 'gpu_sizes': 48 GPUs does not fit a cluster of 24"},
        {{{"gpu_sizes", "0"}}, "parameter 'gpu_sizes': 0 GPUs"},
        {{{"gpu_weights", "1,x"}}, "parameter 'gpu_weights': expected comma-separated numbers, got 'x'"},
        {{{"gpu_weights", "1,2"}}, "parameter 'gpu_weights': 2 weights for 4 gpu_sizes"},
        {{{"gpu_weights", "1,-1,1,1"}}, "parameter 'gpu_weights': weights must be >= 0"},
        {{{"gpu_weights", "0,0,0,0"}}, "parameter 'gpu_weights': the weights sum to zero"},
        {{{"min_iterations", 500}, {"max_iterations", 100}},
         "parameter 'max_iterations': 100 is below min_iterations (500)"},
        {{{"stepping", "lazy"}}, "parameter 'stepping': stepping: expected auto, iteration or coast, got 'lazy'"},
        {{{"stepping", "coast"}},
         "parameter 'stepping': coast needs fidelity=flow and a fabric of more than 128 links"},
    };
    for (const Bad& b : cases) {
        std::string message = error_of(b.changes);
        EXPECT_NE(message.find(b.expected), std::string::npos)
            << b.changes.dump() << "\n  got: '" << message << "'\n  expected to contain: '" << b.expected << "'";
    }
}

TEST(PluginParams, MissingParameterIsNamed) {
    nlohmann::json values = defaults();
    values.erase("cassini_bins");
    try {
        make_run_setup(Params(values), 1);
        FAIL() << "decoded without cassini_bins";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "parameter 'cassini_bins': not set");
    }
}

TEST(PluginParams, TraceErrorsNameParameterLineAndField) {
    auto path = write_temp("bad.csv", "arrival_s,model,gpus,iterations\n0,VGG16,2,100\n1,VGG16,two,100\n");
    std::string message = error_of({{"workload", "trace"}, {"trace_file", path.string()}});
    EXPECT_NE(message.find("parameter 'trace_file': " + path.string() + ":3: field 'gpus'"), std::string::npos)
        << message;
    std::filesystem::remove(path);
}

TEST(PluginParams, MarksAFewHeadlineMetrics) {
    std::vector<std::string> headline;
    for (const auto& m : scheduling_plugin_info().metrics)
        if (m.headline) headline.push_back(m.name);
    EXPECT_EQ(headline, (std::vector<std::string>{"avg_jct_s", "p99_jct_s", "makespan_s"}));
}

TEST(PluginParams, SnapshotModeAndFidelity) {
    RunSetup s = decode({{"mode", "snapshot"},
                         {"snapshot_models", "VGG16, ResNet50"},
                         {"fidelity", "packet"},
                         {"nic_gbps", 25.0},
                         {"snapshot_iterations", 3},
                         {"snapshot_scale", 0.5},
                         {"cc", "hpcc"},
                         {"pfc", false},
                         {"buffer_mb", 8.0}});
    ASSERT_TRUE(s.snapshot);
    EXPECT_EQ(s.snapshot->models, (std::vector<std::string>{"VGG16", "ResNet50"}));
    EXPECT_TRUE(s.snapshot->packet);
    EXPECT_DOUBLE_EQ(s.snapshot->link_gbps, 25);
    EXPECT_EQ(s.snapshot->iterations, 3);
    EXPECT_DOUBLE_EQ(s.snapshot->scale, 0.5);
    EXPECT_EQ(s.snapshot->cc, "hpcc");
    EXPECT_FALSE(s.snapshot->pfc);
    EXPECT_DOUBLE_EQ(s.snapshot->buffer_mb, 8);
    EXPECT_TRUE(s.snapshot->agent);  // the default: the shifted run keeps its shifts
    const RunSetup once =
        decode({{"mode", "snapshot"}, {"snapshot_agent", false}, {"drift_threshold", 0.1}, {"give_up_after", 3}});
    EXPECT_FALSE(once.snapshot->agent);
    EXPECT_DOUBLE_EQ(once.snapshot->drift_threshold, 0.1);
    EXPECT_EQ(once.snapshot->give_up_after, 3);
    EXPECT_FALSE(decode({}).snapshot);
    EXPECT_NE(error_of({{"mode", "snapshot"}, {"snapshot_models", "VGG16"}}).find("snapshot_models"),
              std::string::npos);
    EXPECT_NE(error_of({{"mode", "snapshot"}, {"snapshot_models", "VGG16,Nope"}}).find("Nope"), std::string::npos);
    // Cluster mode at packet fidelity: the cached method, with its parameters.
    RunSetup c = decode({{"fidelity", "packet"},
                         {"packet_scale", 0.02},
                         {"packet_phase_bins", 8},
                         {"packet_cache", false},
                         {"cc", "hpcc"}});
    EXPECT_FALSE(c.snapshot);
    EXPECT_TRUE(c.config.packet_fidelity);
    EXPECT_DOUBLE_EQ(c.config.packet.scale, 0.02);
    EXPECT_EQ(c.config.packet.phase_bins, 8);
    EXPECT_FALSE(c.config.packet.cache);
    EXPECT_EQ(c.config.packet.cc, "hpcc");
    EXPECT_FALSE(decode({}).config.packet_fidelity);
    // MLTCP-style cc and its two assumptions reach both modes.
    const nlohmann::json mltcp = {{"cc", "mltcp"}, {"mltcp_slope", 2.0}, {"mltcp_intercept", 0.25}};
    nlohmann::json snap = mltcp;
    snap["mode"] = "snapshot", snap["fidelity"] = "packet";
    const RunSetup m = decode(snap), k = decode(mltcp);
    EXPECT_EQ(m.snapshot->cc, "mltcp");
    EXPECT_DOUBLE_EQ(m.snapshot->mltcp_slope, 2);
    EXPECT_DOUBLE_EQ(m.snapshot->mltcp_intercept, 0.25);
    EXPECT_EQ(k.config.packet.cc, "mltcp");
    EXPECT_DOUBLE_EQ(k.config.packet.mltcp_slope, 2);
    EXPECT_DOUBLE_EQ(k.config.packet.mltcp_intercept, 0.25);
}
