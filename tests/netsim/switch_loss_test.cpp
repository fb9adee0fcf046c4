// Packet loss on the switch's links: retransmission keeps the aggregate exact.
#include "netsim/switch_aggregation.hpp"
#include "slot_trace_check.hpp"

#include <gtest/gtest.h>

#include <random>

namespace netsim {
namespace {

SwitchAggregationConfig lossy(std::uint32_t workers, std::uint32_t slots, double loss, std::uint64_t seed) {
    SwitchAggregationConfig c;
    c.workers = workers;
    c.slots = slots;
    c.packets = PacketFormat{256, 74};
    c.uplinks = {LinkSpec{100.0, 1e-6, loss}};
    c.downlinks = c.uplinks;
    c.switch_latency_s = 0.5e-6;
    c.retransmit_timeout_s = 50e-6;
    c.seed = seed;
    c.record_slot_trace = true;
    return c;
}

std::vector<std::vector<std::uint32_t>> gradients(std::uint32_t workers, std::size_t n) {
    std::mt19937_64 rng(7);
    std::vector<std::vector<std::uint32_t>> w(workers, std::vector<std::uint32_t>(n));
    for (auto& v : w)
        for (auto& x : v) x = static_cast<std::uint32_t>(static_cast<std::int32_t>(rng() % 2001) - 1000);
    return w;
}

std::vector<std::uint32_t> wrapping_sum(const std::vector<std::vector<std::uint32_t>>& words) {
    std::vector<std::uint32_t> out(words[0].size(), 0);
    for (const auto& v : words)
        for (std::size_t i = 0; i < v.size(); ++i) out[i] += v[i];
    return out;
}

TEST(SwitchLoss, RetransmissionKeepsTheSumExactAndEveryPacketAccountedFor) {
    const std::uint32_t k = 6;
    const auto words = gradients(k, 50'000);
    SwitchAggregationConfig c = lossy(k, 16, 0.01, 3);
    std::vector<std::vector<std::uint32_t>> received;
    SwitchAggregationResult r = aggregate_through_switch(c, words, AggregationOp::Sum, received);
    EXPECT_EQ(r.engine, SwitchAggregationConfig::Engine::Events);
    const auto expected = wrapping_sum(words);
    for (std::uint32_t w = 0; w < k; ++w) EXPECT_EQ(received[w], expected) << "worker " << w;

    EXPECT_GT(r.worker_packets_lost, 0u);
    EXPECT_GT(r.result_packets_lost, 0u);
    EXPECT_GT(r.retransmissions, 0u);
    // Conservation at every hop.
    EXPECT_EQ(r.worker_packets_sent, r.chunks * k + r.retransmissions);
    EXPECT_EQ(r.worker_packets_sent, r.switch_packets_received + r.worker_packets_lost);
    EXPECT_EQ(r.switch_packets_received, r.contributions_counted + r.duplicate_contributions);
    EXPECT_EQ(r.contributions_counted, r.chunks * k);
    EXPECT_EQ(r.result_packets_sent, r.result_packets_delivered + r.result_packets_lost);
    EXPECT_EQ(r.result_packets_delivered, r.results_accepted + r.duplicate_results);
    EXPECT_EQ(r.results_accepted, r.chunks * k);
    EXPECT_EQ(r.payload_bytes_accepted, k * 50'000ull * 4);
    EXPECT_EQ(r.slot_reuse_violations, 0u);
    EXPECT_EQ(testing::check_slot_trace(r.slot_trace, k, 16, r.chunks), "");
}

TEST(SwitchLoss, LossCostsTimeThroughTimeouts) {
    const std::uint64_t bytes = 400'000;
    SwitchAggregationResult clean = simulate_switch_aggregation(lossy(8, 64, 0.0, 1), bytes, bytes, AggregationOp::Sum);
    SwitchAggregationResult lost =
        simulate_switch_aggregation(lossy(8, 64, 0.005, 1), bytes, bytes, AggregationOp::Sum);
    EXPECT_GT(lost.seconds, clean.seconds + 50e-6);  // at least one timeout on the critical path
}

TEST(SwitchLoss, SameSeedSameRunOtherSeedOtherDrops) {
    const std::uint64_t bytes = 300'000;
    auto a = simulate_switch_aggregation(lossy(4, 32, 0.02, 11), bytes, bytes, AggregationOp::Or);
    auto b = simulate_switch_aggregation(lossy(4, 32, 0.02, 11), bytes, bytes, AggregationOp::Or);
    auto c = simulate_switch_aggregation(lossy(4, 32, 0.02, 12), bytes, bytes, AggregationOp::Or);
    EXPECT_EQ(a.seconds, b.seconds);
    EXPECT_EQ(a.worker_packets_lost, b.worker_packets_lost);
    EXPECT_EQ(a.retransmissions, b.retransmissions);
    EXPECT_NE(a.worker_packets_lost + a.result_packets_lost, c.worker_packets_lost + c.result_packets_lost);
}

TEST(SwitchLoss, TimeoutShorterThanRoundTripOnlyCausesHarmlessDuplicates) {
    const std::uint32_t k = 4;
    const auto words = gradients(k, 20'000);
    SwitchAggregationConfig c = lossy(k, 8, 0.0, 1);
    c.engine = SwitchAggregationConfig::Engine::Events;
    c.retransmit_timeout_s = 0.5e-6;  // far below the ~3 us round trip
    std::vector<std::vector<std::uint32_t>> received;
    SwitchAggregationResult r = aggregate_through_switch(c, words, AggregationOp::Sum, received);
    EXPECT_GT(r.retransmissions, 0u);
    EXPECT_GT(r.duplicate_contributions + r.duplicate_results, 0u);
    const auto expected = wrapping_sum(words);
    for (std::uint32_t w = 0; w < k; ++w) EXPECT_EQ(received[w], expected);
    EXPECT_EQ(testing::check_slot_trace(r.slot_trace, k, 8, r.chunks), "");
}

TEST(SwitchLoss, HopelessLossIsReportedInsteadOfRunningForever) {
    SwitchAggregationConfig c = lossy(2, 4, 0.999, 5);
    c.record_slot_trace = false;
    EXPECT_THROW(simulate_switch_aggregation(c, 2048, 2048, AggregationOp::Sum), std::runtime_error);
}

}  // namespace
}  // namespace netsim
