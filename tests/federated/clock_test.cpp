#include "federated/clock.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

using namespace federated;

namespace {

// 200 clients with varied windows and speeds, from a file (so the test controls them).
Traces traces() {
    const auto path =
        std::filesystem::temp_directory_path() / ("federated_clock_" + std::to_string(::getpid()) + ".csv");
    {
        std::ofstream f(path);
        f << "client,ms_per_sample,kbps,windows\n";
        for (int i = 0; i < 200; ++i)
            f << i << ',' << 1 + i % 17 << ',' << 1000 + 300 * (i % 7) << ',' << (i * 37) % 24 << '+' << 1 + i % 5
              << '\n';
    }
    Traces t = Traces::read_csv(path, 200);
    std::filesystem::remove(path);
    return t;
}

}  // namespace

TEST(Clock, UnavailableClientsNeverContribute) {
    const Traces t = traces();
    std::vector<std::uint32_t> all(200);
    for (std::uint32_t i = 0; i < 200; ++i) all[i] = i;
    RoundTiming timing;
    timing.samples = 80;
    timing.min_round_s = 0;
    timing.model_bytes = 4e7;  // minutes per client, so some windows close mid-round
    Rng rng = stream(3, Stream::rounds);
    double now = 0;
    std::size_t reported = 0, dropped_offline = 0;
    for (int round = 0; round < 300; ++round) {
        const RoundPlan plan = plan_round(t, all, now, 10, timing, rng);
        for (auto c : plan.participants) {
            ASSERT_TRUE(t[c].available(now)) << "client " << c << " offline at " << now;
            ASSERT_GE(t[c].available_until(now), now + client_seconds(t[c], timing))
                << "client " << c << " left mid-round";
        }
        reported += plan.participants.size();
        dropped_offline += plan.dropped_offline;
        now += plan.duration_s;
    }
    EXPECT_GT(reported, 1000u);
    EXPECT_GT(dropped_offline, 0u);  // the check above had something to catch
}

TEST(Clock, OvercommitKeepsTheFastestAndDeadlineDrops) {
    const Traces t = traces();
    std::vector<std::uint32_t> all(200);
    for (std::uint32_t i = 0; i < 200; ++i) all[i] = i;
    RoundTiming timing;
    timing.samples = 80;
    timing.min_round_s = 0;
    timing.model_bytes = 400000;
    timing.overcommit = 2.0;
    Rng rng = stream(5, Stream::rounds);
    // 11:00: find a time with many online.
    const double now = 11 * 3600.0;
    const RoundPlan plan = plan_round(t, all, now, 5, timing, rng);
    EXPECT_EQ(plan.sampled, 10u);
    ASSERT_EQ(plan.participants.size(), 5u);
    EXPECT_EQ(plan.dropped_slow + plan.dropped_offline + plan.dropped_deadline, 5u);
    EXPECT_DOUBLE_EQ(plan.duration_s, client_seconds(t[plan.participants.back()], timing));
    for (std::size_t i = 1; i < plan.participants.size(); ++i)
        EXPECT_LE(client_seconds(t[plan.participants[i - 1]], timing), client_seconds(t[plan.participants[i]], timing));
    timing.deadline_s = 3.0;
    Rng rng2 = stream(5, Stream::rounds);
    const RoundPlan tight = plan_round(t, all, now, 5, timing, rng2);
    for (auto c : tight.participants) EXPECT_LE(client_seconds(t[c], timing), 3.0);
    EXPECT_GT(tight.dropped_deadline, 0u);
}
