// The packet fabric against analytic results and the mechanisms switched off.
#include "netsim/packet/fabric.hpp"
#include "netsim/packet/topologies.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace netsim::packet {
namespace {

FabricConfig config(CcScheme cc) {
    FabricConfig c;
    c.cc.scheme = cc;
    return c;
}

TEST(PacketFabric, OneFlowRunsAtLineRateLessHeadersWithExactLatency) {
    ShapeLinks links;  // 100 Gb/s, 1 us
    Network net = make_single_switch(2, links);
    Fabric fabric(net.topology, config(CcScheme::None));
    const std::uint64_t bytes = 10'000'000;
    fabric.send(net.hosts[0], net.hosts[1], bytes);
    fabric.run();
    const FlowRecord& f = fabric.flows().at(0);
    const double B = 100e9 / 8, d = 1e-6, pkt = 1058;
    // The NIC streams every packet back to back; the last one then crosses the link,
    // is serialised again by the switch, and crosses the second link.
    const double expected = 10'000 * pkt / B + d + pkt / B + d;
    EXPECT_NEAR(f.fct_s(), expected, 1e-12);
    EXPECT_NEAR(bytes / f.fct_s() / B, 1000.0 / 1058.0, 0.003);  // less the 2 us latency terms
    EXPECT_EQ(fabric.totals().drops, 0u);
    EXPECT_EQ(fabric.packets_in_flight(), 0u);
}

// Where RED looks at the queue: a packet that arrives at a long queue after every other
// packet has arrived finds it above K (marked at enqueue, as ns-3 does) but leaves nothing
// behind (not marked at dequeue, as the reference switch does).
TEST(PacketFabric, EcnMarksTheQueueLeftBehindOrTheQueueFound) {
    for (const bool at_enqueue : {false, true}) {
        ShapeLinks links;  // 100 Gb/s, 1 us; a 1,058-byte packet every 84.6 ns
        Network net = make_single_switch(4, links);
        FabricConfig c = config(CcScheme::None);
        c.kmin_kb_per_25g = c.kmax_kb_per_25g = 2.5;  // K = 10 KB at 100 Gb/s, about 9 packets
        c.pmax = 1;
        c.ecn_at_enqueue = at_enqueue;
        Fabric fabric(net.topology, c);
        // Two senders at line rate into one port: its queue grows to ~30 packets by 3.5 us.
        fabric.send(net.hosts[0], net.hosts[3], 30'000);
        fabric.send(net.hosts[1], net.hosts[3], 30'000);
        // One packet arriving at 4.1 us, when the queue still holds ~24 packets and no more come.
        fabric.send(net.hosts[2], net.hosts[3], 1'000, {}, 3e-6);
        fabric.run();
        EXPECT_EQ(fabric.flows().at(2).ecn_marked, at_enqueue ? 1u : 0u) << "at enqueue: " << at_enqueue;
        EXPECT_GT(fabric.flows().at(0).ecn_marked, 0u);
    }
}

TEST(PacketFabric, IncastWithPfcLosesNothingAndPauses) {
    ShapeLinks links;
    Network net = make_single_switch(9, links);
    FabricConfig c = config(CcScheme::None);
    c.buffer_mb = 1;  // small enough that 8:1 fills it
    Fabric fabric(net.topology, c);
    for (int i = 1; i < 9; ++i) fabric.send(net.hosts[i], net.hosts[0], 2'000'000);
    fabric.run();
    EXPECT_EQ(fabric.totals().drops, 0u);
    EXPECT_GT(fabric.totals().pause_frames, 0u);
    for (const auto& f : fabric.flows()) {
        EXPECT_GE(f.finish_s, 0);
        EXPECT_EQ(f.retransmitted, 0u);
    }
    // The receiver's link is the bottleneck: 16 MB at line rate, less headers.
    double last = 0;
    for (const auto& f : fabric.flows()) last = std::max(last, f.finish_s);
    EXPECT_NEAR(last, 16e6 * 1.058 / 12.5e9, 16e6 * 1.058 / 12.5e9 * 0.02);
}

TEST(PacketFabric, IncastWithoutPfcDropsAndGoBackNRecovers) {
    ShapeLinks links;
    Network net = make_single_switch(9, links);
    FabricConfig c = config(CcScheme::None);
    c.buffer_mb = 1;
    c.pfc = false;
    Fabric fabric(net.topology, c);
    for (int i = 1; i < 9; ++i) fabric.send(net.hosts[i], net.hosts[0], 2'000'000);
    fabric.run();
    EXPECT_GT(fabric.totals().drops, 0u);
    EXPECT_EQ(fabric.totals().pause_frames, 0u);
    std::uint64_t retransmitted = 0;
    for (const auto& f : fabric.flows()) {
        EXPECT_GE(f.finish_s, 0) << "a flow never completed";
        retransmitted += f.retransmitted;
    }
    EXPECT_GT(retransmitted, 0u);
    EXPECT_EQ(fabric.packets_in_flight(), 0u);
}

struct TwoToOne {
    double done_s = 0;
    FabricTotals totals;
    double p99_queue = 0;
    std::vector<Sample> samples;
};

// Two 20 MB flows into one receiver on a 100 Gb/s switch; the second may start late.
TwoToOne two_to_one(CcScheme cc, double second_start_s = 0, bool pfc = true, bool ecn = true,
                    std::uint64_t bytes = 20'000'000) {
    Network net = make_single_switch(3, ShapeLinks{});
    FabricConfig c = config(cc);
    c.pfc = pfc;
    c.ecn = ecn;
    c.sample_interval_s = 100e-6;
    Fabric fabric(net.topology, c);
    fabric.send(net.hosts[1], net.hosts[0], bytes);
    fabric.send(net.hosts[2], net.hosts[0], bytes, {}, second_start_s);
    fabric.run();
    TwoToOne r;
    for (const auto& f : fabric.flows()) r.done_s = std::max(r.done_s, f.finish_s);
    r.totals = fabric.totals();
    r.p99_queue = fabric.queue_percentile_bytes(0.99);
    r.samples = fabric.samples();
    return r;
}

TEST(PacketFabric, PfcPausesUnderIncastVanishWithDcqcn) {
    TwoToOne none = two_to_one(CcScheme::None);
    TwoToOne dcqcn = two_to_one(CcScheme::Dcqcn);
    EXPECT_GT(none.totals.pause_frames, 10u);
    EXPECT_EQ(dcqcn.totals.pause_frames, 0u);
    EXPECT_EQ(dcqcn.totals.drops, 0u);
    EXPECT_GT(dcqcn.totals.ecn_marks, 0u);
    // Queue held near the marking band (Kmin 400 KB, Kmax 1600 KB at 100 Gb/s).
    EXPECT_LT(dcqcn.p99_queue, 1600e3);
    EXPECT_GT(none.p99_queue, 2 * dcqcn.p99_queue);
    // Without ECN marking DCQCN never slows down and PFC is back.
    TwoToOne blind = two_to_one(CcScheme::Dcqcn, 0, true, false);
    EXPECT_GT(blind.totals.pause_frames, 10u);
}

TEST(PacketFabric, DcqcnConvergesToFairShareAfterAFlowJoins) {
    TwoToOne r = two_to_one(CcScheme::Dcqcn, 1e-3, true, true, 50'000'000);
    // Mean rates from 2 ms after the join, before the first flow finishes.
    double a = 0, b = 0;
    int n = 0;
    for (const Sample& s : r.samples) {
        if (s.t_s < 3e-3 || s.t_s > 6e-3) continue;
        a += s.flow_gbps[0];
        b += s.flow_gbps[1];
        ++n;
    }
    ASSERT_GT(n, 5);
    a /= n;
    b /= n;
    EXPECT_GT(a + b, 0.9 * 94.5);        // the bottleneck stays nearly full
    EXPECT_NEAR(a / (a + b), 0.5, 0.1);  // and is shared
}

TEST(PacketFabric, HpccKeepsQueuesNearZero) {
    TwoToOne hpcc = two_to_one(CcScheme::Hpcc);
    TwoToOne none = two_to_one(CcScheme::None);
    EXPECT_EQ(hpcc.totals.pause_frames, 0u);
    EXPECT_LT(hpcc.p99_queue, 20e3);
    EXPECT_GT(none.p99_queue, 1e6);
    // eta = 0.95 of the bottleneck: finishing within ~10% of line rate.
    EXPECT_LT(hpcc.done_s, none.done_s * 1.12);
}

TEST(PacketFabric, TopologyShapesAndErrors) {
    ShapeLinks links;
    Network ls = make_leaf_spine(4, 8, 4, links);
    EXPECT_EQ(ls.hosts.size(), 32u);
    EXPECT_EQ(ls.topology.node_count(), 32u + 4 + 2);  // 2 spines: 8 x 100 / 4 / 100
    EXPECT_THROW(make_leaf_spine(4, 8, 3, links), std::invalid_argument);
    EXPECT_THROW(make_network("ring:4", links), std::invalid_argument);
    EXPECT_THROW(make_network("leaf-spine:4", links), std::invalid_argument);
    EXPECT_EQ(make_network("dumbbell:3", links).hosts.size(), 6u);
}

TEST(PacketFabric, EcmpSpreadsFlowsOverSpines) {
    ShapeLinks links;
    Network ls = make_leaf_spine(2, 4, 1, links);  // 4 spines
    Fabric fabric(ls.topology, config(CcScheme::None));
    for (int i = 0; i < 4; ++i) fabric.send(ls.hosts[i], ls.hosts[4 + i], 1'000'000);
    fabric.run();
    int spines_used = 0;
    for (LinkId l = 0; l < ls.topology.link_count(); ++l) {
        const auto& dl = ls.topology.link(l);
        if (ls.topology.node(dl.from).name.rfind("leaf0", 0) == 0 &&
            ls.topology.node(dl.to).name.rfind("spine", 0) == 0 && fabric.ports()[l].tx_bytes > 0)
            ++spines_used;
    }
    EXPECT_GE(spines_used, 2);
}

}  // namespace
}  // namespace netsim::packet
