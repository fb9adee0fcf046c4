// Issue 14, validation item 2, as a test: the DCTCP dumbbell on our fabric (window-mode
// DCTCP) against ns-3 3.37's TcpDctcp, long flows, 2 and 8 senders. Pass: throughput within
// 2% and mean queue within 15%, the tolerances. Built only with -DSEXTANT_WITH_NS3=ON.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <string>

namespace {

nlohmann::json run(const std::string& binary, int senders, const std::string& workload = "long",
                   const std::string& extra = "") {
    std::string cmd = binary + " --json --workload " + workload + " --long-bytes 5000000 --senders " +
                      std::to_string(senders) + extra;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return {};
    std::string out;
    char buf[4096];
    while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
    EXPECT_EQ(pclose(pipe), 0) << cmd;
    return nlohmann::json::parse(out);
}

}  // namespace

TEST(Ns3Crosscheck, DctcpDumbbellThroughputAndMeanQueueAgreeWithNs3) {
    for (int senders : {2, 8}) {
        nlohmann::json ours = run(FABRIC_DUMBBELL, senders);
        nlohmann::json ns3 = run(NS3_DUMBBELL, senders);
        double g = ours["goodput_gbps"].get<double>() / ns3["goodput_gbps"].get<double>();
        double q = ours["queue_kb"]["mean"].get<double>() / ns3["queue_kb"]["mean"].get<double>();
        EXPECT_NEAR(g, 1, 0.02) << senders << " senders";
        EXPECT_NEAR(q, 1, 0.15) << senders << " senders";
        EXPECT_EQ(ours["drops"], 0) << senders << " senders";
        EXPECT_EQ(ns3["drops"], 0) << senders << " senders";
    }
}

// The incast queue differed by more than 15% (0.56-0.77 of ns-3's) with our marking at
// dequeue; marking where ns-3's RED marks (on the queue a packet finds) brings it within 15%
// from 4 senders on: the marking point is the difference (docs/congestion.md).
TEST(Ns3Crosscheck, IncastQueueAgreesWhenBothMarkAtEnqueue) {
    for (int senders : {4, 8, 16}) {
        nlohmann::json ns3 = run(NS3_DUMBBELL, senders, "incast");
        nlohmann::json enqueue = run(FABRIC_DUMBBELL, senders, "incast", " --ecn-at enqueue");
        nlohmann::json dequeue = run(FABRIC_DUMBBELL, senders, "incast", " --ecn-at dequeue");
        const double ref = ns3["queue_kb"]["mean"].get<double>();
        const double at_enqueue = enqueue["queue_kb"]["mean"].get<double>() / ref;
        const double at_dequeue = dequeue["queue_kb"]["mean"].get<double>() / ref;
        EXPECT_NEAR(at_enqueue, 1, 0.15) << senders << " senders";
        EXPECT_LT(std::abs(at_enqueue - 1), std::abs(at_dequeue - 1)) << senders << " senders";
    }
}
