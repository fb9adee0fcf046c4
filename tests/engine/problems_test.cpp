// Problems are kept structured (path, message, suggestion); the CLI's line is one format of
// them, so the GUI can place a problem by its path without reading the line back.
#include "params/sweep_expansion.hpp"
#include "util/errors.hpp"
#include "util/problems.hpp"

#include "demo_plugin.hpp"

#include <gtest/gtest.h>

using namespace sextant;
using nlohmann::json;
using sextant::testing::demo_plugin;

namespace {

std::vector<Problem> problems_of(json params, json sweep) {
    Experiment x;
    x.name = "e";
    x.plugin = "demo";
    x.params = std::move(params);
    x.sweep = std::move(sweep);
    Problems problems("p.sextant");
    expand_sweep(x, demo_plugin(), problems, "experiments[0]");
    return problems.items();
}

}  // namespace

TEST(Problems, AnUnknownParameterNamesTheNearMissApart) {
    const auto found = problems_of({{"densty", 0.1}}, json::object());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].file, "p.sextant");
    EXPECT_EQ(found[0].path, "experiments[0].params.densty");
    EXPECT_EQ(found[0].message, "unknown parameter of plugin 'demo'");
    EXPECT_EQ(found[0].suggestion, "density");
    EXPECT_EQ(problem_text(found[0]),
              "p.sextant: experiments[0].params.densty: unknown parameter of plugin 'demo' (did you mean 'density'?)");
}

TEST(Problems, AValueOutOfRangeHasNoSuggestion) {
    const auto found = problems_of({{"workers", 100}}, json::object());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].path, "experiments[0].params.workers");
    EXPECT_EQ(found[0].message, "expected an integer in [1, 64], got 100");
    EXPECT_EQ(found[0].suggestion, "");
    EXPECT_EQ(problem_text(found[0]),
              "p.sextant: experiments[0].params.workers: expected an integer in [1, 64], got 100");
}

TEST(Problems, AMistypedChoiceSuggestsTheChoice) {
    const auto found = problems_of({{"scheme", "lhx"}}, json::object());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].message, "expected one of lhc, dense, topk, got \"lhx\"");
    EXPECT_EQ(found[0].suggestion, "lhc");
}

TEST(Problems, ABadSweepAxisIsLocatedAtTheAxis) {
    const auto found =
        problems_of(json::object(), {{"grid",
                                      {{{"param", "workers"}, {"values", {4, 128}}},
                                       {{"param", "workres"}, {"values", {1}}},
                                       {{"param", "density"}, {"linear", {{"from", 0}, {"count", 3}}}}}}});
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(found[0].path, "experiments[0].sweep.grid[0].values[1]");
    EXPECT_EQ(found[0].message, "expected an integer in [1, 64], got 128");
    EXPECT_EQ(found[1].path, "experiments[0].sweep.grid[1].param");
    EXPECT_EQ(found[1].message, "unknown parameter 'workres' of plugin 'demo'");
    EXPECT_EQ(found[1].suggestion, "workers");
    EXPECT_EQ(found[2].path, "experiments[0].sweep.grid[2].linear");
    EXPECT_EQ(found[2].message, "expected {\"from\": number, \"to\": number, \"count\": integer}");
}

TEST(Problems, ThrowIfAnyListsEveryLine) {
    Problems problems("p.sextant");
    problems.add("a", "first");
    problems.add("", "second", "b");
    try {
        problems.throw_if_any();
        FAIL() << "no InputError";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "p.sextant: a: first\np.sextant: second (did you mean 'b'?)");
    }
}
