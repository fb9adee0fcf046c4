#include "project/project.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::testing;

namespace {

std::string load_error(const std::string& text) {
    ScratchDir dir;
    const auto file = dir / "p.sextant";
    write_text(file, text);
    try {
        Project::load(file);
    } catch (const InputError& e) {
        return std::string(e.what()).substr(file.string().size());
    }
    return "";
}

}  // namespace

TEST(Project, SaveLoadRoundTrip) {
    ScratchDir dir;
    Project p;
    p.name = "round";
    p.description = "trip";
    Experiment x;
    x.name = "a";
    x.plugin = "fixture";
    x.params = {{"steps", 3}, {"label", "hello"}};
    x.sweep = {{"grid", {{{"param", "scale"}, {"values", {1.0, 2.5}}}}}};
    x.seeds = {4, 9};
    x.timeout_s = 12.5;
    x.plots = {{{"kind", "scatter"}, {"x", "final_loss"}}};
    p.experiments.push_back(x);
    p.ui = {{"splitter", 3}};
    p.save(dir / "r.sextant");
    const Project q = Project::load(dir / "r.sextant");
    EXPECT_EQ(q.to_json(), p.to_json());
    ASSERT_EQ(q.experiments.size(), 1u);
    EXPECT_EQ(q.experiments[0].run_seeds(), (std::vector<std::uint64_t>{4, 9}));
    EXPECT_DOUBLE_EQ(*q.experiments[0].timeout_s, 12.5);
}

TEST(Project, SaveIsAtomicAndLeavesNoTempFiles) {
    ScratchDir dir;
    Project p;
    p.name = "x";
    p.save(dir / "x.sextant");
    p.name = "y";
    p.save(dir / "x.sextant");
    int files = 0;
    for (const auto& e : fs::directory_iterator(dir.path())) (void)e, ++files;
    EXPECT_EQ(files, 1);
    EXPECT_EQ(Project::load(dir / "x.sextant").name, "y");
}

TEST(Project, RepeatsGiveConsecutiveSeeds) {
    Experiment x;
    x.repeats = 3;
    x.seed = 10;
    EXPECT_EQ(x.run_seeds(), (std::vector<std::uint64_t>{10, 11, 12}));
}

TEST(ProjectErrors, SyntaxErrorNamesLineAndColumn) {
    const auto error = load_error("{\n  \"sextant_project\": 1,\n  \"name\": \"x\",,\n}");
    EXPECT_EQ(error.substr(0, 6), ":3:15:") << error;
    EXPECT_NE(error.find("syntax error"), std::string::npos) << error;
}

// Found by ValidateFuzz: nlohmann reports a number too large for a double as out_of_range,
// not parse_error, so it escaped as a JSON-library exception (sextant-cli exit 1).
TEST(ProjectErrors, NumberTooLargeForADoubleNamesLineAndColumn) {
    EXPECT_EQ(load_error("{\"sextant_project\": 1,\n \"experiments\": [{\"timeout_s\": 1e309}]}"),
              ":2:36: number overflow parsing '1e309'");
    EXPECT_EQ(load_error("[-1E+400]"), ":1:8: number overflow parsing '-1E+400'");
}

// Found by ValidateFuzz: 200,000 nested brackets parse (nlohmann's parser is iterative) but
// copying or printing the value recurses once per level and overflowed the stack.
TEST(ProjectErrors, NestingTooDeepNamesWhereItStarts) {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    EXPECT_EQ(load_error("{\"sextant_project\": 1, \"ui\": " + deep + "}"), ":1:285: nested deeper than 256 levels");
    // Brackets inside strings are text, not nesting.
    EXPECT_EQ(load_error("{\"sextant_project\": 1, \"name\": \"" + std::string(300, '[') + "\", \"experiments\": []}"),
              "");
}

TEST(ProjectErrors, WrongTypeNamesFieldPath) {
    const auto error =
        load_error(R"({"sextant_project": 1, "experiments": [{"name": "a", "plugin": "p", "repeats": "three"}]})");
    EXPECT_NE(error.find("experiments[0].repeats: expected an integer >= 1, got string"), std::string::npos) << error;
}

TEST(ProjectErrors, UnknownFieldSuggestsClosest) {
    const auto error =
        load_error(R"({"sextant_project": 1, "experiments": [{"name": "a", "plugin": "p", "param": {}}]})");
    EXPECT_NE(error.find("experiments[0].param: unknown field (did you mean 'params'?)"), std::string::npos) << error;
}

TEST(ProjectErrors, MissingVersionAndNewerVersion) {
    EXPECT_NE(load_error(R"({"experiments": []})").find("sextant_project: missing"), std::string::npos);
    EXPECT_NE(load_error(R"({"sextant_project": 7})").find("expected schema version 1, got 7"), std::string::npos);
}

TEST(ProjectErrors, ReportsEveryProblemAtOnce) {
    const auto error = load_error(
        R"({"sextant_project": 1, "experiments": [{"plugin": 3}, {"name": "b", "plugin": "p", "timeout_s": -1}]})");
    EXPECT_NE(error.find("experiments[0].name: missing"), std::string::npos) << error;
    EXPECT_NE(error.find("experiments[0].plugin: expected a plugin id"), std::string::npos) << error;
    EXPECT_NE(error.find("experiments[1].timeout_s"), std::string::npos) << error;
}

TEST(ProjectErrors, DuplicateExperimentNames) {
    const auto error = load_error(
        R"({"sextant_project": 1, "experiments": [{"name": "a", "plugin": "p"}, {"name": "a", "plugin": "p"}]})");
    EXPECT_NE(error.find("duplicate experiment name 'a'"), std::string::npos) << error;
}

TEST(ProjectErrors, MissingFile) { EXPECT_THROW(Project::load("/nonexistent/none.sextant"), InputError); }
