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
}

TEST(Snapshot, ShiftsCutEcnMarksOnThePacketFabric) {
    SnapshotResult r = run_snapshot(serial_profiles(), two_vgg16(true));
    EXPECT_GT(r.together.ecn_marks, 0u);
    EXPECT_LT(r.shifted.ecn_marks, r.together.ecn_marks / 2 + 1);
    EXPECT_LT(r.shifted.mean_iteration_s_all, 0.9 * r.together.mean_iteration_s_all);
    EXPECT_GT(r.shifted.delivered_gb, 0);
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
