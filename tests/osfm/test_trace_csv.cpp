// Trace files: the page column among others, and every bad file named with file:line.
#include "osfm/trace_csv.hpp"
#include "osfm_command.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace sextant::osfm;

namespace {

std::vector<Page> parse(const std::string& text) {
    std::istringstream in(text);
    return parse_trace_csv(in, "t.csv");
}

std::string error_of(const std::string& text) {
    try {
        parse(text);
    } catch (const TraceFileError& e) {
        return e.what();
    }
    return "no error";
}

std::string write_temp(const std::string& name, const std::string& text) {
    auto path = std::filesystem::temp_directory_path() / ("sextant_osfm_" + std::to_string(::getpid()) + "_" + name);
    std::ofstream(path) << text;
    return path.string();
}

int cache_sim(sextant::cli::CacheSimOptions o, std::string& out, std::string& err) {
    std::ostringstream a, b;
    int code = sextant::cli::osfm_cache_sim(o, a, b);
    out = a.str(), err = b.str();
    return code;
}

}  // namespace

TEST(TraceCsv, ReadsThePageColumnAmongOthers) {
    EXPECT_EQ(parse("pid,page,op\n1,10,r\n# comment\n\n2, 11 ,w\r\n"), (std::vector<Page>{10, 11}));
    EXPECT_EQ(parse("page\n5\n5\n"), (std::vector<Page>{5, 5}));
}

TEST(TraceCsv, BadFilesNameFileAndLine) {
    EXPECT_EQ(error_of("pid,addr\n1,2\n"), "t.csv:1: no 'page' column in the header 'pid,addr'");
    EXPECT_EQ(error_of("page\n1\nx7\n"), "t.csv:3: page: expected a non-negative integer, got 'x7'");
    EXPECT_EQ(error_of("page\n-1\n"), "t.csv:2: page: expected a non-negative integer, got '-1'");
    EXPECT_EQ(error_of("pid,page\n1,2\n3\n"), "t.csv:3: expected 2 fields like the header, got 1");
    EXPECT_EQ(error_of("pid,page\n1,\n"), "t.csv:2: page: missing value");
    EXPECT_EQ(error_of(""), "t.csv: empty file (expected a header with a 'page' column)");
    EXPECT_EQ(error_of("page\n"), "t.csv: no references after the header");
}

TEST(CacheSimCommand, JsonCarriesHitsAndMisses) {
    std::ostringstream text;
    write_trace_csv({1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5}, text);
    const std::string path = write_temp("belady.csv", text.str());
    std::string out, err;
    for (auto [policy, misses] : {std::pair{"lru", 10}, std::pair{"opt", 7}}) {
        ASSERT_EQ(cache_sim({path, 3, policy, true}, out, err), 0) << err;
        auto j = nlohmann::json::parse(out);
        EXPECT_EQ(j.at("hits").get<int>(), 12 - misses);
        EXPECT_EQ(j.at("misses").get<int>(), misses);
        EXPECT_EQ(j.at("accesses").get<int>(), 12);
        EXPECT_EQ(j.at("policy"), policy);
    }
    ASSERT_EQ(cache_sim({path, 3, "arc", false}, out, err), 0);
    EXPECT_NE(out.find("misses"), std::string::npos);
}

TEST(CacheSimCommand, BadInputExitsTwoNamingTheCause) {
    const std::string bad = write_temp("bad.csv", "page\n1\n2\nthree\n");
    std::string out, err;
    EXPECT_EQ(cache_sim({bad, 3, "lru", true}, out, err), 2);
    EXPECT_NE(err.find(bad + ":4: page:"), std::string::npos) << err;
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(cache_sim({bad + ".missing", 3, "lru", true}, out, err), 2);
    EXPECT_NE(err.find("cannot open"), std::string::npos) << err;
    const std::string good = write_temp("good.csv", "page\n1\n");
    EXPECT_EQ(cache_sim({good, 3, "mru", true}, out, err), 2);
    EXPECT_NE(err.find("--policy: unknown policy 'mru'"), std::string::npos) << err;
    EXPECT_EQ(cache_sim({good, 0, "lru", true}, out, err), 2);
    EXPECT_NE(err.find("--capacity"), std::string::npos) << err;
}
