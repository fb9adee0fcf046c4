// The congestion library and the plugin's parameter decoding: defaults decode with a
// source shown, values reach the fabric, bad values name the parameter, placement and
// sizes parse, and a small study runs at both fidelities.
#include "plugin_params.hpp"

#include <gtest/gtest.h>

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
}
