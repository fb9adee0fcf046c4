#include "sparse_gradients.hpp"

#include "compression/simulated/traffic.hpp"

#include <gtest/gtest.h>

namespace compression::simulated {
namespace {

Report codec_report(const std::string& scheme, std::size_t workers = 4, std::size_t n = 1 << 16) {
    SchemeConfig config;
    config.scheme = scheme;
    config.seed = 3;
    auto s = make_scheme(config);
    return aggregate(*s, sextant_test::sparse_gradients(workers, n, 0.01, 17)).report;
}

TEST(Traffic, EachSchemesRoundsTakeTheirPath) {
    struct Case {
        const char* scheme;
        Path path;
    };
    for (Case c : {Case{"dense", Path::host_sum}, Case{"dense-int", Path::in_network}, Case{"topk", Path::allgather},
                   Case{"omnireduce", Path::aggregator}, Case{"thc", Path::in_network}, Case{"fp16", Path::host_sum},
                   Case{"lhc", Path::in_network}}) {
        Report report = codec_report(c.scheme);
        Traffic t = traffic_from_report(c.scheme, report, true);
        ASSERT_EQ(t.phases.size(), report.rounds.size()) << c.scheme;
        EXPECT_EQ(t.workers, 4u);
        EXPECT_EQ(t.dense_bytes, 4u << 16);
        // The last round carries the values; it decides the scheme's path.
        EXPECT_EQ(t.phases.back().path, c.path) << c.scheme;
        for (std::size_t i = 0; i < t.phases.size(); ++i) {
            EXPECT_EQ(t.phases[i].bytes_sent, report.rounds[i].bytes_sent);
            EXPECT_EQ(t.phases[i].bytes_received, report.rounds[i].bytes_received);
        }
    }
}

TEST(Traffic, LhcIndexIsOredAndSketchSummedInTheSwitch) {
    Traffic t = traffic_from_report("lhc", codec_report("lhc"), true);
    bool saw_index = false, saw_sketch = false;
    for (const Phase& p : t.phases) {
        EXPECT_EQ(p.path, Path::in_network) << p.name;
        if (p.name == "index") saw_index = p.op == Reduce::bit_or;
        if (p.name == "sketch") saw_sketch = p.op == Reduce::sum_int32;
    }
    EXPECT_TRUE(saw_index);
    EXPECT_TRUE(saw_sketch);
}

TEST(Traffic, WithoutInNetworkAggregationHostsSumEverything) {
    Traffic t = traffic_from_report("lhc", codec_report("lhc"), false);
    for (const Phase& p : t.phases) EXPECT_EQ(p.path, Path::host_sum) << p.name;
}

TEST(Traffic, BaselineHasTheCodecsDenseIntRounds) {
    Report report = codec_report("dense-int", 4, 12345);
    Traffic mine = dense_in_network_traffic(12345, 4);
    ASSERT_EQ(mine.phases.size(), report.rounds.size());
    for (std::size_t i = 0; i < mine.phases.size(); ++i) {
        EXPECT_EQ(mine.phases[i].name, report.rounds[i].name);
        EXPECT_EQ(mine.phases[i].op, report.rounds[i].op);
        EXPECT_EQ(mine.phases[i].bytes_sent, report.rounds[i].bytes_sent);
        EXPECT_EQ(mine.phases[i].bytes_received, report.rounds[i].bytes_received);
    }
}

TEST(Traffic, ScalingKeepsMetaRoundsWhole) {
    Traffic t = dense_in_network_traffic(1000, 8);
    Traffic big = t.scaled(1000.0);
    EXPECT_EQ(big.dense_bytes, 4'000'000u);
    EXPECT_EQ(big.phases[0].bytes_sent, 4u);  // meta
    EXPECT_EQ(big.phases[1].bytes_sent, 4'000'000u);
    EXPECT_THROW(t.scaled(0.0), std::invalid_argument);
}

}  // namespace
}  // namespace compression::simulated

namespace compression::simulated {
namespace {

TEST(Traffic, FusingTensorsSumsRoundsOfTheSameKind) {
    Report a = codec_report("lhc", 4, 1 << 14);
    Report b = codec_report("lhc", 4, 1 << 15);
    Report both = a;
    both += b;
    Traffic per_tensor = traffic_from_report("lhc", both, true);
    Traffic fused = per_tensor.fused();
    ASSERT_EQ(per_tensor.phases.size(), a.rounds.size() + b.rounds.size());
    EXPECT_EQ(fused.phases.size(), a.rounds.size());  // same round kinds for both tensors
    std::uint64_t before = 0, after = 0;
    for (const auto& p : per_tensor.phases) before += p.bytes_sent;
    for (const auto& p : fused.phases) after += p.bytes_sent;
    EXPECT_EQ(before, after);
    EXPECT_EQ(fused.phases[0].name, a.rounds[0].name);
    EXPECT_EQ(fused.dense_bytes, 4u * ((1 << 14) + (1 << 15)));
}

}  // namespace
}  // namespace compression::simulated

namespace compression::simulated {
namespace {

TEST(Traffic, TensorsAddUpAndMismatchesAreRefused) {
    Traffic sum;
    sum += dense_in_network_traffic(100, 8);
    sum += dense_in_network_traffic(300, 8).scaled(2.0);
    EXPECT_EQ(sum.dense_bytes, 4u * 100 + 4u * 600);
    EXPECT_EQ(sum.phases.size(), 4u);
    Traffic fused = sum.fused();
    ASSERT_EQ(fused.phases.size(), 2u);
    EXPECT_EQ(fused.phases[0].bytes_sent, 8u);  // two meta exchanges of 4 bytes
    EXPECT_EQ(fused.phases[1].bytes_sent, 4u * 100 + 4u * 600);
    EXPECT_THROW(sum += dense_in_network_traffic(10, 4), std::invalid_argument);
}

}  // namespace
}  // namespace compression::simulated
