// The typed sweep written back (to_json, write_sweep_part): the inverse of read_sweep, byte
// for byte for what the GUI writes and for files written by hand; and --set, which removes
// the axes over the parameter it fixes from the typed sweep.
#include "params/sweep.hpp"
#include "plugins/plugin_registry.hpp"
#include "project/project.hpp"
#include "run/sweep_plan.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::testing;
using nlohmann::json;

namespace {

using Spacing = GridAxis::Spacing;
using Distribution = RandomAxis::Distribution;

// Every spacing and distribution, with ends written as integers and as floats.
Sweep every_kind() {
    Sweep s;
    s.grid = {{"scheme", Spacing::Values, {"lhc", "dense"}, 0, 0, 0},
              {"density", Spacing::Log, {}, 0.001, 0.1, 3},
              {"workers", Spacing::Linear, {}, RangeEnd::as_written(4), RangeEnd::as_written(16), 3},
              {"lr", Spacing::Linear, {}, 4.0, 16.5, 2}};
    s.random = RandomSweep{10,
                           7,
                           {{"load_factor", Distribution::Uniform, 1.1, 1.5, {}},
                            {"steps", Distribution::Uniform, RangeEnd::as_written(10), RangeEnd::as_written(20), {}},
                            {"lr", Distribution::LogUniform, 1e-4, 1e-1, {}},
                            {"scheme", Distribution::Choice, 0, 0, {"lhc", "topk", 3, true}}}};
    s.points = {{{"scheme", "topk"}, {"density", 0.01}}, json::object()};
    return s;
}

// What the GUI writes: the grid editor's ends are floats (4.0), the random editor's as typed.
const char* kGuiSweep =
    R"({"grid":[{"param":"scale","values":[1,2,4]},{"linear":{"count":3,"from":4.0,"to":16.0},"param":"steps"},)"
    R"({"log":{"count":4,"from":0.001,"to":10.0},"param":"scale"}],)"
    R"("points":[{"scale":3.5,"steps":15},{"mode":"crash","steps":7}],)"
    R"("random":{"axes":[{"param":"steps","uniform":{"from":10,"to":20}},)"
    R"({"log_uniform":{"from":0.01,"to":10.0},"param":"scale"},{"choice":["normal","fail"],"param":"mode"}],)"
    R"("count":4,"seed":7}})";

std::vector<PlannedExperiment> plan_with(const json& sweep, const std::vector<std::string>& sets) {
    const Project project = Project::from_json(fixture_project({}, sweep), "p.sextant");
    PlanOptions options;
    for (const auto& s : sets) options.overrides.push_back(parse_assignment(s));
    return plan_sweeps(project, "p.sextant", PluginRegistry({FIXTURE_PLUGIN_DIR}), options);
}

}  // namespace

TEST(SweepJson, ReadingWhatWasWrittenGivesTheSameSweep) {
    const Sweep s = every_kind();
    EXPECT_EQ(read_sweep(to_json(s)), s) << to_json(s).dump();
    // Each axis alone too, every spacing and distribution.
    for (const auto& axis : s.grid) {
        Sweep one;
        one.grid = {axis};
        EXPECT_EQ(read_sweep(to_json(one)), one) << to_string(axis.spacing);
    }
    for (const auto& axis : s.random->axes) {
        Sweep one;
        one.random = RandomSweep{1, 0, {axis}};
        EXPECT_EQ(read_sweep(to_json(one)), one) << to_string(axis.distribution);
    }
    EXPECT_EQ(read_sweep(to_json(Sweep{})), Sweep{});
}

TEST(SweepJson, EndsAreWrittenAsTheFileWroteThem) {
    const json written = to_json(every_kind());
    EXPECT_EQ(written["grid"][2]["linear"].dump(), R"({"count":3,"from":4,"to":16})");
    EXPECT_EQ(written["grid"][3]["linear"].dump(), R"({"count":2,"from":4.0,"to":16.5})");
    EXPECT_EQ(written["random"]["axes"][1]["uniform"].dump(), R"({"from":10,"to":20})");
    EXPECT_EQ(written["random"]["seed"].dump(), "7");
}

TEST(SweepJson, WritingWhatWasReadGivesTheSameFileByteForByte) {
    const json gui = json::parse(kGuiSweep);
    EXPECT_EQ(to_json(read_sweep(gui)).dump(), gui.dump());
    EXPECT_EQ(gui.dump(), kGuiSweep);  // the text above is as nlohmann writes it
    // The project-format example, written by hand: integer ends, exponents, every part.
    const json by_hand = json::parse(R"({
        "grid": [
          {"param": "scheme",  "values": ["lhc", "dense"]},
          {"param": "density", "log":    {"from": 0.001, "to": 0.1, "count": 3}},
          {"param": "workers", "linear": {"from": 4, "to": 16, "count": 3}}
        ],
        "random": {"count": 10, "seed": 7, "axes": [
          {"param": "load_factor", "uniform":     {"from": 1.1, "to": 1.5}},
          {"param": "lr",          "log_uniform": {"from": 1e-4, "to": 1e-1}},
          {"param": "scheme",      "choice":      ["lhc", "topk"]}
        ]},
        "points": [{"scheme": "topk", "density": 0.01}]
      })");
    EXPECT_EQ(to_json(read_sweep(by_hand)).dump(), by_hand.dump());
    // One part at a time, the others absent.
    for (const char* part : {R"({"grid":[{"param":"x","values":[true,"a",null]}]})", R"({"points":[{"x":1}]})",
                             R"({"random":{"axes":[{"choice":[1],"param":"x"}],"count":1,"seed":0}})", "{}"})
        EXPECT_EQ(to_json(read_sweep(json::parse(part))).dump(), part);
}

TEST(SweepJson, WritingOnePartLeavesTheOthersAsWritten) {
    // Parts the typed sweep cannot hold (a wrong random part, an unknown field) stay.
    json file = json::parse(R"({"grid":[{"param":"x","values":[1]}],"random":{"count":-1},"extra":1})");
    Sweep edited = read_sweep(file);
    edited.grid.push_back({"y", Spacing::Linear, {}, 1.0, 2.0, 2});
    write_sweep_part(file, edited, SweepPart::Grid);
    EXPECT_EQ(file.dump(), R"({"extra":1,"grid":[{"param":"x","values":[1]},)"
                           R"({"linear":{"count":2,"from":1.0,"to":2.0},"param":"y"}],"random":{"count":-1}})");
    // An empty part is removed, not written empty.
    edited.grid.clear();
    write_sweep_part(file, edited, SweepPart::Grid);
    write_sweep_part(file, edited, SweepPart::Points);
    EXPECT_EQ(file.dump(), R"({"extra":1,"random":{"count":-1}})");
    EXPECT_EQ(to_string(SweepPart::Random), "random");
}

TEST(SetOverride, RemovesTheAxesOverTheParameterItFixes) {
    const json sweep = json::parse(R"({
        "grid": [{"param": "steps", "values": [1, 2]}, {"param": "scale", "linear": {"from": 1, "to": 4, "count": 4}}],
        "random": {"count": 3, "seed": 5, "axes": [{"param": "steps", "uniform": {"from": 10, "to": 20}},
                                                  {"param": "mode", "choice": ["normal", "fail"]}]},
        "points": [{"steps": 7, "mode": "fail"}, {"scale": 2.5}]})");
    // Over a grid axis and a random axis: both go, the rest stays as written (from 1, not 1.0).
    auto plan = plan_with(sweep, {"steps=9"});
    ASSERT_EQ(plan.size(), 1u);
    EXPECT_EQ(plan[0].experiment.sweep.dump(), json::parse(R"({
        "grid": [{"param": "scale", "linear": {"from": 1, "to": 4, "count": 4}}],
        "random": {"count": 3, "seed": 5, "axes": [{"param": "mode", "choice": ["normal", "fail"]}]},
        "points": [{"mode": "fail"}, {"scale": 2.5}]})")
                                                   .dump());
    EXPECT_EQ(plan[0].points.size(), 4u * 3 + 2);
    for (const auto& p : plan[0].points) EXPECT_EQ(p.params["steps"], 9);
    // The last random axis: the random samples go with it. The grid over scale goes too.
    plan = plan_with(sweep, {"steps=9", "mode=crash", "scale=0.5"});
    EXPECT_EQ(plan[0].experiment.sweep.dump(), R"({"points":[{},{}]})");
    EXPECT_EQ(plan[0].points.size(), 1u + 2);  // the fixed values, then the two points
    for (const auto& p : plan[0].points) EXPECT_EQ(p.params["mode"], "crash");
    // A parameter no axis varies leaves the sweep exactly as written.
    plan = plan_with(sweep, {"label=x"});
    EXPECT_EQ(plan[0].experiment.sweep.dump(), sweep.dump());
}

TEST(SetOverride, ASweepWithProblemsIsReportedWhereTheFileHasThem) {
    // The random part is wrong: --set leaves the sweep as written (nothing the typed sweep
    // could not hold is dropped) and the problems name the file's own paths.
    const json sweep = json::parse(R"({
        "grid": [{"param": "steps", "values": [1, 2]}, {"param": "scale", "values": [-1]}],
        "random": {"count": 0, "seed": 5, "axes": [{"param": "mode", "choice": ["normal"]}]}})");
    try {
        plan_with(sweep, {"steps=9"});
        FAIL() << "expected the sweep's problems";
    } catch (const InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("p.sextant: experiments[0].sweep.grid[1].values[0]: "), std::string::npos) << what;
        EXPECT_NE(what.find("p.sextant: experiments[0].sweep.random.count: expected an integer in [1, 1000000]"),
                  std::string::npos)
            << what;
    }
}
