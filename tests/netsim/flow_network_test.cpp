#include "netsim/flow_network.hpp"

#include <gtest/gtest.h>

namespace netsim {
namespace {

constexpr double kRel = 1e-9;

struct Fixture {
    LinkSpec link{100.0, 1e-6, 0.0};
    PacketFormat packets{4096, 82};
    double switch_latency = 0.4e-6;
    Star star = make_star(6, link, switch_latency);
    Simulator sim;
    FlowNetwork net{sim, star.topology, packets};

    double wire_s(std::uint64_t payload) const { return link.serialization_s(packets.wire_bytes(payload)); }
    double tail(std::uint64_t payload) const {
        return link.latency_s + switch_latency + link.serialization_s(packets.last_packet_wire_bytes(payload)) +
               link.latency_s;
    }
};

TEST(FlowNetwork, LoneFlowTakesSerialisationPlusStoreAndForwardOfLastPacket) {
    Fixture f;
    const std::uint64_t bytes = 10'000'000;
    double at = -1;
    f.net.send(f.star.hosts[0], f.star.hosts[1], bytes, [&] { at = f.sim.now(); });
    f.sim.run();
    EXPECT_NEAR(at, f.wire_s(bytes) + f.tail(bytes), kRel * at);
}

TEST(FlowNetwork, FlowsOnOneUplinkShareItEqually) {
    Fixture f;
    const std::uint64_t bytes = 4'000'000;
    double a = -1, b = -1;
    f.net.send(f.star.hosts[0], f.star.hosts[1], bytes, [&] { a = f.sim.now(); });
    f.net.send(f.star.hosts[0], f.star.hosts[2], bytes, [&] { b = f.sim.now(); });
    f.sim.run();
    EXPECT_NEAR(a, 2 * f.wire_s(bytes) + f.tail(bytes), kRel * a);
    EXPECT_NEAR(b, a, kRel * a);
}

TEST(FlowNetwork, MaxMinFairnessGivesUnusedShareToTheUnconstrainedFlow) {
    // B, C, D share host2's downlink (1/3 each); A shares host0's uplink with B, so A
    // gets the 2/3 that B cannot use.
    Fixture f;
    const std::uint64_t bytes = 3'000'000;
    const double s = f.wire_s(bytes);
    double a = -1, b = -1, c = -1, d = -1;
    auto& h = f.star.hosts;
    f.net.send(h[0], h[1], bytes, [&] { a = f.sim.now(); });
    f.net.send(h[0], h[2], bytes, [&] { b = f.sim.now(); });
    f.net.send(h[3], h[2], bytes, [&] { c = f.sim.now(); });
    f.net.send(h[4], h[2], bytes, [&] { d = f.sim.now(); });
    f.sim.run();
    EXPECT_NEAR(a, 1.5 * s + f.tail(bytes), kRel * a);
    EXPECT_NEAR(b, 3.0 * s + f.tail(bytes), kRel * b);
    EXPECT_NEAR(c, b, kRel * b);
    EXPECT_NEAR(d, b, kRel * b);
}

TEST(FlowNetwork, LateFlowSlowsTheEarlierOneFromItsStart) {
    Fixture f;
    const std::uint64_t bytes = 8'000'000;
    const double s = f.wire_s(bytes);
    double first = -1, second = -1;
    f.net.send(f.star.hosts[0], f.star.hosts[1], bytes, [&] { first = f.sim.now(); });
    f.sim.at(0.5 * s, [&] { f.net.send(f.star.hosts[0], f.star.hosts[2], bytes, [&] { second = f.sim.now(); }); });
    f.sim.run();
    EXPECT_NEAR(first, 1.5 * s + f.tail(bytes), kRel * first);
    EXPECT_NEAR(second, 2.0 * s + f.tail(bytes), kRel * second);
}

TEST(FlowNetwork, BytesAreConserved) {
    Fixture f;
    auto& h = f.star.hosts;
    std::uint64_t sent = 0;
    for (std::uint32_t i = 0; i < 6; ++i) {
        for (std::uint32_t j = 0; j < 6; ++j) {
            std::uint64_t bytes = 1000 * (i + 1) + 77 * j;
            sent += bytes;
            f.net.send(h[i], h[j], bytes, nullptr);
        }
    }
    f.sim.run();
    const auto& t = f.net.totals();
    EXPECT_EQ(t.flows_started, 36u);
    EXPECT_EQ(t.flows_delivered, 36u);
    EXPECT_EQ(t.payload_bytes_sent, sent);
    EXPECT_EQ(t.payload_bytes_delivered, sent);
    // Every network flow crosses one uplink and one downlink with the same wire bytes.
    double up = 0, down = 0;
    for (auto l : f.star.uplinks) up += t.link_wire_bytes[l];
    for (auto l : f.star.downlinks) down += t.link_wire_bytes[l];
    EXPECT_DOUBLE_EQ(up, static_cast<double>(t.wire_bytes_sent));
    EXPECT_DOUBLE_EQ(down, static_cast<double>(t.wire_bytes_sent));
}

}  // namespace
}  // namespace netsim
