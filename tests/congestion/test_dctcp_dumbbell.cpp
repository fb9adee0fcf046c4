// The DCTCP dumbbell of the ns-3 cross-check, on our fabric alone: long flows fill the
// bottleneck less headers and DCTCP holds the queue near K, which it no longer does when
// marking is switched off (K out of reach); the summary's window, percentiles and Jain
// index on a hand-made trace.
#include "fabric_dumbbell.hpp"

#include <gtest/gtest.h>

using namespace sextant::congestion;

namespace {

DumbbellScenario two_long_flows() {
    DumbbellScenario s;
    s.senders = 2;
    s.long_bytes = 3'000'000;
    s.warmup_ms = 1;
    return s;
}

}  // namespace

TEST(DctcpDumbbell, LongFlowsFillTheBottleneckAndDctcpHoldsTheQueueNearK) {
    DumbbellScenario s = two_long_flows();
    DumbbellTrace t = run_fabric_dumbbell(s);
    DumbbellSummary r = summarise(s, t);
    EXPECT_NEAR(r.goodput_gbps, s.gbps * 1000.0 / 1058.0, 0.01 * s.gbps);  // line rate less 58 B headers
    EXPECT_GT(r.jain, 0.99);
    EXPECT_NEAR(r.queue_mean_kb, s.k_bytes / 1e3, 0.2 * s.k_bytes / 1e3);
    EXPECT_LT(r.queue_max_kb, 2 * s.k_bytes / 1e3);
    EXPECT_GT(t.marks, 0u);
    // (BDP 7 KB + K 30 KB) / 2 flows / 1058 B: about 17 packets each.
    EXPECT_NEAR(r.window_mean_packets, 17, 3);
    EXPECT_EQ(t.drops, 0u);
    EXPECT_EQ(t.retransmissions, 0u);
    ASSERT_EQ(t.fct_s.size(), 2u);
    for (double fct : t.fct_s) EXPECT_GT(fct, 0);

    s.k_bytes = 1e9;  // marking off: the windows grow and the queue with them
    DumbbellTrace off = run_fabric_dumbbell(s);
    EXPECT_EQ(off.marks, 0u);
    EXPECT_GT(summarise(s, off).queue_mean_kb, 4 * r.queue_mean_kb);
    EXPECT_GT(summarise(s, off).window_mean_packets, 4 * r.window_mean_packets);
}

TEST(DctcpDumbbell, SummaryUsesItsWindowPercentilesAndJain) {
    DumbbellScenario s;
    s.senders = 2;
    s.warmup_ms = 0.015;
    DumbbellTrace t;
    for (int k = 1; k <= 5; ++k) {
        t.sample_s.push_back(k * 10e-6);
        t.delivered.push_back({1000.0 * k, 3000.0 * k});
        t.queue_bytes.push_back(1000.0 * k);
    }
    t.fct_s = {45e-6, 60e-6};
    t.bottleneck_packets = 10;
    t.marks = 4;
    DumbbellSummary r = summarise(s, t);
    // Window 15 us .. 45 us (first finish): samples at 20, 30, 40 us.
    EXPECT_EQ(r.samples, 3u);
    EXPECT_DOUBLE_EQ(r.queue_mean_kb, 3);
    EXPECT_DOUBLE_EQ(r.queue_p50_kb, 3);
    EXPECT_DOUBLE_EQ(r.queue_p99_kb, 4);
    EXPECT_NEAR(r.flow_gbps[0], 1000 * 8 / 10e-6 / 1e9, 1e-9);
    EXPECT_NEAR(r.flow_gbps[1], 3000 * 8 / 10e-6 / 1e9, 1e-9);
    EXPECT_NEAR(r.jain, 16.0 / 20.0, 1e-12);  // (1 + 3)^2 / (2 (1 + 9))
    EXPECT_DOUBLE_EQ(r.mark_fraction, 0.4);

    s.workload = "bulk";
    EXPECT_THROW(s.validate(), std::invalid_argument);
}
