// The snapshot on a real fabric: CASSINI's shifts, applied to jobs sharing one bottleneck,
// must shorten their iterations and (packet level) cut ECN marks; the unshifted run is the
// mechanism switched off.
#include "scheduling/snapshot.hpp"

#include "serial_profiles.hpp"

#include <gtest/gtest.h>

using namespace sextant::scheduling;

namespace {
SnapshotConfig two_vgg16(bool packet) {
    SnapshotConfig c;
    c.models = {"VGG16", "VGG16"};
    c.iterations = 6;
    c.scale = 0.01;  // 5.5 MB all-reduce, 0.85 ms compute: seconds of CPU, same geometry
    c.packet = packet;
    return c;
}
}  // namespace

TEST(Snapshot, ShiftsInterleaveTwoJobsOnTheFlowModel) {
    SnapshotResult r = run_snapshot(serial_profiles(), two_vgg16(false));
    EXPECT_GT(r.predicted_score, 0.95);  // comm just over half the period (88 vs 85 ms): nearly side by side
    EXPECT_LT(r.predicted_score_unshifted, 0.7);
    ASSERT_EQ(r.shift_s.size(), 2u);
    EXPECT_GT(r.shift_s[1], 0);
    // Together each all-reduce gets half the link; shifted, each runs near its ideal.
    EXPECT_LT(r.shifted.mean_iteration_s_all, 0.9 * r.together.mean_iteration_s_all);
    EXPECT_LT(r.shifted.mean_iteration_s_all, 1.1 * r.ideal_iteration_s[0]);
    // The late half's all-reduces: together each takes about twice its time alone (half the
    // link), shifted about its time alone.
    EXPECT_GT(r.together.late_collective_s_all, 1.6 * r.shifted.late_collective_s_all);
    EXPECT_LT(r.shifted.late_collective_s_all, r.shifted.late_iteration_s_all);
}

TEST(Snapshot, ShiftsCutEcnMarksOnThePacketFabric) {
    SnapshotConfig c = two_vgg16(true);
    c.agent = false;  // the shifts alone, applied once
    SnapshotResult r = run_snapshot(serial_profiles(), c);
    EXPECT_GT(r.together.ecn_marks, 0u);
    EXPECT_LT(r.shifted.ecn_marks, r.together.ecn_marks / 2 + 1);
    EXPECT_LT(r.shifted.mean_iteration_s_all, 0.9 * r.together.mean_iteration_s_all);
    EXPECT_GT(r.shifted.delivered_gb, 0);
}

// cc=mltcp runs on the fabric with its parameters: F = 1 throughout (slope 0, intercept 1) is
// DCQCN bit for bit, the default F is not; the late half is measured from the same runs.
TEST(Snapshot, MltcpParametersReachTheFabric) {
    SnapshotConfig c = two_vgg16(true);
    const SnapshotResult dcqcn = run_snapshot(serial_profiles(), c);
    c.cc = "mltcp";
    c.mltcp_slope = 0, c.mltcp_intercept = 1;
    const SnapshotResult flat = run_snapshot(serial_profiles(), c);
    EXPECT_EQ(flat.together.ecn_marks, dcqcn.together.ecn_marks);
    EXPECT_DOUBLE_EQ(flat.together.mean_iteration_s_all, dcqcn.together.mean_iteration_s_all);
    c.mltcp_slope = 1, c.mltcp_intercept = 0.5;
    const SnapshotResult sloped = run_snapshot(serial_profiles(), c);
    EXPECT_NE(sloped.together.ecn_marks, dcqcn.together.ecn_marks);
    for (const SnapshotRun* r : {&dcqcn.together, &dcqcn.shifted, &sloped.together}) {
        EXPECT_GT(r->late_iteration_s_all, 0.9 * dcqcn.ideal_iteration_s[0]);
        EXPECT_LT(r->late_iteration_s_all, 2 * r->mean_iteration_s_all);
    }
}

// Unequal periods (VGG16 173 ms, BERT 165 ms) drift back into each other when the shifts are
// applied once; the agent keeps them (BERT keeps VGG16's period on the circle).
TEST(Snapshot, TheAgentKeepsUnequalJobsApart) {
    SnapshotConfig c = two_vgg16(false);
    c.models = {"VGG16", "BERT"};
    c.iterations = 30;
    c.agent = false;
    const SnapshotResult once = run_snapshot(serial_profiles(), c);
    c.agent = true;
    const SnapshotResult kept = run_snapshot(serial_profiles(), c);
    EXPECT_GT(once.shifted.mean_iteration_s_all, 0.98 * once.together.mean_iteration_s_all);
    EXPECT_LT(kept.shifted.mean_iteration_s_all, 0.9 * once.shifted.mean_iteration_s_all);
    EXPECT_EQ(once.shifted.realignments, 0);
    EXPECT_EQ(kept.shifted.gave_up, 0);
}

TEST(Snapshot, BadConfigIsNamed) {
    SnapshotConfig c = two_vgg16(false);
    c.models = {"VGG16"};
    EXPECT_THROW(run_snapshot(serial_profiles(), c), std::invalid_argument);
    c.models = {"VGG16", "NoSuchNet"};
    try {
        run_snapshot(serial_profiles(), c);
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("NoSuchNet"), std::string::npos);
    }
}
