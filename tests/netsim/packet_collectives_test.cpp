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

// 2D all-reduce, m ranks per leaf, G leaves: (m-1)/m S/B reduce-scatter inside leaves,
// 2(G-1)/G (S/m)/B all-reduce across them, (m-1)/m S/B all-gather, and a latency per step.
TEST(PacketCollectives, HierarchicalAllreduceOnNonBlockingFabricMatchesItsClosedForm) {
    ShapeLinks links;
    links.fabric_gbps = 400;  // one spine: no two flows share an uplink by ECMP chance
    Network net = make_leaf_spine(4, 4, 1, links);
    Fabric fabric(net.topology, FabricConfig{});
    PacketTransport t(fabric);
    JobSpec j = job(net, CollectiveKind::HierarchicalAllreduce, 2'000'000);
    j.groups = leaf_groups(net.topology, net.hosts);
    auto r = run_jobs(t, {j});
    const double m = 4, G = 4, S = 2e6, B = 100e9 / 8 * 1000 / (1058 + 60);
    const double serialise = 1058 / 12.5e9, serialise_spine = 1058 / 50e9;
    const double intra_step = 2e-6 + serialise, inter_step = 4e-6 + serialise + 2 * serialise_spine;
    const double ideal =
        2 * (m - 1) / m * S / B + 2 * (G - 1) / G * (S / m) / B + 2 * (m - 1) * intra_step + 2 * (G - 1) * inter_step;
    EXPECT_NEAR(r[0].collective_s[0], ideal, 0.05 * ideal);
    // Its messages: (m-1) steps in each of G leaves twice, 2(G-1) steps in each of m rings;
    // a flat ring would send 16 x 30 = 480.
    EXPECT_EQ(fabric.flows().size(), 2u * 4 * 4 * 3 + 4u * 4 * 6);
    EXPECT_EQ(fabric.totals().drops, 0u);
}

TEST(PacketCollectives, HierarchicalAllreduceNeedsEqualLeafGroups) {
    Network net = make_leaf_spine(2, 4, 1, ShapeLinks{});
    JobSpec j = job(net, CollectiveKind::HierarchicalAllreduce, 1'000'000);
    EXPECT_THROW(j.validate(), std::invalid_argument);  // no groups
    j.hosts.pop_back();
    j.groups = leaf_groups(net.topology, j.hosts);  // 4 + 3
    EXPECT_THROW(j.validate(), std::invalid_argument);
}

// On an idle non-blocking fabric a ring's chunks run one after another, so C chunks add
// only (C-1) x 2(n-1) per-step latencies to the same bandwidth term.
TEST(PacketCollectives, ChunkingAddsOnlyPerChunkLatencyOnAnIdleFabric) {
    Network net = make_single_switch(8, ShapeLinks{});
    auto time = [&](int chunks) {
        Fabric fabric(net.topology, FabricConfig{});
        PacketTransport t(fabric);
        JobSpec j = job(net, CollectiveKind::RingAllreduce, 8'000'000);
        j.chunks = chunks;
        double s = run_jobs(t, {j})[0].collective_s[0];
        EXPECT_EQ(fabric.flows().size(), static_cast<std::size_t>(chunks) * 8 * 14);
        return s;
    };
    const double one = time(1), four = time(4);
    const double step_latency = 2e-6 + 1058 / 12.5e9;
    EXPECT_NEAR(four - one, 3 * 14 * step_latency, 0.01 * one);
}

// Chunks pipeline the hierarchical all-reduce's stages: on a 4:1 leaf-spine the inter-leaf
// stage is the bottleneck and the leaf-local stages of other chunks hide behind it.
TEST(PacketCollectives, ChunksPipelineTheHierarchicalStages) {
    Network net = make_leaf_spine(4, 4, 4, ShapeLinks{});
    auto time = [&](int chunks) {
        Fabric fabric(net.topology, FabricConfig{});
        PacketTransport t(fabric);
        JobSpec j = job(net, CollectiveKind::HierarchicalAllreduce, 8'000'000);
        j.groups = leaf_groups(net.topology, net.hosts);
        j.chunks = chunks;
        return run_jobs(t, {j})[0].collective_s[0];
    };
    // Bandwidth terms, in S/B of a host link: 0.75 + 4 x 0.375 + 0.75 = 3 one chunk after
    // another; 1.5 + 1.5 / 4 pipelined.
    EXPECT_LT(time(4) / time(1), 0.75);
}

IterationProfile small_training_profile() {
    return parse_iteration_profile(
        "step,name,compute_ms,gradient_bytes,all_to_all_bytes,source\n"
        "forward,all,1,0,0,test\n"
        "backward,l4,1,8000000,0,test\n"
        "backward,l3,1,8000000,0,test\n"
        "backward,l2,1,8000000,0,test\n"
        "backward,l1,1,8000000,0,test\n",
        "test");
}

// Buckets all-reduced while the backward pass still runs: the iteration is shorter than its
// compute plus its communication (what it takes without overlap).
TEST(PacketCollectives, OverlapHidesBucketAllreducesBehindTheBackwardPass) {
    Network net = make_single_switch(8, ShapeLinks{});
    auto run = [&](bool overlap) {
        Fabric fabric(net.topology, FabricConfig{});
        PacketTransport t(fabric);
        JobSpec j = job(net, CollectiveKind::RingAllreduce, 0);
        j.profile = std::make_shared<const IterationProfile>(small_training_profile());
        j.bucket_bytes = 8'000'000;
        j.overlap = overlap;
        j.iterations = 2;
        return run_jobs(t, {j})[0];
    };
    const JobResult off = run(false), on = run(true);
    ASSERT_EQ(on.iteration_s.size(), 2u);
    const double compute = 5e-3;
    EXPECT_DOUBLE_EQ(on.compute_s[0], compute);
    // Without overlap the four buckets follow the backward pass: compute + communication.
    EXPECT_NEAR(off.iteration_s[0], compute + off.collective_s[0], 1e-9);
    const double comm = off.iteration_s[0] - compute;  // about 4 x 1.25 ms
    EXPECT_GT(comm, 4e-3);
    EXPECT_LT(on.iteration_s[0], 0.8 * (compute + comm));
    // A bucket (1.28 ms) takes longer than a layer (1 ms), so after the first layer the
    // network is the critical path: forward + one layer + all four buckets back to back.
    EXPECT_NEAR(on.iteration_s[1], 2e-3 + comm, 0.02 * comm);
}

// DLRM-like: embedding all-to-alls block the compute; the MLP all-reduce runs at the same
// time as the backward all-to-all.
TEST(PacketCollectives, DlrmIterationRunsAllToAllsAndAnAllreduceTogether) {
    Network net = make_single_switch(4, ShapeLinks{});
    const auto profile = std::make_shared<const IterationProfile>(
        parse_iteration_profile("step,name,compute_ms,gradient_bytes,all_to_all_bytes,source\n"
                                "all-to-all,emb,0,0,4000000,test\n"
                                "forward,mlp,0.1,0,0,test\n"
                                "backward,mlp,0.2,4000000,0,test\n"
                                "all-to-all,emb grads,0,0,4000000,test\n",
                                "dlrm"));
    auto alone = [&](CollectiveKind kind) {
        Fabric fabric(net.topology, FabricConfig{});
        PacketTransport t(fabric);
        return run_jobs(t, {job(net, kind, 4'000'000)})[0].collective_s[0];
    };
    const double a2a = alone(CollectiveKind::AllToAll), ar = alone(CollectiveKind::RingAllreduce);
    Fabric fabric(net.topology, FabricConfig{});
    PacketTransport t(fabric);
    JobSpec j = job(net, CollectiveKind::RingAllreduce, 0);
    j.profile = profile;
    const JobResult r = run_jobs(t, {j})[0];
    EXPECT_EQ(fabric.flows().size(), 2u * 4 * 3 + 4u * 6);  // two all-to-alls, one ring
    EXPECT_GT(r.iteration_s[0], 0.3e-3 + 2 * a2a);
    EXPECT_LT(r.iteration_s[0], 0.3e-3 + 2 * a2a + ar);  // the all-reduce shares the fabric
}

TEST(PacketCollectives, ProfilesParseAndBadRowsNameTheLine) {
    IterationProfile p = small_training_profile();
    EXPECT_EQ(p.steps.size(), 5u);
    EXPECT_EQ(p.gradient_bytes(), 32'000'000u);
    auto buckets = make_buckets(p, 10'000'000);  // 16 MB after l3, 16 MB after l1
    ASSERT_EQ(buckets.size(), 2u);
    EXPECT_EQ(buckets[0].ready_after_step, 2u);
    EXPECT_EQ(buckets[1].bytes, 16'000'000u);
    auto error = [](const std::string& text) {
        try {
            parse_iteration_profile(text, "p.csv");
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    const std::string header = "step,name,compute_ms,gradient_bytes,all_to_all_bytes,source\n";
    EXPECT_NE(error(header + "sideways,x,1,0,0,s\n").find("p.csv:2: step 'sideways'"), std::string::npos);
    EXPECT_NE(error(header + "forward,x,-1,0,0,s\n").find("compute_ms"), std::string::npos);
    EXPECT_NE(error(header + "forward,x,1,5,0,s\n").find("gradient_bytes"), std::string::npos);
    EXPECT_NE(error(header + "backward,x,1,5,0,\n").find("source"), std::string::npos);
    EXPECT_NE(error("layer,bytes\n").find("header"), std::string::npos);
}

TEST(PacketCollectives, BadNamesAreRejected) {
    EXPECT_THROW(parse_collective("tree"), std::invalid_argument);
    EXPECT_EQ(parse_collective("hierarchical-allreduce"), CollectiveKind::HierarchicalAllreduce);
    EXPECT_THROW(parse_cc_scheme("cubic"), std::invalid_argument);
    JobSpec j;
    EXPECT_THROW(j.validate(), std::invalid_argument);
    Network net = make_single_switch(4, ShapeLinks{});
    JobSpec t = job(net, CollectiveKind::AllToAll, 0);
    t.profile = std::make_shared<const IterationProfile>(small_training_profile());
    EXPECT_THROW(t.validate(), std::invalid_argument);  // gradients need an all-reduce
    t.collective = CollectiveKind::RingAllreduce;
    EXPECT_NO_THROW(t.validate());
    t.chunks = 0;
    EXPECT_THROW(t.validate(), std::invalid_argument);
}

}  // namespace
}  // namespace netsim::packet
