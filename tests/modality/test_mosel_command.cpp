// `sextant-cli mosel plan`, in process: the exact JSON shape, exit codes, messages.
#include "modality/profile_csv.hpp"
#include "mosel_command.hpp"
#include "test_profiles.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace sextant::cli;

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
    auto path = std::filesystem::temp_directory_path() / ("sextant_mosel_" + std::to_string(::getpid()) + "_" + name);
    std::ofstream(path) << text;
    return path.string();
}

std::string hand_csv() {
    std::ostringstream out;
    sextant::modality::write_profile_csv(sextant::modality::testing::hand_profile(), out);
    return write_temp("hand.csv", out.str());
}

int run(MoselPlanOptions o, std::string& out, std::string& err) {
    std::ostringstream a, b;
    int code = mosel_plan(o, a, b);
    out = a.str(), err = b.str();
    return code;
}

}  // namespace

TEST(MoselCommand, JsonHasExactlyTheIssuesShape) {
    MoselPlanOptions o{hand_csv(), 13, 0.9, true};
    std::string out, err;
    ASSERT_EQ(run(o, out, err), 0) << err;
    auto j = nlohmann::json::parse(out);
    ASSERT_TRUE(j.is_object());
    EXPECT_EQ(j.size(), 4u);
    EXPECT_EQ(j.at("feasible"), true);
    EXPECT_GE(j.at("accuracy").get<double>(), 0.9 - 1e-12);
    double time = 0;
    int requests = 0;
    auto profile = sextant::modality::read_profile_csv(o.profiles_path);
    for (const auto& row : j.at("plan")) {
        EXPECT_EQ(row.size(), 4u);
        unsigned mask = sextant::modality::parse_config_name(row.at("config").get<std::string>());
        ASSERT_NE(mask, 0u);
        time += row.at("batches").get<int>() * profile.config(mask).latency(row.at("batch").get<int>());
        requests += row.at("requests").get<int>();
    }
    EXPECT_EQ(requests, 13);
    EXPECT_NEAR(j.at("time_ms").get<double>(), time, 1e-9);
    // The keys come in the issue's order.
    EXPECT_EQ(out.rfind("{\"feasible\":true,\"time_ms\":", 0), 0u) << out;
    EXPECT_NE(out.find("{\"config\":"), std::string::npos);
}

TEST(MoselCommand, InfeasibleExitsOneWithTheBestAccuracy) {
    std::string out, err;
    ASSERT_EQ(run({hand_csv(), 5, 0.99, true}, out, err), 1);
    auto j = nlohmann::json::parse(out);
    EXPECT_EQ(j.at("feasible"), false);
    EXPECT_NEAR(j.at("accuracy").get<double>(), 0.95, 1e-12);
    ASSERT_EQ(run({hand_csv(), 5, 0.99, false}, out, err), 1);
    EXPECT_NE(out.find("infeasible"), std::string::npos);
}

TEST(MoselCommand, TableNamesEveryRow) {
    std::string out, err;
    ASSERT_EQ(run({hand_csv(), 40, 0.85, false}, out, err), 0);
    EXPECT_NE(out.find("predicted time"), std::string::npos);
    EXPECT_NE(out.find("config"), std::string::npos);
}

TEST(MoselCommand, BadInputExitsTwoNamingFileLineOrFlag) {
    std::string out, err;
    std::string bad = write_temp("bad.csv", "config,batch,latency_ms,accuracy\nV,1,nan,0.9\n");
    EXPECT_EQ(run({bad, 4, 0.8, true}, out, err), 2);
    EXPECT_NE(err.find(bad + ":2: latency_ms"), std::string::npos) << err;
    EXPECT_EQ(run({hand_csv(), 0, 0.8, true}, out, err), 2);
    EXPECT_NE(err.find("--job-size"), std::string::npos);
    EXPECT_EQ(run({hand_csv(), 4, 1.5, true}, out, err), 2);
    EXPECT_NE(err.find("--accuracy-floor"), std::string::npos);
    EXPECT_EQ(run({"", 4, 0.5, true}, out, err), 2);
    EXPECT_NE(err.find("--profiles"), std::string::npos);
}
