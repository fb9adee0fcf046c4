// `sextant-cli cassini score`, in process: outputs, JSON shape, exit codes and messages.
#include "cassini_command.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using sextant::cli::cassini_score;
using sextant::cli::CassiniScoreOptions;

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
    auto path = std::filesystem::temp_directory_path() / ("sextant_cassini_" + std::to_string(::getpid()) + "_" + name);
    std::ofstream(path) << text;
    return path.string();
}

const char* kTwoJobs = R"({"jobs":[
  {"name":"a","iteration_ms":100,"phases":[{"start_ms":0,"duration_ms":50,"gbps":50}]},
  {"name":"b","iteration_ms":100,"phases":[{"start_ms":0,"duration_ms":50,"gbps":50}]}]})";

int run(CassiniScoreOptions o, std::string& out, std::string& err) {
    std::ostringstream o1, o2;
    int code = cassini_score(o, o1, o2);
    out = o1.str();
    err = o2.str();
    return code;
}

}  // namespace

TEST(CassiniCommand, JsonHasScoreAndShifts) {
    CassiniScoreOptions o;
    o.jobs_path = write_temp("two.json", kTwoJobs);
    o.capacity_gbps = 50;
    o.json = true;
    std::string out, err;
    ASSERT_EQ(run(o, out, err), 0) << err;
    auto j = nlohmann::json::parse(out);
    EXPECT_DOUBLE_EQ(j.at("score").get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(j.at("shifts_ms").at("a").get<double>(), 0.0);
    EXPECT_NEAR(j.at("shifts_ms").at("b").get<double>(), 50.0, 1e-9);
    EXPECT_EQ(out.rfind("{\"score\":", 0), 0u);  // score first, then shifts_ms
    EXPECT_LT(out.find("\"score\""), out.find("\"shifts_ms\""));
}

TEST(CassiniCommand, TextOutputAndPartialOverlap) {
    CassiniScoreOptions o;
    o.jobs_path = write_temp("partial.json", R"({"jobs":[
      {"name":"x","iteration_ms":100,"phases":[{"start_ms":0,"duration_ms":60,"gbps":50}]},
      {"name":"y","iteration_ms":100,"phases":[{"start_ms":10,"duration_ms":60,"gbps":50}]}]})");
    o.capacity_gbps = 50;
    o.bins = 100;
    std::string out, err;
    ASSERT_EQ(run(o, out, err), 0) << err;
    EXPECT_NE(out.find("compatibility score: 0.8\n"), std::string::npos) << out;
    EXPECT_NE(out.find("  y: "), std::string::npos);
}

TEST(CassiniCommand, BadInputExitsTwoNamingTheField) {
    std::string out, err;
    CassiniScoreOptions o;
    o.capacity_gbps = 50;
    o.jobs_path = "/nonexistent/jobs.json";
    EXPECT_EQ(run(o, out, err), 2);
    EXPECT_NE(err.find("cannot open"), std::string::npos);

    o.jobs_path = write_temp("broken.json", "{\"jobs\": [");
    EXPECT_EQ(run(o, out, err), 2);
    EXPECT_NE(err.find("not valid JSON"), std::string::npos);

    o.jobs_path = write_temp("nogbps.json",
                             R"({"jobs":[{"name":"a","iteration_ms":100,"phases":[{"start_ms":0,"duration_ms":5}]}]})");
    EXPECT_EQ(run(o, out, err), 2);
    EXPECT_NE(err.find("jobs[0].phases[0].gbps: missing"), std::string::npos) << err;

    o.jobs_path = write_temp(
        "past.json",
        R"({"jobs":[{"name":"a","iteration_ms":100,"phases":[{"start_ms":90,"duration_ms":20,"gbps":1}]}]})");
    EXPECT_EQ(run(o, out, err), 2);
    EXPECT_NE(err.find("past the iteration"), std::string::npos) << err;

    o.jobs_path =
        write_temp("dup.json",
                   R"({"jobs":[{"name":"a","iteration_ms":1,"phases":[]},{"name":"a","iteration_ms":1,"phases":[]}]})");
    EXPECT_EQ(run(o, out, err), 2);
    EXPECT_NE(err.find("duplicate job name"), std::string::npos);

    o.jobs_path = write_temp("two2.json", kTwoJobs);
    o.capacity_gbps = 0;
    EXPECT_EQ(run(o, out, err), 2);
    EXPECT_NE(err.find("--capacity-gbps"), std::string::npos);

    CassiniScoreOptions none;
    none.capacity_gbps = 10;
    EXPECT_EQ(run(none, out, err), 2);
    EXPECT_NE(err.find("--jobs is required"), std::string::npos);
}

TEST(CassiniCommand, RegistersWithCli11) {
    CLI::App app("test");
    int exit_code = -1;
    sextant::cli::add_cassini_command(app, exit_code);
    std::string path = write_temp("cli.json", kTwoJobs);
    std::vector<std::string> args = {"--json", "50", "--capacity-gbps", path, "--jobs", "score", "cassini"};
    testing::internal::CaptureStdout();
    app.parse(args);  // CLI11 takes a reversed vector
    std::string out = testing::internal::GetCapturedStdout();
    EXPECT_EQ(exit_code, 0);
    EXPECT_NE(out.find("\"score\":1.0"), std::string::npos) << out;
}
