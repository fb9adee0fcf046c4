// Profile CSV import: round trip, and every kind of bad input named by file, line and field.
#include "modality/profile_csv.hpp"
#include "test_profiles.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace sextant::modality;

namespace {

std::string good_csv() {
    std::ostringstream out;
    write_profile_csv(sextant::modality::testing::hand_profile({1, 4}), out);
    return out.str();  // header + 14 rows: V,1 at line 2, V,4 at line 3, A,1 at line 4, ...
}

std::string error_of(const std::string& text) {
    std::istringstream in(text);
    try {
        parse_profile_csv(in, "P.csv");
    } catch (const ProfileFileError& e) {
        return e.what();
    }
    return "no error";
}

std::string replace_line(std::string text, int line, const std::string& with) {
    std::istringstream in(text);
    std::string l, out;
    for (int i = 1; std::getline(in, l); ++i) out += (i == line ? with : l) + "\n";
    return out;
}

}  // namespace

TEST(ProfileCsv, RoundTrips) {
    Profile a = sextant::modality::testing::hand_profile({1, 4});
    std::istringstream in(good_csv());
    Profile b = parse_profile_csv(in, "P.csv");
    ASSERT_EQ(b.configs.size(), 7u);
    for (size_t i = 0; i < 7; ++i) {
        EXPECT_EQ(b.configs[i].mask, a.configs[i].mask);
        EXPECT_DOUBLE_EQ(b.configs[i].accuracy, a.configs[i].accuracy);
        ASSERT_EQ(b.configs[i].latency_ms.size(), 2u);
        EXPECT_NEAR(b.configs[i].latency_ms[1].second, a.configs[i].latency_ms[1].second, 1e-6);
    }
}

TEST(ProfileCsv, AcceptsAnyRowOrderCommentsAndColumnOrder) {
    std::string text =
        "# measured on a GPU box\n"
        "batch,config,accuracy,latency_ms\n"
        "4,V,0.9,2\n1,V,0.9,1\n1,A,0.8,1\n1,T,0.7,1\n1,V+A,0.91,1\n\n1,V+T,0.9,1\n1,A+T,0.85,1\n1,V+A+T,0.95,3\n";
    std::istringstream in(text);
    Profile p = parse_profile_csv(in, "P.csv");
    EXPECT_EQ(p.config(kV).latency_ms.front(), (std::pair<int, double>{1, 1.0}));
    EXPECT_EQ(p.config(kV).largest_batch(), 4);
}

TEST(ProfileCsv, NamesFileLineAndField) {
    const std::string csv = good_csv();
    EXPECT_EQ(error_of(replace_line(csv, 3, "V,4,nan,0.88")),
              "P.csv:3: latency_ms: expected a finite number, got 'nan'");
    EXPECT_EQ(error_of(replace_line(csv, 3, "V,4,-2,0.88")),
              "P.csv:3: latency_ms: expected a positive time in ms, got -2");
    EXPECT_EQ(error_of(replace_line(csv, 3, "V,4,abc,0.88")), "P.csv:3: latency_ms: expected a number, got 'abc'");
    EXPECT_EQ(error_of(replace_line(csv, 3, "V,0,2,0.88")), "P.csv:3: batch: expected a positive integer, got '0'");
    EXPECT_EQ(error_of(replace_line(csv, 3, "V,4,2,1.5")), "P.csv:3: accuracy: expected a fraction in [0, 1], got 1.5");
    EXPECT_EQ(error_of(replace_line(csv, 3, "V,4,2")), "P.csv:3: accuracy: missing value");
    EXPECT_EQ(error_of(replace_line(csv, 3, "V,4,2,0.5")),
              "P.csv:3: accuracy: differs from V's accuracy at line 2 (one accuracy per configuration)");
    EXPECT_EQ(error_of(replace_line(csv, 3, "V,1,2,0.88")), "P.csv:3: batch: batch 1 of V already given at line 2");
    EXPECT_EQ(error_of(replace_line(csv, 3, "X,4,2,0.88")),
              "P.csv:3: config: unknown configuration 'X' (expected one of V, A, T, V+A, V+T, A+T, V+A+T)");
    EXPECT_EQ(error_of(replace_line(csv, 3, "A+V,4,2,0.88")),
              "P.csv:3: config: unknown configuration 'A+V' (write it as 'V+A')");
    EXPECT_EQ(error_of(replace_line(csv, 1, "config,batch,latency")),
              "P.csv:1: latency_ms: missing column (expected the header config,batch,latency_ms,accuracy)");
    EXPECT_EQ(error_of(""), "P.csv:1: config: empty file (expected the header config,batch,latency_ms,accuracy)");
}

TEST(ProfileCsv, NonMonotoneBatchesAndMissingConfigurations) {
    const std::string csv = good_csv();
    // V at batch 4 faster than at batch 1.
    std::string err = error_of(replace_line(csv, 3, "V,4,0.1,0.88"));
    EXPECT_EQ(err.rfind("P.csv:3: latency_ms: V batch 4 takes 0.1", 0), 0u) << err;
    EXPECT_NE(err.find("less than batch 1 (line 2)"), std::string::npos) << err;
    // Drop both A+T rows (lines 12, 13).
    std::string without = replace_line(replace_line(csv, 12, "# gone"), 13, "# gone");
    EXPECT_EQ(error_of(without),
              "P.csv:15: config: missing configurations A+T (all 7 of V, A, T, V+A, V+T, A+T, V+A+T are needed)");
    EXPECT_THROW(read_profile_csv("/nonexistent/P.csv"), ProfileFileError);
}
