// CASSINI's time-shift agent in netsim's job runner (JobSpec::pace_s): a reference keeps its
// pace by waiting, a follower re-aligns to the reference's grid when late and gives up when
// its phase cannot hold. Run on the flow-level transport: the rule is the same at either fidelity.
#include "netsim/packet/collective_traffic.hpp"
#include "netsim/packet/topologies.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace netsim::packet {
namespace {

JobSpec paced(const Network& net, int first_host, double compute_s, double pace_s) {
    JobSpec j;
    j.hosts = {net.hosts[first_host], net.hosts[first_host + 1]};
    j.bytes = 1'000'000;  // 8 Mbit over 2 ranks at 100 Gb/s: ~0.1 ms
    j.iterations = 20;
    j.compute_s = compute_s;
    j.pace_s = pace_s;
    return j;
}

TEST(PacketAgent, AReferenceKeepsItsPaceByWaiting) {
    Network net = make_single_switch(2, ShapeLinks{});
    FlowTransport t(net.topology, PacketFormat{1000, 58});
    const JobResult r = run_jobs(t, {paced(net, 0, 1e-3, 2e-3)})[0];
    // 19 waits of about 0.9 ms, then the last iteration: the job ran at its pace, not its speed.
    EXPECT_NEAR(r.finish_s, 19 * 2e-3 + r.iteration_s.back(), 1e-9);
    EXPECT_NEAR(r.waited_s, 19 * (2e-3 - r.iteration_s[0]), 1e-9);
    EXPECT_EQ(r.realignments, 0);
    JobSpec free = paced(net, 0, 1e-3, 0);
    FlowTransport u(net.topology, PacketFormat{1000, 58});
    EXPECT_LT(run_jobs(u, {free})[0].finish_s, 0.6 * r.finish_s);  // without the agent: back to back
}

TEST(PacketAgent, AFollowerLateEveryIterationReAlignsThenGivesUp) {
    Network net = make_single_switch(4, ShapeLinks{});
    FlowTransport t(net.topology, PacketFormat{1000, 58});
    JobSpec ref = paced(net, 0, 1e-3, 2e-3);
    JobSpec late = paced(net, 2, 2.2e-3, 2e-3);  // its iteration is longer than the pace it must keep
    late.pace_reference = 0;
    late.iterations = 40;
    const auto r = run_jobs(t, {ref, late});
    EXPECT_TRUE(r[1].gave_up);
    EXPECT_EQ(r[1].realignments, 11);  // give_up_after 10, then more than 10% of its iterations
    EXPECT_FALSE(r[0].gave_up);
    // Keeping a pace it cannot keep costs it: slower than running free.
    late.pace_s = 0, late.pace_reference = -1;
    FlowTransport u(net.topology, PacketFormat{1000, 58});
    EXPECT_GT(r[1].finish_s, run_jobs(u, {ref, late})[1].finish_s);
}

TEST(PacketAgent, BadAgentSettingsAreNamed) {
    Network net = make_single_switch(2, ShapeLinks{});
    FlowTransport t(net.topology, PacketFormat{1000, 58});
    JobSpec j = paced(net, 0, 1e-3, 2e-3);
    j.pace_reference = 3;
    EXPECT_THROW(run_jobs(t, {j}), std::invalid_argument);
    j.pace_reference = -1;
    j.drift = 0.7;
    EXPECT_THROW(run_jobs(t, {j}), std::invalid_argument);
}

}  // namespace
}  // namespace netsim::packet
