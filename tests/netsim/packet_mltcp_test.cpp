// MLTCP-style congestion control on the packet fabric: a flow whose host is further into
// its iteration's bytes takes more of a shared bottleneck, and nothing changes where the
// byte count is unknown or the scaling is switched off.
#include "netsim/packet/collective_traffic.hpp"
#include "netsim/packet/fabric.hpp"
#include "netsim/packet/topologies.hpp"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

namespace netsim::packet {
namespace {

struct Finish {
    double behind_s = 0, ahead_s = 0;  // 20 MB each at once, from a host 1% and 100%+ into its iteration
};

// Host 0's previous iteration delivered 100 MB, host 1's 2 MB; then both send 20 MB at once
// across one 50 Gb/s bottleneck: host 0 is barely into its iteration, host 1 past its total.
Finish race(const CcConfig& cc, bool count_iterations = true) {
    ShapeLinks links;
    links.host_gbps = links.fabric_gbps = 50;
    Network net = make_dumbbell(2, links);
    FabricConfig c;
    c.buffer_mb = 16;
    c.cc = cc;
    Fabric fabric(net.topology, c);
    fabric.send(net.hosts[0], net.hosts[2], 100'000'000);
    fabric.run();
    fabric.send(net.hosts[1], net.hosts[3], 2'000'000);
    fabric.run();
    if (count_iterations) {
        fabric.begin_iteration(net.hosts[0]);
        fabric.begin_iteration(net.hosts[1]);
    }
    Finish f;
    const double t0 = fabric.now();
    fabric.send(net.hosts[0], net.hosts[2], 20'000'000, [&](FlowId, double t) { f.behind_s = t - t0; });
    fabric.send(net.hosts[1], net.hosts[3], 20'000'000, [&](FlowId, double t) { f.ahead_s = t - t0; });
    fabric.run();
    return f;
}

CcConfig mltcp() {
    CcConfig cc;
    cc.scheme = CcScheme::Mltcp;
    return cc;
}

TEST(PacketMltcp, TheFlowFurtherIntoItsIterationFinishesFirst) {
    const Finish f = race(mltcp());
    // 20 MB alone takes ~3.4 ms; shared fairly both end near 6.8 ms.
    EXPECT_LT(f.ahead_s, 0.92 * f.behind_s) << f.ahead_s << " vs " << f.behind_s;
}

TEST(PacketMltcp, WithoutItsScalingOrItsByteCountItIsDcqcn) {
    CcConfig dcqcn;
    dcqcn.scheme = CcScheme::Dcqcn;
    const Finish base = race(dcqcn);
    CcConfig off = mltcp();
    off.mltcp.scale_increase = off.mltcp.scale_decrease = false;
    const Finish a = race(off), b = race(mltcp(), false);
    for (const Finish& f : {a, b}) {
        EXPECT_DOUBLE_EQ(f.ahead_s, base.ahead_s);
        EXPECT_DOUBLE_EQ(f.behind_s, base.behind_s);
    }
    // Plain DCQCN shares about fairly: within 8% of each other.
    EXPECT_NEAR(base.ahead_s / base.behind_s, 1.0, 0.08);
}

// The collective runner marks every rank's iteration start, which is what MLTCP counts from.
TEST(PacketMltcp, JobsMarkEachRanksIterationStarts) {
    struct Counting : FlowTransport {
        using FlowTransport::FlowTransport;
        std::map<NodeId, int> begun;
        void begin_iteration(NodeId host) override { ++begun[host]; }
    };
    Network net = make_single_switch(4, ShapeLinks{});
    Counting t(net.topology, PacketFormat{1000, 58});
    JobSpec j;
    j.hosts = {net.hosts[0], net.hosts[2]};
    j.bytes = 1'000'000;
    j.iterations = 3;
    j.compute_s = 1e-4;
    run_jobs(t, {j});
    EXPECT_EQ(t.begun, (std::map<NodeId, int>{{net.hosts[0], 3}, {net.hosts[2], 3}}));
}

TEST(PacketMltcp, ParametersAreChecked) {
    CcConfig cc = mltcp();
    cc.mltcp.slope = cc.mltcp.intercept = 0;
    EXPECT_THROW(cc.validate(), std::invalid_argument);
    cc = mltcp();
    cc.mltcp.base = CcScheme::Hpcc;
    EXPECT_THROW(cc.validate(), std::invalid_argument);
    EXPECT_EQ(parse_cc_scheme("mltcp"), CcScheme::Mltcp);
    EXPECT_EQ(to_string(CcScheme::Mltcp), "mltcp");
}

}  // namespace
}  // namespace netsim::packet
