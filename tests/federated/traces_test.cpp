#include "federated/population.hpp"
#include "federated/traces.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace federated;

namespace {

std::filesystem::path write(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / ("federated_" + std::to_string(::getpid()) + "_" + name);
    std::ofstream(path) << text;
    return path;
}

std::string error_of(const std::string& text) {
    const auto path = write("bad.csv", text);
    try {
        Traces::read_csv(path, 10);
    } catch (const TraceError& e) {
        std::filesystem::remove(path);
        return e.what();
    }
    std::filesystem::remove(path);
    return "";
}

}  // namespace

TEST(Traces, ReadsWindowsAndAssignsRowsRoundRobin) {
    const auto path = write("ok.csv", "client,ms_per_sample,kbps,windows\n0,5,1000,22+8\n1,2.5,500,12+0.5;1+1\n");
    const Traces t = Traces::read_csv(path, 5);
    std::filesystem::remove(path);
    ASSERT_EQ(t.size(), 5u);
    EXPECT_FLOAT_EQ(t[2].ms_per_sample, 5.0f);  // row 0 again
    EXPECT_FLOAT_EQ(t[3].kbps, 500.0f);
    // 22:00 + 8 h wraps past midnight: on at 23:00 and 05:00, off at 07:00 and noon.
    EXPECT_TRUE(t[0].available(23 * 3600.0));
    EXPECT_TRUE(t[0].available(86400 + 5 * 3600.0));
    EXPECT_FALSE(t[0].available(7 * 3600.0));
    EXPECT_FALSE(t[0].available(12 * 3600.0));
    EXPECT_DOUBLE_EQ(t[0].available_until(23 * 3600.0), 30 * 3600.0);
    EXPECT_TRUE(t[1].available(12.25 * 3600));
    EXPECT_FALSE(t[1].available(13 * 3600.0));
}

TEST(Traces, BadFilesNameFileAndLine) {
    EXPECT_NE(error_of("id,speed\n0,1\n").find("bad.csv:1: expected the header"), std::string::npos);
    EXPECT_NE(error_of("client,ms_per_sample,kbps,windows\n0,5,1000,22+8\n1,fast,1000,1+1\n")
                  .find("bad.csv:3: ms_per_sample: expected a number"),
              std::string::npos);
    EXPECT_NE(error_of("client,ms_per_sample,kbps,windows\n0,5,1000\n").find(":2: expected 4 fields"),
              std::string::npos);
    EXPECT_NE(error_of("client,ms_per_sample,kbps,windows\n0,5,1000,25+1\n").find(":2: windows: start_h must be < 24"),
              std::string::npos);
    EXPECT_NE(error_of("client,ms_per_sample,kbps,windows\n0,5,0,1+1\n").find(":2: kbps: expected a number > 0"),
              std::string::npos);
    EXPECT_NE(error_of("client,ms_per_sample,kbps,windows\n0,5,10,1+1\n2,5,10,1+1\n").find(":3: client: expected 1"),
              std::string::npos);
    EXPECT_NE(
        error_of("client,ms_per_sample,kbps,windows\n0,5,10,noon\n").find(":2: windows: expected 'start_h+hours'"),
        std::string::npos);
    EXPECT_NE(error_of("client,ms_per_sample,kbps,windows\n").find("no client rows"), std::string::npos);
    EXPECT_THROW(Traces::read_csv("/nonexistent/traces.csv", 3), TraceError);
}

TEST(Traces, SynthesisedMinorityIsLessAvailable) {
    std::vector<std::int64_t> y(200);
    for (std::size_t i = 0; i < y.size(); ++i) y[i] = static_cast<std::int64_t>(i % 10);
    PopulationConfig pc;
    pc.clients = 4000;
    const Population p(pc, y, y);
    TraceConfig tc;
    tc.minority_group = 3;
    const Traces t = Traces::synthesise(p, tc);
    double on[2] = {0, 0}, count[2] = {0, 0};
    for (std::size_t i = 0; i < p.size(); ++i) {
        const int m = p.group(i) == 3;
        count[m] += 1;
        for (int h = 0; h < 24; ++h) on[m] += t[i].available(h * 3600.0 + 1800) ? 1.0 / 24 : 0;
    }
    const double majority = on[0] / count[0], minority = on[1] / count[1];
    EXPECT_NEAR(majority, (6.0 * std::exp(0.125) + 1.0) / 24, 0.05);  // lognormal night (mean) + two 30-min windows
    EXPECT_LT(minority, majority / 2.5);
    // Nobody is online all day: availability follows the day.
    std::size_t at_3am = 0, at_3pm = 0;
    for (std::size_t i = 0; i < p.size(); ++i)
        at_3am += t[i].available(3 * 3600.0), at_3pm += t[i].available(15 * 3600.0);
    EXPECT_GT(at_3am, 4 * at_3pm);
}
