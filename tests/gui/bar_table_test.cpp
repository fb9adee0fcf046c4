#include "plots/bar_table.hpp"

#include <gtest/gtest.h>

#include <cmath>

using sextant::ui::BarSample;
using sextant::ui::make_bar_table;

TEST(BarTable, MeansAndSpreadPerBarAndGroup) {
    const std::vector<BarSample> s = {{"lhc", "8", 1}, {"lhc", "8", 3}, {"dense", "8", 10},
                                      {"lhc", "16", 5}, {"dense", "16", 20}, {"dense", "16", NAN}};
    const auto t = make_bar_table(s);
    EXPECT_EQ(t.bars, (std::vector<std::string>{"lhc", "dense"}));   // first appearance
    EXPECT_EQ(t.groups, (std::vector<std::string>{"8", "16"}));      // numeric order
    EXPECT_DOUBLE_EQ(t.mean[0][0], 2);
    EXPECT_DOUBLE_EQ(t.spread[0][0], std::sqrt(2.0));
    EXPECT_EQ(t.count[0][0], 2);
    EXPECT_DOUBLE_EQ(t.mean[1][1], 20);   // NaN skipped
    EXPECT_EQ(t.count[1][1], 1);
    EXPECT_DOUBLE_EQ(t.spread[1][1], 0);
}

TEST(BarTable, MissingCombinationIsNan) {
    const auto t = make_bar_table({{"a", "1", 1}, {"b", "2", 2}});
    EXPECT_TRUE(std::isnan(t.mean[0][1]));
    EXPECT_EQ(t.count[0][1], 0);
}

TEST(BarTable, NumericBarsSortNumerically) {
    const auto t = make_bar_table({{"10", "", 1}, {"9", "", 1}, {"100", "", 1}});
    EXPECT_EQ(t.bars, (std::vector<std::string>{"9", "10", "100"}));
    EXPECT_EQ(t.groups, (std::vector<std::string>{""}));
}
