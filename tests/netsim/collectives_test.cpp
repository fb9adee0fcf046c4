#include "netsim/collectives.hpp"

#include <gtest/gtest.h>

namespace netsim {
namespace {

StarFabric fabric(std::uint32_t workers) {
    StarFabric f;
    f.workers = workers;
    f.link = LinkSpec{100.0, 1.5e-6, 0.0};
    f.packets = PacketFormat{4096, 82};
    f.switch_latency_s = 0.6e-6;
    return f;
}

// Time for one message of `bytes` host -> switch -> host when nothing else competes:
// serialisation of every packet, then latency, switch, and the last packet once more.
double message_s(const StarFabric& f, std::uint64_t bytes) {
    return f.link.serialization_s(f.packets.wire_bytes(bytes)) + 2 * f.link.latency_s + f.switch_latency_s +
           f.link.serialization_s(f.packets.last_packet_wire_bytes(bytes));
}

TEST(RingAllreduce, MatchesTheTextbookFormula) {
    // T = 2 (K-1) (alpha + (N/K) beta): every step moves one chunk of N/K over disjoint links.
    for (std::uint32_t k : {2u, 3u, 8u, 16u}) {
        StarFabric f = fabric(k);
        const std::uint64_t bytes = 4ull * 1'200'000 * k;
        CollectiveResult r = ring_allreduce(f, bytes);
        const double formula = 2.0 * (k - 1) * message_s(f, bytes / k);
        EXPECT_NEAR(r.seconds, formula, 1e-9 * formula) << "workers=" << k;
    }
}

TEST(RingAllreduce, SendsEachChunkTwiceAroundTheRing) {
    StarFabric f = fabric(5);
    const std::uint64_t bytes = 4ull * 1'000'003;  // not a multiple of the worker count
    CollectiveResult r = ring_allreduce(f, bytes);
    EXPECT_EQ(r.messages, 2u * 4 * 5);
    EXPECT_EQ(r.payload_bytes_sent, 2u * 4 * bytes);
    EXPECT_EQ(r.payload_bytes_delivered, r.payload_bytes_sent);
    for (double t : r.worker_done_s) EXPECT_GT(t, 0.0);
}

TEST(RingAllreduce, OneWorkerNeedsNoNetwork) {
    CollectiveResult r = ring_allreduce(fabric(1), 4000);
    EXPECT_EQ(r.seconds, 0.0);
    EXPECT_EQ(r.messages, 0u);
}

TEST(RingAllreduce, RejectsBytesThatAreNotWholeElements) {
    EXPECT_THROW(ring_allreduce(fabric(4), 4001), std::invalid_argument);
}

TEST(RingAllgather, MatchesFormulaForEqualBlocks) {
    StarFabric f = fabric(8);
    const std::uint64_t block = 800'000;
    CollectiveResult r = ring_allgather(f, std::vector<std::uint64_t>(8, block));
    const double formula = 7.0 * message_s(f, block);
    EXPECT_NEAR(r.seconds, formula, 1e-9 * formula);
    EXPECT_EQ(r.payload_bytes_delivered, 8u * 7 * block);
}

TEST(HostAggregation, DedicatedAggregatorsOverlapPushAndPull) {
    // As many aggregators as workers: every link carries N bytes once per direction, so
    // the time approaches N / rate; pipelining costs about one round extra.
    const std::uint32_t k = 4, rounds = 32;
    StarFabric f = fabric(k);
    const std::uint64_t n = 40'000'000;
    CollectiveResult r = host_aggregation(f, std::vector<std::uint64_t>(k, n), std::vector<std::uint64_t>(k, n),
                                          AggregatorSetup{k, false, rounds});
    const double line = f.link.serialization_s(f.packets.wire_bytes(n));
    EXPECT_GT(r.seconds, line);
    EXPECT_LT(r.seconds, line * (1.0 + 2.0 / rounds) + 200 * f.link.latency_s);
    EXPECT_EQ(r.payload_bytes_delivered, 2u * k * n);
}

TEST(HostAggregation, SingleAggregatorIsLimitedByIncast) {
    const std::uint32_t k = 4, rounds = 16;
    StarFabric f = fabric(k);
    const std::uint64_t n = 10'000'000;
    CollectiveResult r = host_aggregation(f, std::vector<std::uint64_t>(k, n), std::vector<std::uint64_t>(k, n),
                                          AggregatorSetup{1, false, rounds});
    const double incast = k * f.link.serialization_s(f.packets.wire_bytes(n));
    EXPECT_GT(r.seconds, incast);
    EXPECT_LT(r.seconds, incast * (1.0 + 2.0 / rounds) + 100 * f.link.latency_s);
}

TEST(HostAggregation, ColocatedAggregatorsKeepTheirOwnShardLocal) {
    const std::uint32_t k = 4;
    StarFabric f = fabric(k);
    const std::uint64_t n = 4'000'000;
    std::vector<std::uint64_t> push(k, n), pull(k, n / 2);
    CollectiveResult r = host_aggregation(f, push, pull, AggregatorSetup{k, true, 8});
    EXPECT_EQ(r.payload_bytes_sent, k * n + k * (n / 2));
    EXPECT_EQ(r.payload_bytes_delivered, r.payload_bytes_sent);
    // Pieces are n / (4 aggregators x 8 rounds); a quarter of each worker's pieces, those
    // of its own aggregator, stay on its host.
    const std::uint64_t network_pieces = k * (k - 1) * 8;
    EXPECT_EQ(r.wire_bytes_sent, network_pieces * (f.packets.wire_bytes(n / 32) + f.packets.wire_bytes(n / 64)));
    EXPECT_THROW(host_aggregation(f, push, pull, AggregatorSetup{k + 1, true, 8}), std::invalid_argument);
}

TEST(HostAggregation, MismatchedSizesNameTheProblem) {
    StarFabric f = fabric(3);
    try {
        host_aggregation(f, {1, 2}, {1, 2, 3}, AggregatorSetup{});
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("push_bytes"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace netsim
