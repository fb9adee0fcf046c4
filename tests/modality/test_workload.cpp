// Job streams: the load maps to the arrival rate, MMPP keeps the mean but bunches arrivals,
// deadlines follow the slack, streams are seeded, traces are checked.
#include "modality/workload.hpp"
#include "test_profiles.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace sextant::modality;
using sextant::modality::testing::hand_profile;

namespace {

double dispersion(const std::vector<Job>& jobs, double window) {  // variance / mean of counts per window
    std::vector<int> counts(static_cast<size_t>(jobs.back().arrival_s / window) + 1, 0);
    for (const Job& j : jobs) ++counts[static_cast<size_t>(j.arrival_s / window)];
    double mean = 0, var = 0;
    for (int c : counts) mean += c;
    mean /= counts.size();
    for (int c : counts) var += (c - mean) * (c - mean);
    return var / counts.size() / mean;
}

}  // namespace

TEST(Workload, PoissonRateMatchesLoadAndDeadlinesFollowSlack) {
    Planner planner(hand_profile(), 64);
    WorkloadSpec spec;
    spec.load = 0.5;
    spec.jobs = 20000;
    spec.slack = 3;
    spec.floor_lo = 0.8, spec.floor_hi = 0.9;
    auto jobs = generate_workload(planner, spec);
    double rate = jobs.size() / jobs.back().arrival_s;
    EXPECT_NEAR(rate / (0.5 * agnostic_capacity(planner, spec)), 1.0, 0.03);
    for (const Job& j : jobs) {
        EXPECT_NEAR(j.deadline_s - j.arrival_s, 3 * all_modalities_time_s(planner, j.size), 1e-12);
        EXPECT_GE(j.floor, 0.8);
        EXPECT_LE(j.floor, 0.9);
    }
    EXPECT_EQ(jobs[5].first_request, jobs[4].first_request + jobs[4].size);
    auto again = generate_workload(planner, spec);
    EXPECT_EQ(again[777].arrival_s, jobs[777].arrival_s);
    EXPECT_NEAR(dispersion(jobs, 20 / rate), 1.0, 0.15);
}

TEST(Workload, MmppKeepsTheMeanRateButIsBursty) {
    Planner planner(hand_profile(), 64);
    WorkloadSpec spec;
    spec.arrivals = Arrivals::mmpp;
    spec.jobs = 40000;
    auto jobs = generate_workload(planner, spec);
    double rate = jobs.size() / jobs.back().arrival_s;
    EXPECT_NEAR(rate / agnostic_capacity(planner, spec), 1.0, 0.1);
    EXPECT_GT(dispersion(jobs, 20 / rate), 3.0);
    spec.burst = 20;  // 20 x 0.1 >= 1: no room for a low state
    EXPECT_THROW(generate_workload(planner, spec), std::invalid_argument);
}

TEST(Workload, TraceCsvAndItsErrors) {
    auto path = std::filesystem::temp_directory_path() / ("sextant_trace_" + std::to_string(::getpid()) + ".csv");
    std::ofstream(path) << "arrival_s,size,deadline_s,accuracy_floor\n0,4,0.5,0.8\n0.25,16,1,0.9\n";
    auto jobs = read_trace_csv(path.string());
    ASSERT_EQ(jobs.size(), 2u);
    EXPECT_DOUBLE_EQ(jobs[1].deadline_s, 1.25);
    EXPECT_EQ(jobs[1].first_request, 4);
    std::ofstream(path) << "arrival_s,size,deadline_s,accuracy_floor\n0,4,0.5,0.8\n0.25,2.5,1,0.9\n";
    try {
        read_trace_csv(path.string());
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_EQ(std::string(e.what()), path.string() + ":3: size: expected a positive integer");
    }
    std::filesystem::remove(path);
}
