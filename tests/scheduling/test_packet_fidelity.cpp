// Packet fidelity in cluster mode by cached packet-level runs of the sets of jobs sharing a
// link (scheduling/packet_sets.hpp): the cache gives what a direct packet run gives, is hit
// for repeated sets, and switching it off changes only the cost.
#include "scheduling/packet_replay.hpp"
#include "scheduling/packet_sets.hpp"
#include "scheduling/simulator.hpp"

#include <gtest/gtest.h>

using namespace sextant::scheduling;

namespace {

PacketFidelityConfig small() {
    PacketFidelityConfig c;
    c.scale = 0.01;  // ~5 MB all-reduces: a packet run takes a fraction of a second
    c.horizon_periods = 4;
    return c;
}

// VGG16-like and BERT-like shapes on a 2-server ring at 50 Gbps (profiles/models.json).
SetMember vgg16(double offset_s) { return {0.085, 4.427, 1, 50.0, offset_s}; }
SetMember bert(double offset_s) { return {0.095, 3.52, 1, 50.0, offset_s}; }
SetMember resnet50(double offset_s) { return {0.080, 0.8176, 1, 50.0, offset_s}; }

SimConfig cluster(bool packet, bool cache) {
    SimConfig c;
    c.topology = {8, 1, 50.0, TopologyKind::LeafSpine, 4, 4.0};  // leaf uplinks 50 Gbps
    c.placement = PlacementKind::Random;                         // rings cross leaves
    c.policy = Policy::Fifo;
    c.timeline_bin_s = 0;
    c.restart_s = 0;
    c.seed = 3;
    c.packet_fidelity = packet;
    c.packet = small();
    c.packet.cache = cache;
    return c;
}

std::vector<JobSpec> trace() {
    std::vector<JobSpec> jobs;
    const char* models[] = {"VGG16", "BERT", "VGG16", "ResNet50"};
    const double arrivals[] = {0, 0.05, 0.9, 1.3};
    for (int i = 0; i < 4; ++i) jobs.push_back({i, "j" + std::to_string(i), arrivals[i], models[i], 2, 12});
    return jobs;
}

}  // namespace

TEST(PacketSets, CachedOutcomeIsTheDirectPacketRun) {
    // Canonical already: the smaller shape first at phase 0, the other on a phase bin.
    const SharedSet set{50.0, 50.0, {vgg16(0), bert(4 * bert(0).period_s() / 16)}};
    const std::vector<MemberOutcome> direct = simulate_shared_set(set, small());
    SharedSetCache cache = packet_set_cache(small());
    const std::vector<MemberOutcome> cached = cache.lookup(set);
    ASSERT_EQ(cached.size(), 2u);
    for (size_t k = 0; k < 2; ++k) {
        EXPECT_DOUBLE_EQ(cached[k].comm_stretch, direct[k].comm_stretch);
        EXPECT_DOUBLE_EQ(cached[k].ecn_marks_per_iteration, direct[k].ecn_marks_per_iteration);
        EXPECT_DOUBLE_EQ(cached[k].pfc_paused_s_per_iteration, direct[k].pfc_paused_s_per_iteration);
    }
    EXPECT_EQ(cache.simulated(), 1);
}

TEST(PacketSets, PhasesDecideTheSlowdown) {
    // Two equal jobs communicating together share the link; half a period apart they do not
    // (ResNet-50: 16 ms of all-reduce in a 96 ms iteration).
    const double period = resnet50(0).period_s();
    const auto together = simulate_shared_set({50.0, 50.0, {resnet50(0), resnet50(0)}}, small());
    const auto apart = simulate_shared_set({50.0, 50.0, {resnet50(0), resnet50(period / 2)}}, small());
    EXPECT_GT(together[0].comm_stretch, 1.5);
    EXPECT_LT(apart[0].comm_stretch, 0.7 * together[0].comm_stretch);
    EXPECT_GT(together[0].ecn_marks_per_iteration, 2 * apart[0].ecn_marks_per_iteration);
    // Alone, a job still pays packet headers (58 B per 1000 B) and its rate ramp-up.
    const auto alone = simulate_shared_set({50.0, 50.0, {resnet50(0)}}, small());
    EXPECT_GT(alone[0].comm_stretch, 1.05);
    EXPECT_LT(alone[0].comm_stretch, 1.2);
}

TEST(PacketSets, RepeatedSetsHitTheCache) {
    SharedSetCache cache = packet_set_cache(small());
    const double pb = bert(0).period_s();
    const auto first = cache.lookup({50.0, 50.0, {vgg16(0.01), bert(0.01 + 3 * pb / 16)}});
    // The same jobs in the other order, at another time origin, phases within a bin.
    const auto again = cache.lookup({50.0, 50.0, {bert(5.0 + 3 * pb / 16 + 0.2 * pb / 16), vgg16(5.0)}});
    EXPECT_EQ(cache.lookups(), 2);
    EXPECT_EQ(cache.simulated(), 1);
    EXPECT_EQ(cache.hits(), 1);
    EXPECT_DOUBLE_EQ(again[0].comm_stretch, first[1].comm_stretch);
    EXPECT_DOUBLE_EQ(again[1].comm_stretch, first[0].comm_stretch);
    cache.lookup({50.0, 50.0, {vgg16(0), bert(8 * pb / 16)}});  // another phase: another run
    EXPECT_EQ(cache.simulated(), 2);
    EXPECT_THROW(packet_set_cache([] {
                     PacketFidelityConfig c;
                     c.phase_bins = 0;
                     return c;
                 }()),
                 std::invalid_argument);
}

TEST(PacketFidelity, ClusterRunCountsMarksAndSwitchingTheCacheOffChangesOnlySpeed) {
    const ProfileTable& profiles = ProfileTable::builtin();
    const SimResult flow = simulate(trace(), profiles, cluster(false, true));
    const SimResult on = simulate(trace(), profiles, cluster(true, true));
    const SimResult off = simulate(trace(), profiles, cluster(true, false));
    EXPECT_EQ(flow.ecn_marks, 0);
    EXPECT_GT(on.ecn_marks, 0);
    EXPECT_GT(on.delivered_gb, 0);
    EXPECT_NE(on.avg_jct_s, flow.avg_jct_s);
    ASSERT_EQ(on.jobs.size(), off.jobs.size());
    for (size_t i = 0; i < on.jobs.size(); ++i) EXPECT_EQ(on.jobs[i].finish_s, off.jobs[i].finish_s);
    EXPECT_EQ(on.ecn_marks, off.ecn_marks);
    EXPECT_EQ(on.pfc_paused_s, off.pfc_paused_s);
    EXPECT_EQ(on.packet_lookups, off.packet_lookups);
    EXPECT_LT(on.packet_runs, on.packet_lookups);  // hit
    EXPECT_EQ(off.packet_runs, off.packet_lookups);
}

TEST(PacketFidelity, CachedRunAgreesWithTheWholeClusterPacketByPacket) {
    const ProfileTable& profiles = ProfileTable::builtin();
    const SimConfig config = cluster(true, true);
    const SimResult cached = simulate(trace(), profiles, config);
    const ReplayResult full = replay_on_packet_fabric(trace(), cached, profiles, config);
    int compared = 0;
    for (const JobResult& j : cached.jobs) {
        if (full.running_s[j.id] < 0) continue;
        ++compared;
        EXPECT_NEAR(cluster_running_s(j, config) / full.running_s[j.id], 1.0, 0.15) << j.name;
    }
    EXPECT_GT(compared, 1);
    EXPECT_GT(full.ecn_marks, 0);
}
