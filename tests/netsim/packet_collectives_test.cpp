// Collective traffic on the packet fabric against the analytic ring time, and against
// the flow-level model on the same description.
#include "netsim/packet/collective_traffic.hpp"
#include "netsim/packet/topologies.hpp"

#include <gtest/gtest.h>

namespace netsim::packet {
namespace {

JobSpec job(const Network& net, CollectiveKind kind, std::uint64_t bytes) {
    JobSpec j;
    j.collective = kind;
    j.hosts = net.hosts;
    j.bytes = bytes;
    return j;
}

TEST(PacketCollectives, RingAllreduceOnNonBlockingFabricMatchesTheFormula) {
    Network net = make_single_switch(8, ShapeLinks{});
    FabricConfig c;
    c.cc.scheme = CcScheme::Dcqcn;
    Fabric fabric(net.topology, c);
    PacketTransport t(fabric);
    const std::uint64_t S = 8'000'000;
    auto r = run_jobs(t, {job(net, CollectiveKind::RingAllreduce, S)});
    // Payload rate: each uplink carries data (1058 B per 1000 B) and the ACKs (60 B each)
    // for the packets it receives from the previous rank.
    const double n = 8, B = 100e9 / 8 * 1000 / (1058 + 60);
    const double step_latency = 2e-6 + 1058 / 12.5e9;  // two links, the switch's store-and-forward
    const double ideal = 2 * (n - 1) / n * S / B + 2 * (n - 1) * step_latency;
    EXPECT_NEAR(r[0].collective_s[0], ideal, 0.05 * ideal);
    EXPECT_EQ(fabric.totals().drops, 0u);
    EXPECT_EQ(fabric.totals().pause_frames, 0u);  // a ring never makes incast
}

TEST(PacketCollectives, FlowAndPacketFidelityAgreeOnARing) {
    Network net = make_leaf_spine(2, 4, 1, ShapeLinks{});
    auto spec = job(net, CollectiveKind::RingAllreduce, 4'000'000);
    Fabric fabric(net.topology, FabricConfig{});
    PacketTransport packet(fabric);
    double p = run_jobs(packet, {spec})[0].collective_s[0];
    FlowTransport flow(net.topology, PacketFormat{1000, 58});
    double f = run_jobs(flow, {spec})[0].collective_s[0];
    // The flow model carries no ACKs: the packet ring is slower by their share of the
    // uplink, 60 / 1118 B = 5.4%, and otherwise the same.
    EXPECT_NEAR(p / f, 1118.0 / 1058.0, 0.01);
}

TEST(PacketCollectives, AllToAllIncastPausesWithoutCcAndCompletesEverywhere) {
    Network net = make_leaf_spine(2, 4, 4, ShapeLinks{});  // 4:1, one spine link per leaf
    FabricConfig c;
    c.cc.scheme = CcScheme::None;
    c.buffer_mb = 2;
    Fabric fabric(net.topology, c);
    PacketTransport t(fabric);
    JobSpec a = job(net, CollectiveKind::AllToAll, 2'000'000);
    a.iterations = 2;
    a.compute_s = 50e-6;
    auto r = run_jobs(t, {a});
    ASSERT_EQ(r[0].collective_s.size(), 2u);
    EXPECT_EQ(fabric.totals().drops, 0u);
    EXPECT_GT(fabric.totals().pause_frames, 0u);
    // 4 ranks per leaf send 3/4 of their data... across one 100 G uplink: it bounds the time.
    const double cross = 4 * 4 * 250'000.0 * 1.058;  // bytes leaving a leaf
    EXPECT_GT(r[0].collective_s[0], cross / 12.5e9);
}

TEST(PacketCollectives, BadNamesAreRejected) {
    EXPECT_THROW(parse_collective("tree"), std::invalid_argument);
    EXPECT_THROW(parse_cc_scheme("cubic"), std::invalid_argument);
    JobSpec j;
    EXPECT_THROW(j.validate(), std::invalid_argument);
}

}  // namespace
}  // namespace netsim::packet
