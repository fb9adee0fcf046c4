#include "params/param_values.hpp"
#include "params/axis_values.hpp"
#include "params/sweep_expansion.hpp"
#include "run/run_identity.hpp"
#include "run/sweep_plan.hpp"

#include <gtest/gtest.h>

using namespace sextant;
using nlohmann::json;

namespace {

PluginInfo demo_plugin() {
    PluginInfo info;
    info.id = "demo";
    info.version = "2.0";
    info.params = {int_param("workers", 8, 1, 64, "Workers"), float_param("density", 0.01, 0, 1, "Density"),
                   choice_param("scheme", "lhc", {"lhc", "dense", "topk"}, "Scheme"),
                   bool_param("overlap", false, "Overlap")};
    info.targets = {"local", "simulated"};
    return info;
}

Experiment experiment(json params, json sweep) {
    Experiment x;
    x.name = "e";
    x.plugin = "demo";
    x.params = std::move(params);
    x.sweep = std::move(sweep);
    return x;
}

std::vector<SweepPoint> expand(const Experiment& x, std::string* errors = nullptr) {
    Problems problems("p.sextant");
    auto points = expand_sweep(x, demo_plugin(), problems, "experiments[0]");
    if (errors) {
        for (const auto& line : problems.texts()) *errors += line + "\n";
    } else {
        EXPECT_TRUE(problems.empty()) << problems.texts().front();
    }
    return points;
}

}  // namespace

TEST(Sweep, NoSweepIsOneRunWithDefaults) {
    const auto points = expand(experiment({{"workers", 4}}, json::object()));
    ASSERT_EQ(points.size(), 1u);
    EXPECT_EQ(points[0].params, (json{{"workers", 4}, {"density", 0.01}, {"scheme", "lhc"}, {"overlap", false}}));
}

TEST(Sweep, GridIsCartesianProductLastAxisFastest) {
    const auto points = expand(experiment(json::object(), {{"grid",
                                                            {{{"param", "scheme"}, {"values", {"lhc", "dense"}}},
                                                             {{"param", "workers"}, {"values", {4, 8, 16}}}}}}));
    ASSERT_EQ(points.size(), 6u);
    EXPECT_EQ(points[0].params["scheme"], "lhc");
    EXPECT_EQ(points[0].params["workers"], 4);
    EXPECT_EQ(points[2].params["workers"], 16);
    EXPECT_EQ(points[3].params["scheme"], "dense");
}

TEST(Sweep, LinearAndLogRangesIncludeEnds) {
    EXPECT_EQ(linear_values(0, 1, 5), (std::vector<double>{0, 0.25, 0.5, 0.75, 1}));
    const auto logs = log_values(0.001, 0.1, 3);
    EXPECT_DOUBLE_EQ(logs[0], 0.001);
    EXPECT_EQ(logs[1], 0.01);  // tidied to 12 significant digits, not 0.010000000000000004
    EXPECT_DOUBLE_EQ(logs[2], 0.1);
    const auto points = expand(experiment(
        json::object(), {{"grid", {{{"param", "workers"}, {"log", {{"from", 4}, {"to", 64}, {"count", 5}}}}}}}));
    std::vector<long long> workers;
    for (const auto& p : points) workers.push_back(p.params["workers"].get<long long>());
    EXPECT_EQ(workers, (std::vector<long long>{4, 8, 16, 32, 64}));  // rounded to integers
}

TEST(Sweep, RandomSamplesAreReproducibleAndInRange) {
    const json sweep = {{"random",
                         {{"count", 20},
                          {"seed", 7},
                          {"axes",
                           {{{"param", "density"}, {"log_uniform", {{"from", 1e-4}, {"to", 0.1}}}},
                            {{"param", "scheme"}, {"choice", {"lhc", "topk"}}}}}}}};
    const auto a = expand(experiment(json::object(), sweep));
    const auto b = expand(experiment(json::object(), sweep));
    ASSERT_EQ(a.size(), 20u);
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].params, b[i].params);
        const double d = a[i].params["density"];
        EXPECT_GE(d, 1e-4);
        EXPECT_LE(d, 0.1);
    }
    json other = sweep;
    other["random"]["seed"] = 8;
    EXPECT_NE(expand(experiment(json::object(), other))[0].params, a[0].params);
}

TEST(Sweep, ExplicitPointsAndSeedsMultiply) {
    auto x = experiment({{"scheme", "dense"}}, {{"grid", {{{"param", "workers"}, {"values", {2, 4}}}}},
                                                {"points", {{{"scheme", "topk"}, {"density", 0.5}}}}});
    x.repeats = 2;
    x.seed = 100;
    const auto points = expand(x);
    ASSERT_EQ(points.size(), 6u);  // (2 grid + 1 explicit) x 2 seeds
    EXPECT_EQ(points[0].seed, 100u);
    EXPECT_EQ(points[1].seed, 101u);
    EXPECT_EQ(points[4].params["scheme"], "topk");
    EXPECT_EQ(points[4].params["workers"], 8);  // the default, not a grid value
}

TEST(SweepErrors, ValuesOutsideDeclarationsAreNamed) {
    std::string errors;
    expand(experiment({{"workers", 100}, {"scheme", "lhx"}, {"densty", 0.1}},
                      {{"grid", {{{"param", "overlap"}, {"linear", {{"from", 0}, {"to", 1}, {"count", 2}}}}}}}),
           &errors);
    EXPECT_NE(errors.find("experiments[0].params.workers: expected an integer in [1, 64], got 100"), std::string::npos)
        << errors;
    EXPECT_NE(errors.find("params.scheme: expected one of lhc, dense, topk, got \"lhx\" (did you mean 'lhc'?)"),
              std::string::npos)
        << errors;
    EXPECT_NE(errors.find("params.densty: unknown parameter of plugin 'demo' (did you mean 'density'?)"),
              std::string::npos)
        << errors;
    EXPECT_NE(errors.find("sweep.grid[0].linear: a numeric range needs an int or float parameter"), std::string::npos)
        << errors;
}

TEST(SweepErrors, UnsupportedTargetKind) {
    auto x = experiment(json::object(), json::object());
    x.target = {{"kind", "clustr"}};
    std::string errors;
    expand(x, &errors);
    EXPECT_NE(errors.find("target.kind: plugin 'demo' supports targets local, simulated, got \"clustr\""),
              std::string::npos)
        << errors;
}

TEST(ParamText, RangesAreWrittenAsAUserTypesThem) {
    EXPECT_EQ(describe_expected(int_param("steps", 3, 0, 1e7, "Steps")), "an integer in [0, 10000000]");
    EXPECT_EQ(describe_expected(float_param("density", 0.01, 1e-6, 1, "Density")), "a number in [1e-06, 1]");
    EXPECT_EQ(describe_expected(float_param("lr", 0.1, -2.5, std::nullopt, "Rate")), "a number >= -2.5");
}

TEST(ParamText, SetValuesAreParsedByDeclaredType) {
    const auto info = demo_plugin();
    EXPECT_EQ(parse_param_text(*find_param(info, "workers"), "16"), 16);
    EXPECT_EQ(parse_param_text(*find_param(info, "overlap"), "yes"), true);
    EXPECT_THROW(parse_param_text(*find_param(info, "workers"), "16x"), InputError);
    EXPECT_THROW(parse_param_text(*find_param(info, "workers"), "0"), InputError);
    try {
        parse_param_text(*find_param(info, "density"), "dense");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "--set density=dense: expected a number in [0, 1]");
    }
}

TEST(RunIdentity, StableAndSensitiveToEveryPart) {
    const json params = {{"a", 1}, {"b", "x"}};
    const json target = {{"kind", "local"}};
    const auto id = run_identity("p", "1.0", params, target, 3);
    EXPECT_EQ(id.size(), 32u);
    EXPECT_EQ(id, run_identity("p", "1.0", json{{"b", "x"}, {"a", 1}}, target, 3));  // key order is irrelevant
    EXPECT_NE(id, run_identity("q", "1.0", params, target, 3));
    EXPECT_NE(id, run_identity("p", "1.1", params, target, 3));
    EXPECT_NE(id, run_identity("p", "1.0", json{{"a", 2}, {"b", "x"}}, target, 3));
    EXPECT_NE(id, run_identity("p", "1.0", params, json{{"kind", "simulated"}}, 3));
    EXPECT_NE(id, run_identity("p", "1.0", params, target, 4));
}

TEST(Assignment, ParsesNameEqualsValue) {
    EXPECT_EQ(parse_assignment("a=b=c"), (std::pair<std::string, std::string>{"a", "b=c"}));
    EXPECT_THROW(parse_assignment("novalue"), InputError);
}
