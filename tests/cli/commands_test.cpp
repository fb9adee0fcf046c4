// sextant-cli's commands driven in-process through the library (engine/cli), on a store
// written directly: output formats, exit codes, and reading without writing.
#include "cli/commands.hpp"
#include "project/project.hpp"
#include "store/run_store.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <iostream>
#include <sstream>

using namespace sextant;
using namespace sextant::testing;
using nlohmann::json;

namespace {

struct Output {
    int exit_code = -1;
    std::string out, err;
};

// Runs the commands as main() does, with std::cout / std::cerr captured.
Output run_commands(const std::vector<std::string>& args) {
    CLI::App app{"test", "sextant-cli"};
    app.require_subcommand(1);
    int exit_code = 0;
    cli::add_commands(app, exit_code);
    std::ostringstream out, err;
    auto* old_out = std::cout.rdbuf(out.rdbuf());
    auto* old_err = std::cerr.rdbuf(err.rdbuf());
    Output o;
    o.exit_code = cli::run_app(app, exit_code, args);
    std::cout.rdbuf(old_out);
    std::cerr.rdbuf(old_err);
    o.out = out.str();
    o.err = err.str();
    return o;
}

// A project of the fixture plugin whose store holds two finished runs (scale 1 and 3).
fs::path project_with_runs(const ScratchDir& dir) {
    const auto project = dir / "results.sextant";
    write_project(project, fixture_project({{"steps", 2}}, {{"grid", {{{"param", "scale"}, {"values", {1.0, 3.0}}}}}}));
    RunStore store(database_path(project));
    const auto x = store.save_experiment("fx", "fixture", "1.0.0", json::object());
    std::vector<NewRun> runs;
    for (double scale : {1.0, 3.0})
        runs.push_back({"id" + std::to_string(scale), {{"scale", scale}, {"steps", 2}}, {{"kind", "local"}}, 1});
    for (const auto& r : store.register_runs(x, "fixture", "1.0.0", runs)) {
        store.mark_started(r.id, 1.0, "host", std::nullopt);
        store.add_metrics(r.id, {{"loss", 0, 2.0, 1.0}, {"loss", 1, 1.0, 1.5}});
        store.set_summary(r.id, "final_loss", r.params["scale"].get<double>() / 2);
        store.mark_finished(r.id, RunStatus::Done, 2.0, "", 0, "");
    }
    return project;
}

}  // namespace

TEST(CliCommands, ListShowExport) {
    ScratchDir dir;
    const auto project = project_with_runs(dir);
    const auto listed = run_commands({"list", project.string(), "--format", "json"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    const json runs = json::parse(listed.out);
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[1]["summary"]["final_loss"], 1.5);

    const auto table = run_commands({"list", project.string()});
    EXPECT_NE(table.out.find("scale"), std::string::npos) << table.out;   // varies: shown
    EXPECT_EQ(table.out.find("steps"), std::string::npos) << table.out;   // constant: hidden

    const auto shown = run_commands({"show", project.string(), "2"});
    EXPECT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_NE(shown.out.find("final_loss = 1.5"), std::string::npos) << shown.out;
    EXPECT_NE(shown.out.find("loss: 2 points"), std::string::npos) << shown.out;
    const auto missing = run_commands({"show", project.string(), "99"});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("run '99': no such run"), std::string::npos) << missing.err;

    const auto out_json = dir / "all.json";
    ASSERT_EQ(run_commands({"export", project.string(), "--format", "json", "--out", out_json.string()}).exit_code, 0);
    EXPECT_EQ(json::parse(read_text(out_json))[0]["series"]["loss"]["value"], json({2.0, 1.0}));
}

// list, show and export open the store read-only: looking at a project that never ran
// creates no database, and they work while another connection holds the write lock.
TEST(CliCommands, ReadingNeverWrites) {
    ScratchDir dir;
    const auto project = dir / "fresh.sextant";
    write_project(project, fixture_project());
    EXPECT_EQ(run_commands({"list", project.string()}).exit_code, 0);
    EXPECT_EQ(run_commands({"list", project.string(), "--format", "json"}).out, "[]\n");
    EXPECT_EQ(run_commands({"show", project.string(), "1"}).exit_code, 2);
    EXPECT_EQ(run_commands({"export", project.string(), "--format", "csv", "--out", (dir / "x.csv").string()}).exit_code,
              0);
    EXPECT_FALSE(fs::exists(database_path(project)));

    const auto with_runs = project_with_runs(dir);
    RunStore writer(database_path(with_runs));
    writer.begin();  // a sweep in the middle of a batch
    writer.set_summary(1, "final_loss", 7.0);
    const auto listed = run_commands({"list", with_runs.string(), "--format", "json"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_EQ(json::parse(listed.out)[0]["summary"]["final_loss"], 0.5);  // the committed value
    writer.commit();
}

TEST(CliCommands, BadInputIsExitTwo) {
    EXPECT_EQ(run_commands({"list", "/nonexistent.sextant"}).exit_code, 2);
    EXPECT_EQ(run_commands({"list"}).exit_code, 2);
    EXPECT_EQ(run_commands({"nonsense"}).exit_code, 2);
}
