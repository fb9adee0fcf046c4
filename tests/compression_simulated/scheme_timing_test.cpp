#include "sparse_gradients.hpp"

#include "compression/simulated/scheme_timing.hpp"

#include <gtest/gtest.h>

namespace compression::simulated {
namespace {

TEST(SchemeTiming, DenseInNetworkRunsAtLineRate) {
    Fabric f;
    const std::uint64_t values = 25'000'000;
    CommunicationTiming c = simulate_communication(dense_in_network_traffic(values, 8), f);
    ASSERT_EQ(c.phases.size(), 2u);
    const double bound = netsim::switch_aggregation_bound_s(f.switch_config(), 4 * values);
    EXPECT_GE(c.phases[1].seconds, bound * (1 - 1e-12));
    EXPECT_LE(c.phases[1].seconds, bound * 1.03);
    // Goodput: 100 Gbps x payload / (payload + header) = 93.3 Gbps of dense gradient.
    const double goodput = 100.0 * f.switch_payload_bytes / (f.switch_payload_bytes + f.switch_header_bytes);
    EXPECT_NEAR(c.throughput_gbps, goodput, 0.03 * goodput);
    EXPECT_EQ(c.switch_memory_bytes, 2u * f.switch_slots * (f.switch_payload_bytes + 1 + 4));
}

TEST(SchemeTiming, HostSumFollowsTheChosenCollective) {
    Fabric f;
    f.workers = 4;
    Traffic t;
    t.scheme = "dense";
    t.workers = 4;
    t.dense_bytes = 40'000'000;
    t.phases.push_back(Phase{"values", Reduce::sum_float32, Path::host_sum, 40'000'000, 40'000'000});
    const double ring = simulate_communication(t, f).seconds;
    const double ring_direct = netsim::ring_allreduce(f.host_fabric(), 40'000'000).seconds;
    EXPECT_DOUBLE_EQ(ring, ring_direct);
    f.host_collective = HostCollective::parameter_server;
    const double ps = simulate_communication(t, f).seconds;
    // Dedicated servers, one per worker: each link carries the gradient once per
    // direction, versus 2 (K-1)/K times for the ring.
    EXPECT_LT(ps, ring);
    EXPECT_GT(ps, f.link_gbps > 0 ? 40e6 * 8 / (f.link_gbps * 1e9) : 0);
}

TEST(SchemeTiming, SparseLhcBeatsDenseInNetworkAtOnePercent) {
    const std::size_t k = 8, n = 1 << 20;
    SchemeConfig config;
    config.scheme = "lhc";
    auto lhc = make_scheme(config);
    Report report = aggregate(*lhc, sextant_test::sparse_gradients(k, n, 0.01, 4)).report;
    Fabric f;
    const CommunicationTiming sparse = simulate_communication(traffic_from_report("lhc", report, true), f);
    const CommunicationTiming dense = simulate_communication(dense_in_network_traffic(n, k), f);
    EXPECT_LT(sparse.seconds, dense.seconds);
    EXPECT_GT(sparse.throughput_gbps, dense.throughput_gbps);
}

TEST(SchemeTiming, LossIsRetransmittedAndNoted) {
    Fabric f;
    f.loss_rate = 0.01;
    f.retransmit_timeout_ms = 0.05;
    Traffic t = dense_in_network_traffic(200'000, 8);
    t.phases.push_back(Phase{"pairs", Reduce::gather, Path::allgather, 1000, 7000});
    SchemeTiming s = simulate_scheme(t, f, Compute{}, OverlapSettings{});
    EXPECT_GT(s.communication.retransmissions, 0u);
    EXPECT_GT(s.communication.packets_lost, 0u);
    ASSERT_FALSE(s.notes.empty());
    EXPECT_NE(s.notes[0].find("loss_rate"), std::string::npos);
}

TEST(SchemeTiming, MismatchedWorkersAndBadFabricNameTheParameter) {
    Fabric f;
    f.workers = 4;
    auto message = [](const Traffic& t, const Fabric& fab) -> std::string {
        try {
            simulate_communication(t, fab);
        } catch (const std::invalid_argument& e) {
            return e.what();
        }
        return "";
    };
    EXPECT_NE(message(dense_in_network_traffic(100, 8), f).find("workers"), std::string::npos);
    f.workers = 8;
    f.switch_payload_bytes = 1022;
    EXPECT_NE(message(dense_in_network_traffic(100, 8), f).find("switch_payload_bytes"), std::string::npos);
    f = Fabric{};
    f.link_gbps = 0;
    EXPECT_NE(message(dense_in_network_traffic(100, 8), f).find("link_gbps"), std::string::npos);
}

TEST(IterationTime, BucketsOverlapWithBackward) {
    // forward 1, backward 3 in 3 buckets ready at 2, 3, 4.
    Compute c{1.0, 3.0, "test"};
    IterationTime fast = iteration_time(c, 1.5, 0.0, 3, 0.5);
    EXPECT_DOUBLE_EQ(fast.no_overlap_s, 5.5);
    EXPECT_DOUBLE_EQ(fast.overlap_s, 4.5);  // only the last bucket sticks out
    IterationTime slow = iteration_time(c, 6.0, 0.0, 3, 2.0);
    EXPECT_DOUBLE_EQ(slow.overlap_s, 8.0);  // 2 + 3 x 2: the network is the bottleneck
    IterationTime with_codec = iteration_time(c, 1.5, 0.3, 3, 0.5);
    EXPECT_NEAR(with_codec.no_overlap_s, 5.8, 1e-12);
    EXPECT_NEAR(with_codec.overlap_s, 4.6, 1e-12);  // each bucket also carries 0.1 of codec work
    IterationTime one = iteration_time(c, 1.5, 0.0, 1, 1.5);
    EXPECT_DOUBLE_EQ(one.overlap_s, one.no_overlap_s);
}

TEST(IterationTime, SchemeUsesBucketSizedTraffic) {
    Fabric f;
    Compute c = compute_from_total(0.1, 2.0 / 3.0, "test");
    SchemeTiming s = simulate_scheme(dense_in_network_traffic(50'000'000, 8), f, c, OverlapSettings{25.0, false});
    EXPECT_EQ(s.iteration.buckets, 8u);  // 200 MB / 25 MiB
    EXPECT_NEAR(s.bucket_communication.seconds, s.communication.seconds / 8, 0.02 * s.communication.seconds / 8);
    EXPECT_LT(s.iteration.overlap_s, s.iteration.no_overlap_s);
    EXPECT_GE(s.iteration.overlap_s, c.total_s());
}

}  // namespace
}  // namespace compression::simulated
