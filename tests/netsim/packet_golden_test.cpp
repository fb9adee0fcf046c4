// The packet fabric's outputs, bit for bit, on fixed small scenarios: completion times,
// ECN marks, PFC pauses, drops and retransmissions, per-port counters. The expected values
// were recorded from the fabric before its speed work (4-ary event heap, two events per
// hop); any change of event order, tie-breaking or arithmetic shows up here. A digest
// covers every per-flow and per-port field; the readable fields say what moved.
#include "netsim/packet/fabric.hpp"
#include "netsim/packet/topologies.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cstdio>
#include <cstring>

namespace netsim::packet {
namespace {

struct Outcome {
    double last_finish_s = 0;
    std::uint64_t ecn_marks = 0, pause_frames = 0, resume_frames = 0, drops = 0, packet_hops = 0;
    std::uint64_t retransmitted = 0;
    double paused_s = 0;
    std::uint64_t digest = 0;
};

class Digest {
public:
    void add(std::uint64_t v) {
        for (int i = 0; i < 8; ++i) {
            h_ ^= (v >> (8 * i)) & 0xff;
            h_ *= 0x100000001b3ull;
        }
    }
    void add(double v) { add(std::bit_cast<std::uint64_t>(v)); }
    std::uint64_t value() const { return h_; }

private:
    std::uint64_t h_ = 0xcbf29ce484222325ull;
};

Outcome outcome(const Fabric& fabric) {
    Outcome o;
    Digest d;
    for (const FlowRecord& f : fabric.flows()) {
        o.last_finish_s = std::max(o.last_finish_s, f.finish_s);
        o.retransmitted += f.retransmitted;
        d.add(f.finish_s);
        d.add(f.packets_sent);
        d.add(f.retransmitted);
        d.add(f.ecn_marked);
    }
    for (const PortCounters& p : fabric.ports()) {
        o.paused_s += p.paused_s;
        d.add(p.tx_bytes);
        d.add(p.tx_packets);
        d.add(p.ecn_marks);
        d.add(p.drops);
        d.add(p.pause_frames);
        d.add(p.paused_s);
        d.add(p.max_queue_bytes);
        d.add(p.queue_byte_seconds);
    }
    const FabricTotals& t = fabric.totals();
    o.ecn_marks = t.ecn_marks;
    o.pause_frames = t.pause_frames;
    o.resume_frames = t.resume_frames;
    o.drops = t.drops;
    o.packet_hops = t.packet_hops;
    // Not events / peak_events_pending: those count the event queue's own work.
    d.add(t.data_packets);
    d.add(t.packet_hops);
    d.add(static_cast<std::uint64_t>(t.peak_packets_in_flight));
    d.add(fabric.queue_percentile_bytes(0.5));
    d.add(fabric.queue_percentile_bytes(0.99));
    for (const Sample& s : fabric.samples()) {
        d.add(s.t_s);
        for (double g : s.flow_gbps) d.add(g);
        for (std::uint32_t q : s.queue_bytes) d.add(static_cast<std::uint64_t>(q));
    }
    o.digest = d.value();
    return o;
}

void expect_same(const Outcome& got, const Outcome& want, const char* what) {
    SCOPED_TRACE(what);
    const bool same = got.last_finish_s == want.last_finish_s && got.digest == want.digest;
    // On a mismatch, the line to paste back (after checking the change is intended).
    if (!same)
        std::printf("    {%a, %lluu, %lluu, %lluu, %lluu, %lluu, %lluu, %a, 0x%016llxull},  // %s\n", got.last_finish_s,
                    static_cast<unsigned long long>(got.ecn_marks), static_cast<unsigned long long>(got.pause_frames),
                    static_cast<unsigned long long>(got.resume_frames), static_cast<unsigned long long>(got.drops),
                    static_cast<unsigned long long>(got.packet_hops),
                    static_cast<unsigned long long>(got.retransmitted), got.paused_s,
                    static_cast<unsigned long long>(got.digest), what);
    EXPECT_EQ(got.last_finish_s, want.last_finish_s);
    EXPECT_EQ(got.ecn_marks, want.ecn_marks);
    EXPECT_EQ(got.pause_frames, want.pause_frames);
    EXPECT_EQ(got.resume_frames, want.resume_frames);
    EXPECT_EQ(got.drops, want.drops);
    EXPECT_EQ(got.packet_hops, want.packet_hops);
    EXPECT_EQ(got.retransmitted, want.retransmitted);
    EXPECT_EQ(got.paused_s, want.paused_s);
    EXPECT_EQ(got.digest, want.digest);
}

// 8:1 incast on one switch with a 1 MB buffer, a late joiner, and sampled series.
Outcome incast(CcScheme cc, bool pfc) {
    Network net = make_single_switch(9, ShapeLinks{});
    FabricConfig c;
    c.cc.scheme = cc;
    c.pfc = pfc;
    c.buffer_mb = 1;
    c.sample_interval_s = 50e-6;
    Fabric fabric(net.topology, c);
    for (int i = 1; i < 9; ++i) fabric.send(net.hosts[i], net.hosts[0], 1'000'000 + 1'000 * i + i);
    fabric.at(30e-6, [&] { fabric.send(net.hosts[1], net.hosts[0], 250'000); });
    fabric.run();
    return outcome(fabric);
}

// All-to-all on an oversubscribed leaf-spine (ECMP over 2 spines, incast on the uplinks).
Outcome all_to_all(CcScheme cc, bool window_dctcp = false) {
    Network net = make_leaf_spine(2, 8, 4, ShapeLinks{});
    FabricConfig c;
    c.cc.scheme = cc;
    c.cc.dctcp.window_mode = window_dctcp;
    c.ecmp_seed = 3;
    Fabric fabric(net.topology, c);
    for (NodeId a : net.hosts)
        for (NodeId b : net.hosts)
            if (a != b) fabric.send(a, b, 150'000 + 17 * a + b);
    fabric.run();
    return outcome(fabric);
}

// Recorded from the fabric before the speed work (commit 32f90f9).
TEST(PacketGolden, IncastOutputsAreUnchanged) {
    expect_same(
        incast(CcScheme::None, true),
        Outcome{0x1.70cfafade8731p-11, 118u, 205u, 205u, 0u, 33176u, 0u, 0x1.2c9c55e290c0ep-8, 0xe3d034acd3fbc930ull},
        "incast none pfc");
    expect_same(
        incast(CcScheme::Dcqcn, true),
        Outcome{0x1.739f7237995b4p-11, 25u, 250u, 250u, 0u, 33176u, 0u, 0x1.c9ca372f79f3fp-9, 0x0b11b7fdf1f1217eull},
        "incast dcqcn pfc");
    expect_same(incast(CcScheme::None, false),
                Outcome{0x1.aa825783289a7p-6, 0u, 0u, 0u, 114098u, 181804u, 131165u, 0x0p+0, 0x4a0439f76107db5aull},
                "incast none no-pfc");
    expect_same(
        incast(CcScheme::Hpcc, true),
        Outcome{0x1.8aab8a0fb3d55p-11, 0u, 8u, 8u, 0u, 33176u, 0u, 0x1.e827be2a5da72p-17, 0xdc962f3e9531197bull},
        "incast hpcc pfc");
}

TEST(PacketGolden, AllToAllOutputsAreUnchanged) {
    expect_same(all_to_all(CcScheme::None),
                Outcome{0x1.05e7d7df5f831p-11, 8578u, 0u, 0u, 0u, 222272u, 0u, 0x0p+0, 0x088ac35359d75ab1ull},
                "all-to-all none");
    expect_same(all_to_all(CcScheme::Dcqcn),
                Outcome{0x1.555ca192bf6bcp-11, 4192u, 0u, 0u, 0u, 222272u, 0u, 0x0p+0, 0x4ab2178210714fb4ull},
                "all-to-all dcqcn");
    expect_same(all_to_all(CcScheme::Dctcp),
                Outcome{0x1.05e7d7df5f831p-11, 8578u, 0u, 0u, 0u, 222272u, 0u, 0x0p+0, 0x4cd0312a9613a7cfull},
                "all-to-all dctcp");
    expect_same(all_to_all(CcScheme::Dctcp, true),
                Outcome{0x1.0a0c9a816f05fp-11, 496u, 0u, 0u, 0u, 222272u, 0u, 0x0p+0, 0xff0697d96ef4063dull},
                "all-to-all dctcp window");
    expect_same(all_to_all(CcScheme::Timely),
                Outcome{0x1.28dc399ea999p-11, 4125u, 0u, 0u, 0u, 222272u, 0u, 0x0p+0, 0xf089ae24e68c61a1ull},
                "all-to-all timely");
    expect_same(all_to_all(CcScheme::Hpcc),
                Outcome{0x1.1acf920b6831fp-11, 19u, 0u, 0u, 0u, 222272u, 0u, 0x0p+0, 0x8adc7bcba9318884ull},
                "all-to-all hpcc");
}

}  // namespace
}  // namespace netsim::packet
