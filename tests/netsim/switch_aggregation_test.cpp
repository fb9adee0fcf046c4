#include "netsim/switch_aggregation.hpp"
#include "slot_trace_check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace netsim {
namespace {

SwitchAggregationConfig config(std::uint32_t workers, std::uint32_t slots) {
    SwitchAggregationConfig c;
    c.workers = workers;
    c.slots = slots;
    c.packets = PacketFormat{1024, 74};
    c.uplinks = {LinkSpec{100.0, 1e-6, 0.0}};
    c.downlinks = c.uplinks;
    c.switch_latency_s = 0.5e-6;
    return c;
}

TEST(SwitchAggregation, LargeTensorRunsWithinAFewPercentOfLineRate) {
    // 100 MB per worker (25M float32), 8 workers, 100 Gbps.
    SwitchAggregationConfig c = config(8, 256);
    const std::uint64_t bytes = 100'000'000;
    SwitchAggregationResult r = simulate_switch_aggregation(c, bytes, bytes, AggregationOp::Sum);
    const double bound = switch_aggregation_bound_s(c, bytes);
    EXPECT_GE(r.seconds, bound * (1 - 1e-12));
    EXPECT_LE(r.seconds, bound * 1.03) << "simulated " << r.seconds << " s, bound " << bound << " s";
    EXPECT_EQ(r.slot_reuse_violations, 0u);
}

TEST(SwitchAggregation, OneSlotCostsAFullRoundTripPerPacket) {
    SwitchAggregationConfig c = config(4, 1);
    const std::uint64_t bytes = 10 * 1024 + 100;  // 11 chunks, the last one short
    SwitchAggregationResult r = simulate_switch_aggregation(c, bytes, bytes, AggregationOp::Sum);
    const LinkSpec& l = c.uplinks[0];
    double expected = 0;
    for (std::uint64_t left = bytes; left > 0;) {
        std::uint64_t p = std::min<std::uint64_t>(left, 1024);
        expected += 2 * l.serialization_s(p + 74) + 2 * l.latency_s + c.switch_latency_s;
        left -= p;
    }
    EXPECT_NEAR(r.seconds, expected, 1e-12);
    EXPECT_EQ(r.chunks, 11u);
}

TEST(SwitchAggregation, TooFewSlotsLimitThroughputToWindowPerRoundTrip) {
    // 4 slots carry 4 packets per round trip, far below line rate.
    SwitchAggregationConfig c = config(8, 4);
    const std::uint64_t chunks = 4000;
    SwitchAggregationResult r = simulate_switch_aggregation(c, chunks * 1024, chunks * 1024, AggregationOp::Sum);
    const LinkSpec& l = c.uplinks[0];
    const double round_trip = 2 * l.serialization_s(1024 + 74) + 2 * l.latency_s + c.switch_latency_s;
    const double expected = static_cast<double>(chunks) / 4 * round_trip;
    EXPECT_NEAR(r.seconds, expected, 0.01 * expected);
}

TEST(SwitchAggregation, EventAndRecurrenceEnginesAgreeWithoutLoss) {
    SwitchAggregationConfig c = config(4, 8);
    c.uplinks = {LinkSpec{100, 1e-6, 0}, LinkSpec{40, 2e-6, 0}, LinkSpec{25, 0.3e-6, 0}, LinkSpec{100, 5e-6, 0}};
    c.downlinks = {LinkSpec{50, 1e-6, 0}, LinkSpec{100, 1e-6, 0}, LinkSpec{10, 1e-6, 0}, LinkSpec{100, 0, 0}};
    c.record_slot_trace = true;
    const std::uint64_t bytes = 777 * 1024 + 333;
    c.engine = SwitchAggregationConfig::Engine::Recurrence;
    SwitchAggregationResult fast = simulate_switch_aggregation(c, bytes, bytes, AggregationOp::Sum);
    c.engine = SwitchAggregationConfig::Engine::Events;
    SwitchAggregationResult events = simulate_switch_aggregation(c, bytes, bytes, AggregationOp::Sum);
    EXPECT_EQ(fast.engine, SwitchAggregationConfig::Engine::Recurrence);
    EXPECT_EQ(events.engine, SwitchAggregationConfig::Engine::Events);
    EXPECT_NEAR(fast.seconds, events.seconds, 1e-12 * fast.seconds);
    EXPECT_EQ(fast.wire_bytes_up, events.wire_bytes_up);
    EXPECT_EQ(fast.wire_bytes_down, events.wire_bytes_down);
    EXPECT_EQ(events.retransmissions, 0u);
    auto by_chunk = [](const SlotUse& a, const SlotUse& b) { return a.chunk < b.chunk; };
    std::sort(fast.slot_trace.begin(), fast.slot_trace.end(), by_chunk);
    std::sort(events.slot_trace.begin(), events.slot_trace.end(), by_chunk);
    ASSERT_EQ(fast.slot_trace.size(), events.slot_trace.size());
    for (std::size_t i = 0; i < fast.slot_trace.size(); ++i) {
        EXPECT_NEAR(fast.slot_trace[i].completed_s, events.slot_trace[i].completed_s, 1e-15) << "chunk " << i;
    }
}

TEST(SwitchAggregation, NoSlotIsReusedBeforeAllContributionsArrived) {
    for (auto engine : {SwitchAggregationConfig::Engine::Recurrence, SwitchAggregationConfig::Engine::Events}) {
        SwitchAggregationConfig c = config(5, 16);
        c.uplinks = {LinkSpec{100, 1e-6, 0}, LinkSpec{10, 1e-6, 0}, LinkSpec{100, 8e-6, 0}, LinkSpec{100, 1e-6, 0},
                     LinkSpec{50, 1e-6, 0}};
        c.engine = engine;
        c.record_slot_trace = true;
        SwitchAggregationResult r = simulate_switch_aggregation(c, 500 * 1024, 500 * 1024, AggregationOp::Sum);
        EXPECT_EQ(testing::check_slot_trace(r.slot_trace, 5, 16, r.chunks), "");
        EXPECT_EQ(r.slot_reuse_violations, 0u);
    }
}

TEST(SlotTraceCheck, CatchesASlotRestartedTooEarly) {
    // The checker itself must be able to fail: chunk 2 (slot 0 again, 2 slots) starts
    // before chunk 0 completed.
    std::vector<SlotUse> trace = {
        {0, 0, 0, 0.0, 1.0, 5.0, 3},
        {1, 0, 1, 0.0, 1.0, 2.0, 3},
        {0, 1, 2, 4.0, 6.0, 6.0, 3},
    };
    EXPECT_NE(testing::check_slot_trace(trace, 3, 2, 3), "");
    trace[2].first_contribution_s = 5.0;
    EXPECT_EQ(testing::check_slot_trace(trace, 3, 2, 3), "");
    trace[1].contributions = 2;
    EXPECT_NE(testing::check_slot_trace(trace, 3, 2, 3), "");
}

std::vector<std::vector<std::uint32_t>> random_words(std::uint32_t workers, std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::vector<std::uint32_t>> w(workers, std::vector<std::uint32_t>(n));
    for (auto& v : w)
        for (auto& x : v) x = static_cast<std::uint32_t>(rng());
    return w;
}

std::vector<std::uint32_t> reference(const std::vector<std::vector<std::uint32_t>>& words, AggregationOp op) {
    std::vector<std::uint32_t> out = words[0];
    for (std::size_t w = 1; w < words.size(); ++w) {
        for (std::size_t i = 0; i < out.size(); ++i) {
            std::uint32_t a = out[i], b = words[w][i];
            switch (op) {
            case AggregationOp::Sum: out[i] = a + b; break;
            case AggregationOp::Or: out[i] = a | b; break;
            case AggregationOp::MaxWord: out[i] = std::max(a, b); break;
            case AggregationOp::MaxBytes: {
                std::uint32_t m = 0;
                for (int s = 0; s < 32; s += 8) m |= std::max((a >> s) & 0xFF, (b >> s) & 0xFF) << s;
                out[i] = m;
                break;
            }
            }
        }
    }
    return out;
}

TEST(SwitchAggregation, EveryWorkerReceivesTheExactAggregate) {
    const auto words = random_words(5, 10'007, 42);  // wraps int32 sums; last packet short
    for (auto op : {AggregationOp::Sum, AggregationOp::Or, AggregationOp::MaxWord, AggregationOp::MaxBytes}) {
        for (auto engine : {SwitchAggregationConfig::Engine::Recurrence, SwitchAggregationConfig::Engine::Events}) {
            SwitchAggregationConfig c = config(5, 7);
            c.engine = engine;
            std::vector<std::vector<std::uint32_t>> received;
            SwitchAggregationResult r = aggregate_through_switch(c, words, op, received);
            const auto expected = reference(words, op);
            for (std::uint32_t w = 0; w < 5; ++w) {
                EXPECT_EQ(received[w], expected) << "op " << to_string(op) << " worker " << w;
            }
            EXPECT_EQ(r.slot_reuse_violations, 0u);
        }
    }
}

TEST(SwitchAggregation, BytesAreConserved) {
    SwitchAggregationConfig c = config(6, 32);
    const std::uint64_t bytes = 123'457;
    SwitchAggregationResult r = simulate_switch_aggregation(c, bytes, bytes, AggregationOp::Or);
    EXPECT_EQ(r.payload_bytes_sent, 6 * bytes);
    EXPECT_EQ(r.payload_bytes_accepted, 6 * bytes);
    EXPECT_EQ(r.wire_bytes_up, 6 * c.packets.wire_bytes(bytes));
    EXPECT_EQ(r.wire_bytes_down, 6 * c.packets.wire_bytes(bytes));
    EXPECT_EQ(r.results_accepted, 6 * r.chunks);
}

TEST(SwitchAggregation, WiderResultsTakeLongerAndAreAccountedExactly) {
    // A THC-style switch returns sums wider than the indices it received.
    SwitchAggregationConfig c = config(8, 256);
    const std::uint64_t up = 1'000'000, down = 1'750'001;
    SwitchAggregationResult narrow = simulate_switch_aggregation(c, up, up, AggregationOp::Sum);
    SwitchAggregationResult wide = simulate_switch_aggregation(c, up, down, AggregationOp::Sum);
    EXPECT_EQ(wide.payload_bytes_accepted, 8 * down);
    EXPECT_GT(wide.seconds, narrow.seconds * 1.5);
    EXPECT_GT(wide.switch_memory_bytes, narrow.switch_memory_bytes);
}

TEST(SwitchAggregation, MemoryCountsBothPoolsOfTheSlotsInUse) {
    SwitchAggregationConfig c = config(8, 100);
    EXPECT_EQ(simulate_switch_aggregation(c, 1024 * 1000, 1024 * 1000, AggregationOp::Sum).switch_memory_bytes,
              2u * 100 * (1024 + 1 + 4));
    EXPECT_EQ(simulate_switch_aggregation(c, 1024 * 10, 1024 * 10, AggregationOp::Sum).switch_memory_bytes,
              2u * 10 * (1024 + 1 + 4));
    EXPECT_EQ(simulate_switch_aggregation(c, 0, 0, AggregationOp::Sum).seconds, 0.0);
}

TEST(SwitchAggregation, InvalidSettingsNameTheParameter) {
    auto message = [](SwitchAggregationConfig c) -> std::string {
        try {
            simulate_switch_aggregation(c, 100, 100, AggregationOp::Sum);
        } catch (const std::invalid_argument& e) {
            return e.what();
        }
        return "";
    };
    SwitchAggregationConfig c = config(4, 0);
    EXPECT_NE(message(c).find("slots"), std::string::npos);
    c = config(4, 8);
    c.uplinks = {LinkSpec{}, LinkSpec{}};
    EXPECT_NE(message(c).find("uplinks"), std::string::npos);
    c = config(4, 8);
    c.downlinks[0].gbps = -1;
    EXPECT_NE(message(c).find("downlinks[0].gbps"), std::string::npos);
    c = config(4, 8);
    c.uplinks[0].loss = 0.01;
    c.engine = SwitchAggregationConfig::Engine::Recurrence;
    EXPECT_NE(message(c).find("loss"), std::string::npos);
    c = config(4, 8);
    c.packets.payload_bytes = 1022;
    std::vector<std::vector<std::uint32_t>> out;
    EXPECT_THROW(aggregate_through_switch(c, random_words(4, 10, 1), AggregationOp::Sum, out), std::invalid_argument);
}

}  // namespace
}  // namespace netsim
