// Grouped bars: a summary metric averaged over the runs that share a value of the compared
// parameter (one bar each, e.g. per scheme) within each value of a grouping parameter
// (one group each, e.g. per worker count). Qt-free.
#pragma once

#include <string>
#include <vector>

namespace sextant::ui {

struct BarSample {
    std::string bar;    // value of the compared parameter ("lhc")
    std::string group;  // value of the grouping parameter ("8"), or "" for a single group
    double value = 0;
};

struct BarTable {
    std::vector<std::string> bars;            // one bar per group each (legend entries)
    std::vector<std::string> groups;          // x-axis categories
    std::vector<std::vector<double>> mean;    // [bar][group]; NaN where no run
    std::vector<std::vector<double>> spread;  // [bar][group]; sample standard deviation, 0 for one run
    std::vector<std::vector<int>> count;      // [bar][group]
};

// Bars and groups keep the order of first appearance, except that values which are all
// numbers are sorted numerically. NaN samples are skipped.
BarTable make_bar_table(const std::vector<BarSample>& samples);

}  // namespace sextant::ui
