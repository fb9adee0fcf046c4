#include "plots/bar_table.hpp"

#include <gtest/gtest.h>

#include <cmath>

using sextant::ui::BarSample;
using sextant::ui::make_bar_table;

TEST(BarTable, MeansAndSpreadPerBarAndGroup) {
    const std::vector<BarSample> s = {{"lhc", "8", 1},  {"lhc", "8", 3},     {"dense", "8", 10},
                                      {"lhc", "16", 5}, {"dense", "16", 20}, {"dense", "16", NAN}};
    const auto t = make_bar_table(s);
    EXPECT_EQ(t.bars, (std::vector<std::string>{"lhc", "dense"}));  // first appearance
    EXPECT_EQ(t.groups, (std::vector<std::string>{"8", "16"}));     // numeric order
    EXPECT_DOUBLE_EQ(t.mean[0][0], 2);
    EXPECT_DOUBLE_EQ(t.spread[0][0], std::sqrt(2.0));
    EXPECT_EQ(t.count[0][0], 2);
    EXPECT_DOUBLE_EQ(t.mean[1][1], 20);  // NaN skipped
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

#include "plots/series_levels.hpp"

using sextant::ui::SeriesLevels;

TEST(SeriesLevels, VisibleRangeFitsTheBudgetAndKeepsSpikes) {
    std::vector<double> keys, values;
    for (int i = 0; i < 1000000; ++i) {
        keys.push_back(i);
        values.push_back(i == 654321 ? 1000.0 : std::sin(i * 0.001));
    }
    const SeriesLevels levels(keys, values);
    EXPECT_EQ(levels.size(), 1000000u);
    EXPECT_GT(levels.levels(), 4u);
    std::vector<double> k, v;
    const auto level = levels.visible(0, 1e6, 4000, k, v);
    EXPECT_GT(level, 0u);
    EXPECT_LE(k.size(), 4000u);
    EXPECT_TRUE(std::is_sorted(k.begin(), k.end()));
    EXPECT_DOUBLE_EQ(*std::max_element(v.begin(), v.end()), 1000.0) << "a one-point spike survives decimation";
    // Zoomed in far enough, the raw points come back.
    EXPECT_EQ(levels.visible(1000, 1999, 4000, k, v), 0u);
    EXPECT_EQ(k.size(), 1002u);  // 1000 points + a neighbour on each side
    EXPECT_DOUBLE_EQ(k.front(), 999);
}
