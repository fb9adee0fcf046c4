// `sextant-cli codec aggregate` in-process: results, --json statistics and exit code 2
// with a clear message for every kind of bad input.
#include "codec_command.hpp"

#include <compression/npy.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace compression;
namespace fs = std::filesystem;

namespace {

struct CommandTest : ::testing::Test {
    fs::path dir = fs::temp_directory_path() / ("sextant-codec-cmd-" + std::to_string(::getpid()));
    void SetUp() override {
        fs::create_directories(dir);
        write_npy(dir / "w0.npy", std::vector<float>{0, 1.5f, 0, 0, -2, 0, 0, 0});
        write_npy(dir / "w1.npy", std::vector<float>{0, 0.5f, 0, 3, 2, 0, 0, 0});
        write_npy(dir / "short.npy", std::vector<float>{1, 2});
    }
    // Parses argv through CLI11 exactly as sextant-cli does.
    int run(std::vector<std::string> args, std::string* err_text = nullptr) {
        CLI::App app("test");
        int code = 0;
        sextant::cli::add_codec_command(app, code);
        std::vector<const char*> argv{"sextant-cli"};
        for (auto& a : args) argv.push_back(a.c_str());
        testing::internal::CaptureStderr();
        try {
            app.parse(static_cast<int>(argv.size()), argv.data());
        } catch (const CLI::ParseError& e) {
            code = 100 + app.exit(e);
        }
        const std::string err = testing::internal::GetCapturedStderr();
        if (err_text) *err_text = err;
        return code;
    }
    std::string p(const char* name) { return (dir / name).string(); }
};

}  // namespace

TEST_F(CommandTest, AggregatesWithEveryScheme) {
    for (std::string scheme :
         {"lhc", "lhc-union", "lhc-aligned", "dense", "dense-int", "topk", "thc", "omnireduce", "fp16"}) {
        ASSERT_EQ(
            run({"codec", "aggregate", "--scheme", scheme, "--in", p("w0.npy"), p("w1.npy"), "--out", p("sum.npy")}), 0)
            << scheme;
        const auto sum = read_npy(dir / "sum.npy").data;
        ASSERT_EQ(sum.size(), 8u);
        if (scheme != "topk" && scheme != "thc") {
            EXPECT_EQ(sum[1], 2.0f) << scheme;
            EXPECT_EQ(sum[3], 3.0f) << scheme;
            EXPECT_EQ(sum[4], 0.0f) << scheme;
        }
    }
}

TEST_F(CommandTest, JsonStatistics) {
    testing::internal::CaptureStdout();
    ASSERT_EQ(run({"codec", "aggregate", "--scheme", "lhc", "--mode", "float", "--load-factor", "0.5", "--in",
                   p("w0.npy"), p("w1.npy"), "--out", p("sum.npy"), "--json"}),
              0);
    const auto j = nlohmann::json::parse(testing::internal::GetCapturedStdout());
    EXPECT_EQ(j["scheme"], "lhc");
    EXPECT_EQ(j["mode"], "float");
    EXPECT_EQ(j["workers"], 2);
    EXPECT_EQ(j["union_nonzeros"], 3);
    EXPECT_EQ(j["repaired"], j["peel_failures"]);
    EXPECT_GT(j["bytes_sent_per_worker"].get<int>(), 0);
    EXPECT_FALSE(j["lossless"].get<bool>());  // float cells round; int mode is the lossless one
    EXPECT_TRUE(j.contains("ratio_to_minimum"));
    EXPECT_FALSE(j["rounds"].empty());
}

TEST_F(CommandTest, BadInputExitsTwoWithAClearMessage) {
    std::string err;
    EXPECT_EQ(
        run({"codec", "aggregate", "--scheme", "lhc", "--in", p("w0.npy"), p("short.npy"), "--out", p("s.npy")}, &err),
        2);
    EXPECT_NE(err.find("short.npy"), std::string::npos) << err;
    EXPECT_NE(err.find("same length"), std::string::npos) << err;

    EXPECT_EQ(run({"codec", "aggregate", "--scheme", "zip", "--in", p("w0.npy"), "--out", p("s.npy")}, &err), 2);
    EXPECT_NE(err.find("unknown scheme 'zip'"), std::string::npos) << err;

    EXPECT_EQ(
        run({"codec", "aggregate", "--scheme", "lhc", "--mode", "double", "--in", p("w0.npy"), "--out", p("s.npy")},
            &err),
        2);
    EXPECT_NE(err.find("--mode"), std::string::npos) << err;

    EXPECT_EQ(
        run({"codec", "aggregate", "--scheme", "lhc", "--load-factor", "abc", "--in", p("w0.npy"), "--out", p("s.npy")},
            &err),
        2);
    EXPECT_NE(err.find("--load-factor: 'abc' is not a number"), std::string::npos) << err;

    EXPECT_EQ(run({"codec", "aggregate", "--scheme", "lhc", "--in", p("missing.npy"), "--out", p("s.npy")}, &err), 2);
    EXPECT_NE(err.find("missing.npy"), std::string::npos) << err;

    EXPECT_EQ(run({"codec", "aggregate", "--scheme", "lhc", "--out", p("s.npy")}, &err), 2);
    EXPECT_NE(err.find("--in"), std::string::npos) << err;

    EXPECT_EQ(run({"codec", "aggregate", "--scheme", "lhc", "--in", p("w0.npy")}, &err), 2);
    EXPECT_NE(err.find("--out"), std::string::npos) << err;

    { std::ofstream(dir / "text.npy") << "not an array"; }
    EXPECT_EQ(run({"codec", "aggregate", "--scheme", "dense", "--in", p("text.npy"), "--out", p("s.npy")}, &err), 2);
    EXPECT_NE(err.find("text.npy"), std::string::npos) << err;

    write_npy(dir / "nan.npy", std::vector<float>{0, std::nanf(""), 0, 0, 0, 0, 0, 0});
    EXPECT_EQ(
        run({"codec", "aggregate", "--scheme", "lhc", "--in", p("w0.npy"), p("nan.npy"), "--out", p("s.npy")}, &err),
        2);
    EXPECT_NE(err.find("nan.npy"), std::string::npos) << err;
    EXPECT_NE(err.find("position 1"), std::string::npos) << err;

    EXPECT_EQ(run({"codec", "aggregate", "--scheme", "dense", "--in", p("w0.npy"), "--out",
                   (dir / "no/such/dir/s.npy").string()},
                  &err),
              2);
    EXPECT_NE(err.find("--out"), std::string::npos) << err;
}

TEST_F(CommandTest, ProfileFromRunNamesWhatIsMissing) {
    std::string err;
    EXPECT_EQ(run({"codec", "profile", "--from-run", (dir / "none.sextant").string(), "1", "--out",
                   (dir / "p.json").string()},
                  &err),
              2);
    EXPECT_NE(err.find("no such project file"), std::string::npos) << err;
    // A project that never ran has no results to read.
    std::ofstream(dir / "p.sextant") << R"({"sextant_project": 1, "name": "p", "experiments": []})";
    EXPECT_EQ(
        run({"codec", "profile", "--from-run", (dir / "p.sextant").string(), "1", "--out", (dir / "p.json").string()},
            &err),
        2);
    EXPECT_NE(err.find("has no results yet"), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(dir / "p.json"));
}
