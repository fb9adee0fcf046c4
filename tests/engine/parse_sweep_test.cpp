// The typed sweep: what parse_sweep reads from the project file, what it keeps when a part
// is wrong (an editor still shows it) and which parameters a sweep varies.
#include "params/sweep.hpp"

#include "demo_plugin.hpp"

#include <gtest/gtest.h>

using namespace sextant;
using nlohmann::json;
using sextant::testing::demo_plugin;

namespace {

const json kSweep = {{"grid",
                      {{{"param", "scheme"}, {"values", {"lhc", "dense"}}},
                       {{"param", "density"}, {"log", {{"from", 0.001}, {"to", 0.1}, {"count", 3}}}}}},
                     {"random",
                      {{"count", 5},
                       {"seed", 7},
                       {"axes",
                        {{{"param", "workers"}, {"uniform", {{"from", 2}, {"to", 16}}}},
                         {{"param", "scheme"}, {"choice", {"lhc", "topk"}}}}}}},
                     {"points", {{{"workers", 3}}, {{"density", 0.5}, {"scheme", "topk"}}}}};

}  // namespace

TEST(ParseSweep, ReadsEveryPartTyped) {
    Problems problems("p.sextant");
    const Sweep sweep = parse_sweep(kSweep, demo_plugin(), problems, "experiments[0].sweep");
    EXPECT_TRUE(problems.empty()) << problems.texts().front();
    ASSERT_EQ(sweep.grid.size(), 2u);
    EXPECT_EQ(sweep.grid[0].param, "scheme");
    EXPECT_EQ(sweep.grid[0].spacing, GridAxis::Spacing::Values);
    EXPECT_EQ(sweep.grid[0].values, (std::vector<json>{"lhc", "dense"}));
    EXPECT_EQ(sweep.grid[1].spacing, GridAxis::Spacing::Log);
    EXPECT_DOUBLE_EQ(sweep.grid[1].from.value(), 0.001);
    EXPECT_DOUBLE_EQ(sweep.grid[1].to.value(), 0.1);
    EXPECT_EQ(sweep.grid[1].count, 3);
    ASSERT_TRUE(sweep.random.has_value());
    EXPECT_EQ(sweep.random->count, 5);
    EXPECT_EQ(sweep.random->seed, 7u);
    ASSERT_EQ(sweep.random->axes.size(), 2u);
    EXPECT_EQ(sweep.random->axes[0].distribution, RandomAxis::Distribution::Uniform);
    EXPECT_DOUBLE_EQ(sweep.random->axes[0].to.value(), 16);
    EXPECT_EQ(sweep.random->axes[1].distribution, RandomAxis::Distribution::Choice);
    EXPECT_EQ(sweep.random->axes[1].choices, (std::vector<json>{"lhc", "topk"}));
    EXPECT_EQ(sweep.points.size(), 2u);
    EXPECT_EQ(to_string(sweep.grid[1].spacing), "log");
    EXPECT_EQ(to_string(sweep.random->axes[1].distribution), "choice");
}

TEST(ParseSweep, SweptAndVariedParameters) {
    const Sweep sweep = read_sweep(kSweep);
    EXPECT_EQ(swept_params(sweep), (std::vector<std::string>{"scheme", "density", "workers"}));
    // Points vary theirs too, but leave the fixed value in use for the other points.
    EXPECT_EQ(varied_params(sweep), (std::vector<std::string>{"scheme", "density", "workers"}));
    const Sweep points_only = read_sweep({{"points", {{{"workers", 3}}, {{"density", 0.5}}}}});
    EXPECT_TRUE(swept_params(points_only).empty());
    EXPECT_EQ(varied_params(points_only), (std::vector<std::string>{"workers", "density"}));
}

TEST(ParseSweep, KeepsAWrongAxisAndReportsItOnce) {
    const json sweep = {{"grid",
                         {{{"param", "workres"}, {"values", {"x"}}},
                          {{"param", "workers"}, {"linear", {{"from", 1}, {"to", 8}, {"count", 0}}}},
                          42}},
                        {"random", {{"count", 0}, {"seed", -1}, {"axes", json::array()}}},
                        {"grdi", 1}};
    Problems problems("p.sextant");
    const Sweep typed = parse_sweep(sweep, demo_plugin(), problems, "sweep");
    // The unknown parameter is the axis's one problem (its values are not checked), the
    // random part's first wrong field is its one problem.
    std::vector<std::string> paths;
    for (const auto& p : problems.items()) paths.push_back(p.path);
    EXPECT_EQ(paths, (std::vector<std::string>{"sweep.grdi", "sweep.grid[0].param", "sweep.grid[1].linear.count",
                                               "sweep.grid[2]", "sweep.random.count"}));
    EXPECT_EQ(problems.items()[0].suggestion, "grid");
    EXPECT_EQ(problems.items()[1].suggestion, "workers");
    // Both readable axes stay, as written, for an editor to show; the number does not.
    ASSERT_EQ(typed.grid.size(), 2u);
    EXPECT_EQ(typed.grid[0].param, "workres");
    EXPECT_EQ(typed.grid[0].values, (std::vector<json>{"x"}));
    EXPECT_EQ(typed.grid[1].count, 0);
    ASSERT_TRUE(typed.random.has_value());
    EXPECT_EQ(typed.random->count, 0);
}

TEST(ParseSweep, ReadSweepNeedsNoPlugin) {
    const Sweep sweep = read_sweep({{"grid", {{{"param", "anything"}, {"values", {1, "two"}}}}}});
    ASSERT_EQ(sweep.grid.size(), 1u);
    EXPECT_EQ(sweep.grid[0].param, "anything");
    EXPECT_FALSE(sweep.random.has_value());
    EXPECT_TRUE(read_sweep(json()).grid.empty());
}
