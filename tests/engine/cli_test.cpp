// sextant-cli's commands as a user types them: output formats, errors, exit codes.
#include "project/project.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::testing;
using nlohmann::json;

TEST(Cli, VersionAndHelp) {
    const auto v = run_cli({"--version"});
    EXPECT_EQ(v.exit_code, 0);
    EXPECT_NE(v.out.find("plugin API v3"), std::string::npos) << v.out;
    EXPECT_EQ(run_cli({"nonsense"}).exit_code, 2);
}

// The position is where the parser stopped: the end of the unexpected token.
TEST(Cli, ValidateReportsSyntaxErrorsWithLineAndColumn) {
    ScratchDir dir;
    const auto project = dir / "broken.sextant";
    write_text(project, "{\n  \"sextant_project\": 1\n  \"name\": \"x\"\n}\n");
    const auto result = run_cli({"validate", project.string()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(result.err.rfind(project.string() + ":3:8: ", 0), 0u) << result.err;
}

TEST(Cli, ValidateReportsSchemaErrorsWithPathAndSuggestion) {
    ScratchDir dir;
    const auto project = dir / "bad.sextant";
    write_project(project, fixture_project({{"stepz", 3}, {"scale", -1.0}}));
    const auto result = run_cli({"validate", project.string()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("experiments[0].params.stepz: unknown parameter of plugin 'fixture' (did you mean "
                              "'steps'?)"),
              std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("experiments[0].params.scale: expected a number in [0, 1000000], got -1.0"),
              std::string::npos)
        << result.err;
}

TEST(Cli, ValidateUnknownPluginAndRunRefusesIt) {
    ScratchDir dir;
    const auto project = dir / "unknown.sextant";
    json p = fixture_project();
    p["experiments"][0]["plugin"] = "fixtures";
    write_project(project, p);
    const auto result = run_cli({"validate", project.string()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("experiments[0].plugin: unknown plugin 'fixtures' (did you mean 'fixture'?)"),
              std::string::npos)
        << result.err;
    EXPECT_EQ(run_cli({"run", project.string()}).exit_code, 2);
    EXPECT_FALSE(fs::exists(database_path(project))) << "bad input must not touch the store";
}

TEST(Cli, ValidateCountsRuns) {
    ScratchDir dir;
    const auto project = dir / "ok.sextant";
    write_project(project, fixture_project({}, {{"grid", {{{"param", "steps"}, {"values", {1, 2, 3}}}}}}, 2));
    const auto result = run_cli({"validate", project.string()});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("ok, 1 experiments, 6 runs"), std::string::npos) << result.out;
}

TEST(Cli, NewCreatesAValidProjectAndRefusesToOverwrite) {
    ScratchDir dir;
    const auto project = dir / "fresh.sextant";
    const auto created = run_cli({"new", project.string(), "--plugin", "fixture"});
    ASSERT_EQ(created.exit_code, 0) << created.err;
    EXPECT_EQ(run_cli({"validate", project.string()}).exit_code, 0);
    EXPECT_EQ(Project::load(project).experiments.at(0).params["steps"], 5);
    EXPECT_EQ(run_cli({"new", project.string(), "--plugin", "fixture"}).exit_code, 2);
    EXPECT_EQ(run_cli({"new", (dir / "x.sextant").string(), "--plugin", "nope"}).exit_code, 2);
}

TEST(Cli, ListShowExportAfterARun) {
    ScratchDir dir;
    const auto project = dir / "results.sextant";
    write_project(project, fixture_project({{"steps", 2}}, {{"grid", {{{"param", "scale"}, {"values", {1.0, 3.0}}}}}}));
    ASSERT_EQ(run_cli({"run", project.string()}).exit_code, 0);

    const auto listed = run_cli({"list", project.string(), "--format", "json"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    const json runs = json::parse(listed.out);
    ASSERT_EQ(runs.size(), 2u);
    for (const auto& r : runs) {
        for (const char* key : {"id", "experiment", "status", "params", "summary"}) EXPECT_TRUE(r.contains(key)) << key;
        EXPECT_EQ(r["status"], "done");
        EXPECT_DOUBLE_EQ(r["summary"]["final_loss"].get<double>(), r["params"]["scale"].get<double>() / 2);
    }

    const auto table = run_cli({"list", project.string()});
    EXPECT_NE(table.out.find("scale"), std::string::npos) << table.out;           // varies: shown
    EXPECT_EQ(table.out.find("write_artifact"), std::string::npos) << table.out;  // constant: hidden

    const auto csv = run_cli({"list", project.string(), "--format", "csv"});
    EXPECT_EQ(csv.out.rfind("id,identity,experiment,status,seed,param.artifact_by_full_path,param.label", 0), 0u)
        << csv.out;

    const auto shown = run_cli({"show", project.string(), "1"});
    EXPECT_EQ(shown.exit_code, 0);
    EXPECT_NE(shown.out.find("final_loss = 0.5"), std::string::npos) << shown.out;
    EXPECT_NE(shown.out.find("loss: 2 points"), std::string::npos) << shown.out;
    EXPECT_EQ(run_cli({"show", project.string(), "99"}).exit_code, 2);

    const auto out_json = dir / "all.json";
    ASSERT_EQ(run_cli({"export", project.string(), "--format", "json", "--out", out_json.string()}).exit_code, 0);
    const json exported = json::parse(read_text(out_json));
    EXPECT_EQ(exported[0]["series"]["loss"]["value"].size(), 2u);
    const auto out_csv = dir / "all.csv";
    ASSERT_EQ(run_cli({"export", project.string(), "--format", "csv", "--out", out_csv.string()}).exit_code, 0);
    const std::string csv_text = read_text(out_csv);
    EXPECT_EQ(std::count(csv_text.begin(), csv_text.end(), '\n'), 3);
}

TEST(Cli, PluginsJsonListsDeclarations) {
    const auto result = run_cli({"plugins", "--json"});
    ASSERT_EQ(result.exit_code, 0);
    const json plugins = json::parse(result.out);
    bool found = false;
    for (const auto& p : plugins)
        if (p["id"] == "fixture") {
            found = true;
            EXPECT_EQ(p["params"].size(), 9u);
            EXPECT_EQ(p["metrics"][0]["better"], "lower");
        }
    EXPECT_TRUE(found);
    EXPECT_NE(result.err.find("plugin API version 999"), std::string::npos) << result.err;
}

TEST(Cli, ListOfMissingProjectIsBadInput) { EXPECT_EQ(run_cli({"list", "/nonexistent.sextant"}).exit_code, 2); }

TEST(Cli, RunEventsPrintsOneJsonObjectPerLine) {
    ScratchDir dir;
    const auto project = dir / "events.sextant";
    write_project(project, fixture_project({{"steps", 2}}));
    const auto result = run_cli({"run", project.string(), "--events"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    std::vector<std::string> types;
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) types.push_back(json::parse(line).at("type"));
    ASSERT_GE(types.size(), 4u);
    EXPECT_EQ(types.front(), "queued");
    EXPECT_EQ(types[1], "started");
    EXPECT_EQ(types.back(), "finished");
    EXPECT_NE(std::find(types.begin(), types.end(), "metrics"), types.end());
}
