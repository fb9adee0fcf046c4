// The congestion library and the plugin's parameter decoding: defaults decode with a
// source shown, values reach the fabric, bad values name the parameter, placement and
// sizes parse, and a small study runs at both fidelities.
#include "netsim_command.hpp"
#include "plugin_params.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

using namespace sextant;
using namespace sextant::congestion;
namespace np = netsim::packet;

namespace {

RunSetup decode(const nlohmann::json& changes, std::uint64_t seed = 1) {
    nlohmann::json values = nlohmann::json::object();
    for (const ParamDecl& p : congestion_plugin_info().params) values[p.name] = p.default_value;
    for (auto it = changes.begin(); it != changes.end(); ++it) values[it.key()] = it.value();
    return make_run_setup(Params(values), seed);
}

std::string error_of(const nlohmann::json& changes) {
    try {
        decode(changes);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(CongestionParams, DefaultsDecodeAndNumbersShowTheirSource) {
    RunSetup s = decode({});
    EXPECT_EQ(s.study.fabric.cc.scheme, np::CcScheme::Dcqcn);
    EXPECT_EQ(s.study.bytes, 16u << 20);
    EXPECT_DOUBLE_EQ(s.study.fabric.cc.dcqcn.rp_timer_s, 300e-6);
    for (const ParamDecl& p : congestion_plugin_info().params)
        if (p.type == ParamType::Float && p.name.rfind("dcqcn", 0) == 0) {
            EXPECT_FALSE(p.source.empty()) << p.name;
        }
}

TEST(CongestionParams, PresetsAndSchemesReachTheFabric) {
    RunSetup paper = decode({{"dcqcn_preset", "paper"}});
    EXPECT_DOUBLE_EQ(paper.study.fabric.cc.dcqcn.rp_timer_s, 55e-6);
    EXPECT_DOUBLE_EQ(paper.study.fabric.cc.dcqcn.alpha_interval_s, 50e-6);
    RunSetup dctcp = decode({{"cc", "dctcp"}});
    EXPECT_DOUBLE_EQ(dctcp.study.fabric.kmin_kb_per_25g, 75);  // 30 KB per 10 G
    EXPECT_DOUBLE_EQ(dctcp.study.fabric.pmax, 1);
    EXPECT_EQ(decode({{"collective", "all-to-all"}}).study.collective, np::CollectiveKind::AllToAll);
}

TEST(CongestionParams, BadValuesNameTheParameter) {
    EXPECT_NE(error_of({{"topology", "ring:4"}}).find("topology"), std::string::npos);
    EXPECT_NE(error_of({{"bytes", "12 parsecs"}}).find("bytes"), std::string::npos);
    EXPECT_NE(error_of({{"kmin_kb_per_25g", 500}, {"kmax_kb_per_25g", 100}}).find("kmin"), std::string::npos);
    EXPECT_EQ(parse_bytes("64MiB"), 64u << 20);
    EXPECT_EQ(parse_bytes("1.5GB"), 1'500'000'000u);
    EXPECT_THROW(parse_bytes("-1MB"), std::invalid_argument);
}

TEST(CongestionStudy, PlacementsSplitHosts) {
    np::Network net = np::make_leaf_spine(2, 4, 1, np::ShapeLinks{});
    StudyConfig c;
    c.jobs = 2;
    c.placement = Placement::Strided;
    auto jobs = make_jobs(c, net);
    ASSERT_EQ(jobs.size(), 2u);
    EXPECT_EQ(jobs[0].hosts, (std::vector<netsim::NodeId>{net.hosts[0], net.hosts[2], net.hosts[4], net.hosts[6]}));
    c.placement = Placement::Packed;
    EXPECT_EQ(make_jobs(c, net)[1].hosts.front(), net.hosts[4]);
    c.jobs = 5;
    EXPECT_THROW(make_jobs(c, net), std::invalid_argument);
}

TEST(CongestionStudy, SmallStudyRunsAtBothFidelities) {
    StudyConfig c;
    c.topology = "leaf-spine:2x4:1";
    c.bytes = 1 << 20;
    c.fabric.sample_interval_s = 10e-6;
    StudyResult p = run_study(c);
    c.fidelity = Fidelity::Flow;
    StudyResult f = run_study(c);
    EXPECT_GT(p.completion_s, p.ideal_ring_s);
    EXPECT_NEAR(p.completion_s / f.completion_s, 1.0, 0.15);
    EXPECT_GT(p.packet_hops, 0u);
    EXPECT_FALSE(p.series_goodput_gbps.empty());
    EXPECT_GT(p.jain_fairness, 0.9);
    EXPECT_EQ(f.packet_hops, 0u);
    EXPECT_TRUE(f.port_queue_rows.empty());
}

// The per-port and per-flow rows are the fabric-wide series taken apart: at every sample the
// flows' rates add up to the goodput and the longest port queue is the series' maximum.
TEST(CongestionStudy, PerPortAndPerFlowSeriesAddUpToTheFabricSeries) {
    StudyConfig c;
    c.topology = "leaf-spine:2x4:4";
    c.collective = netsim::packet::CollectiveKind::AllToAll;
    c.bytes = 1 << 20;
    c.fabric.sample_interval_s = 10e-6;
    const StudyResult r = run_study(c);
    ASSERT_FALSE(r.series_t_s.empty());
    ASSERT_FALSE(r.port_queue_rows.empty());
    ASSERT_FALSE(r.flow_rate_rows.empty());
    std::map<double, double> goodput, longest;
    std::set<std::size_t> flows;
    for (const auto& row : r.flow_rate_rows) {
        goodput[row.t_s] += row.gbps;
        flows.insert(row.flow);
        EXPECT_NE(row.src, row.dst);
    }
    for (const auto& row : r.port_queue_rows) {
        longest[row.t_s] = std::max<double>(longest[row.t_s], row.bytes);
        EXPECT_NE(row.port.find("->"), std::string::npos) << row.port;
    }
    for (std::size_t i = 0; i < r.series_t_s.size(); ++i) {
        const double t = r.series_t_s[i];
        EXPECT_NEAR(goodput.count(t) ? goodput[t] : 0.0, r.series_goodput_gbps[i], 1e-6) << t;
        EXPECT_DOUBLE_EQ(longest.count(t) ? longest[t] : 0.0, r.series_max_queue_bytes[i]) << t;
    }
    EXPECT_GT(flows.size(), 8u);  // 8 hosts, each sending to 7 others
}

// The compiled-in profiles say what the compression and scheduling plugins' model profiles
// say: VGG19's gradients per layer (fp32) and its compute, DLRM's all-to-alls, compute and
// MLP gradients (profiles/make_profiles.py writes them; rerun it when those change).
TEST(CongestionProfiles, BuiltinProfilesAgreeWithTheCompressionAndSchedulingProfiles) {
    auto read_json = [](const std::string& path) {
        std::ifstream in(std::string(SEXTANT_SOURCE_DIR) + "/" + path);
        EXPECT_TRUE(in) << path;
        return nlohmann::json::parse(in);
    };
    const nlohmann::json tensors = read_json("plugins/compression/profiles/vgg19.json")["tensors"];
    const nlohmann::json models = read_json("plugins/scheduling/profiles/models.json")["models"];
    auto model = [&](const std::string& name) {
        for (const auto& m : models)
            if (m["name"] == name) return m;
        ADD_FAILURE() << name;
        return nlohmann::json();
    };
    auto vgg = load_profile("vgg19");
    std::map<std::string, std::uint64_t> layer_bytes;
    for (const auto& t : tensors) {
        std::uint64_t n = 4;
        for (const auto& d : t["shape"]) n *= d.get<std::uint64_t>();
        const std::string name = t["name"];
        layer_bytes[name.substr(0, name.rfind('.'))] += n;
    }
    std::size_t backward = 0;
    for (const auto& s : vgg->steps) {
        EXPECT_FALSE(s.source.empty());
        if (s.kind != np::IterationStep::Kind::Backward) continue;
        ++backward;
        EXPECT_EQ(s.gradient_bytes, layer_bytes[s.name]) << s.name;
    }
    EXPECT_EQ(backward, layer_bytes.size());
    EXPECT_EQ(vgg->steps[1].name, "classifier.6");  // backward starts at the last layer
    // The scheduling profile's whole iteration of compute: forward, plus its backward buckets.
    double vgg_ms = 0;
    const auto vgg_profile = model("VGG19");
    for (const auto& seg : vgg_profile["iteration"]) {
        if (seg.contains("compute_ms")) vgg_ms += seg["compute_ms"]["value"].get<double>();
        if (seg.contains("backward"))
            for (const auto& b : seg["backward"]["value"]) vgg_ms += b["compute_ms"].get<double>();
    }
    EXPECT_NEAR(vgg->compute_s() * 1e3, vgg_ms, 1e-3);

    auto dlrm = load_profile("dlrm");
    const nlohmann::json d = model("DLRM");
    ASSERT_EQ(dlrm->steps.size(), 4u);
    EXPECT_EQ(dlrm->steps[0].all_to_all_bytes, 32'000'000u);
    EXPECT_EQ(dlrm->steps[3].all_to_all_bytes, 32'000'000u);
    EXPECT_NEAR(dlrm->compute_s() * 1e3, d["iteration"][1]["compute_ms"]["value"].get<double>(), 1e-3);
    EXPECT_EQ(dlrm->gradient_bytes(), 12'000'000u);  // 3 M parameters x 4 B
    EXPECT_THROW(load_profile("resnet"), std::invalid_argument);
}

TEST(CongestionParams, TrafficParametersReachTheStudyAndBadCombinationsAreNamed) {
    RunSetup s = decode({{"collective", "hierarchical-allreduce"},
                         {"chunks", 4},
                         {"profile", "vgg19"},
                         {"bucket_mb", 50},
                         {"overlap", false}});
    EXPECT_EQ(s.study.collective, np::CollectiveKind::HierarchicalAllreduce);
    EXPECT_EQ(s.study.chunks, 4);
    EXPECT_EQ(s.study.profile, "vgg19");
    EXPECT_EQ(s.study.bucket_bytes, 50u << 20);
    EXPECT_FALSE(s.study.overlap);
    EXPECT_NE(error_of({{"profile", "resnet"}}).find("parameter 'profile'"), std::string::npos);
    EXPECT_NE(error_of({{"profile", "dlrm"}, {"collective", "all-to-all"}}).find("'collective' with 'profile'"),
              std::string::npos);
    // Two jobs of 3 on leaves of 2: job 0 has 2 ranks on one leaf, 1 on the next: no 2D all-reduce.
    EXPECT_NE(error_of({{"collective", "hierarchical-allreduce"}, {"topology", "leaf-spine:3x2:1"}, {"jobs", 2}})
                  .find("'placement'"),
              std::string::npos);
}

// A VGG19 data-parallel iteration on 8 hosts at flow fidelity: overlap hides much of the
// gradient all-reduce behind the backward pass, and the study reports the exposed part.
TEST(CongestionStudy, TrainingIterationsRunAndOverlapShortensThem) {
    StudyConfig c;
    c.topology = "leaf-spine:2x4:1";
    c.fidelity = Fidelity::Flow;
    c.profile = "vgg19";
    c.collective = np::CollectiveKind::HierarchicalAllreduce;
    StudyResult on = run_study(c);
    c.overlap = false;
    StudyResult off = run_study(c);
    EXPECT_NEAR(off.iteration_s - off.exposed_comm_s, 0.1, 1e-6);  // compute of the profile (ms to 6 places)
    EXPECT_GT(off.exposed_comm_s, 0.05);                           // 575 MB of gradients at 100 Gb/s
    EXPECT_LT(on.iteration_s, off.iteration_s - 0.02);
    EXPECT_DOUBLE_EQ(on.completion_s, on.iteration_s);
}

namespace {

// `sextant-cli netsim collective ARGS` in process: exit code, stdout, stderr.
struct CliOutcome {
    int code = -1;
    std::string out, err;
};

CliOutcome netsim_collective(std::vector<std::string> args) {
    CLI::App app;
    int exit_code = 0;
    sextant::cli::add_netsim_command(app, exit_code);
    args.insert(args.begin(), {"netsim", "collective"});
    std::reverse(args.begin(), args.end());  // CLI11 parses a reversed vector
    std::ostringstream out, err;
    auto* old_out = std::cout.rdbuf(out.rdbuf());
    auto* old_err = std::cerr.rdbuf(err.rdbuf());
    CliOutcome r;
    try {
        app.parse(args);
        r.code = exit_code;
    } catch (const CLI::ParseError& e) {
        r.code = e.get_exit_code() == 0 ? 0 : 2;
        err << e.what();
    }
    std::cout.rdbuf(old_out);
    std::cerr.rdbuf(old_err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

}  // namespace

TEST(NetsimCommand, NewTrafficRunsAndBadValuesNameTheFlag) {
    CliOutcome ok = netsim_collective({"--topology", "leaf-spine:2x4:1", "--collective", "hierarchical-allreduce",
                                       "--chunks", "2", "--bytes", "1MiB", "--json"});
    ASSERT_EQ(ok.code, 0) << ok.err;
    const auto j = nlohmann::json::parse(ok.out);
    EXPECT_GT(j["completion_s"].get<double>(), 0);
    EXPECT_EQ(j["flows"].get<int>(), 2 * (2 * (2 * 4 * 3 + 4 * 2 * 1)));  // 2 chunks x (leaf rings + cross rings)
    CliOutcome dlrm =
        netsim_collective({"--topology", "single-switch:4", "--profile", "dlrm", "--fidelity", "flow", "--json"});
    ASSERT_EQ(dlrm.code, 0) << dlrm.err;
    EXPECT_GT(nlohmann::json::parse(dlrm.out)["exposed_comm_s"].get<double>(), 0);

    auto refused = [](std::vector<std::string> args, const std::string& named) {
        CliOutcome r = netsim_collective(std::move(args));
        EXPECT_EQ(r.code, 2) << named;
        EXPECT_NE(r.err.find(named), std::string::npos) << r.err;
    };
    refused({"--collective", "tree"}, "--collective");
    refused({"--chunks", "0"}, "--chunks");
    refused({"--profile", "resnet"}, "--profile: profile 'resnet': expected dlrm, vgg19 or file:PATH");
    refused({"--profile", "dlrm", "--collective", "all-to-all", "--fidelity", "flow"}, "--collective: a training");
    refused({"--overlap", "maybe"}, "--overlap");
    refused({"--topology", "leaf-spine:3x2:1", "--jobs", "2", "--collective", "hierarchical-allreduce"},
            "--placement: the hierarchical all-reduce needs groups (leaves) of equal size");
    refused({"--bytes", "12 parsecs"}, "--bytes: size '12 parsecs'");
}
