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

TEST(SchemeTiming, PhasesOfOnePassTravelAsOneStream) {
    // The one-pass LHC's index and sketch: one stream of packets and one latency, where
    // the union-sized protocol waits for the index before sending its sketch.
    Fabric f;
    Traffic t;
    t.scheme = "lhc";
    t.workers = 8;
    t.dense_bytes = 4'000'000;
    t.phases.push_back(Phase{"index", Reduce::bit_or, Path::in_network, 30'000, 30'000});
    t.phases.push_back(Phase{"sketch", Reduce::sum_int32, Path::in_network, 60'000, 60'000, collective::Pass::same});
    const CommunicationTiming one = simulate_communication(t, f);
    ASSERT_EQ(one.phases.size(), 1u);
    EXPECT_EQ(one.phases[0].name, "index+sketch");
    EXPECT_EQ(one.phases[0].bytes_sent, 90'000u);
    t.phases[1].pass = collective::Pass::next;
    const CommunicationTiming two = simulate_communication(t, f);
    ASSERT_EQ(two.phases.size(), 2u);
    // One pass saves a round trip (2 links + the switch) and a pipeline fill.
    EXPECT_LT(one.seconds, two.seconds - 2 * f.link_latency_us * 1e-6);
    EXPECT_NEAR(static_cast<double>(one.phases[0].wire_bytes),
                static_cast<double>(two.phases[0].wire_bytes + two.phases[1].wire_bytes), 2.0 * 8 * 1098);
}

TEST(SchemeTiming, CodecTimeComesFromTheAcceleratorRateTheCpuOrNothing) {
    Traffic t = dense_in_network_traffic(25'000'000, 8);  // 100 MB per worker
    t.codec_seconds = 0.25;
    OverlapSettings o;  // the default: accelerator
    EXPECT_EQ(o.codec_time, CodecTime::accelerator);
    EXPECT_NEAR(codec_seconds(t, o), 2 * 100e6 * 8 / (o.accelerator_codec_gbps * 1e9), 1e-15);
    o.accelerator_codec_gbps = 0.8;
    EXPECT_NEAR(codec_seconds(t, o), 2.0, 1e-12);  // encode + decode, 1 s each
    o.codec_time = CodecTime::cpu;
    EXPECT_EQ(codec_seconds(t, o), 0.25);
    o.codec_time = CodecTime::none;
    EXPECT_EQ(codec_seconds(t, o), 0.0);
    t.has_codec = false;  // dense float32
    o.codec_time = CodecTime::accelerator;
    EXPECT_EQ(codec_seconds(t, o), 0.0);
    EXPECT_THROW(parse_codec_time("gpu"), std::invalid_argument);
    // The effective rate counts the codec: 100 MB in (aggregation + 2 s).
    Fabric f;
    t.has_codec = true;
    const SchemeTiming s = simulate_scheme(t, f, Compute{}, o);
    EXPECT_NEAR(s.effective_gbps, 0.8 / (s.communication.seconds + 2.0), 1e-9);
    EXPECT_LT(s.effective_gbps, s.communication.throughput_gbps);
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
    SchemeTiming s =
        simulate_scheme(dense_in_network_traffic(50'000'000, 8), f, c, OverlapSettings{25.0, CodecTime::none});
    EXPECT_EQ(s.iteration.buckets, 8u);  // 200 MB / 25 MiB
    EXPECT_NEAR(s.bucket_communication.seconds, s.communication.seconds / 8, 0.02 * s.communication.seconds / 8);
    EXPECT_LT(s.iteration.overlap_s, s.iteration.no_overlap_s);
    EXPECT_GE(s.iteration.overlap_s, c.total_s());
}

}  // namespace
}  // namespace compression::simulated
