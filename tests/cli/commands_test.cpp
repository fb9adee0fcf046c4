// sextant-cli's commands driven in-process through the library (engine/cli), on a store
// written directly: output formats, exit codes, and reading without writing.
#include "cli/commands.hpp"
#include "project/project.hpp"
#include "store/run_store.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
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
    ::setenv("SEXTANT_PLUGIN_PATH", FIXTURE_PLUGIN_DIR, 1);  // the fixture plugin's declarations
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
        store.set_summary(r.id, "steps_done", 2);
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
    EXPECT_NE(table.out.find("scale"), std::string::npos) << table.out;  // varies: shown
    EXPECT_EQ(table.out.find("steps"), std::string::npos) << table.out;  // constant: hidden

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
    EXPECT_EQ(
        run_commands({"export", project.string(), "--format", "csv", "--out", (dir / "x.csv").string()}).exit_code, 0);
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

namespace {
std::string header_of(const std::string& table) { return table.substr(0, table.find('\n')); }
}  // namespace

// The table shows id, experiment, status, seed, the parameters that vary and the
// experiment's headline metrics (the fixture plugin marks final_loss, not steps_done).
TEST(CliCommands, ListTableShowsWhatMatters) {
    ScratchDir dir;
    const auto project = project_with_runs(dir);
    const auto table = run_commands({"list", project.string(), "--width", "0"});
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_EQ(header_of(table.out), "id  experiment  status  seed  scale  final_loss") << table.out;
    EXPECT_NE(table.out.find("2   fx          done    1     3.0    1.5"), std::string::npos) << table.out;

    const auto all = run_commands({"list", project.string(), "--all"});
    EXPECT_EQ(header_of(all.out), "id  experiment  status  seed  scale  steps  final_loss  steps_done") << all.out;

    const auto chosen = run_commands({"list", project.string(), "--columns", "id,steps_done,scale,param:steps"});
    EXPECT_EQ(header_of(chosen.out), "id  steps_done  scale  steps") << chosen.out;
    const auto unknown = run_commands({"list", project.string(), "--columns", "id,final_los"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("--columns: unknown column 'final_los' (did you mean 'final_loss'?)"), std::string::npos)
        << unknown.err;

    // Fitted to a width: the first four columns stay, the rest are named on stderr.
    const auto narrow = run_commands({"list", project.string(), "--width", "35"});
    EXPECT_EQ(header_of(narrow.out), "id  experiment  status  seed  scale") << narrow.out;
    EXPECT_NE(narrow.err.find("1 more column (final_loss) left out to fit 35 characters"), std::string::npos)
        << narrow.err;
    std::istringstream lines(narrow.out);
    for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 35u) << line;

    // csv and json keep every column whatever the table shows.
    const auto csv = run_commands({"list", project.string(), "--format", "csv"});
    EXPECT_EQ(header_of(csv.out),
              "id,identity,experiment,status,seed,param.scale,param.steps,final_loss,steps_done,tags,note");
}

// A plugin that cannot be loaded here (uninstalled): its first stored metrics stand in.
TEST(CliCommands, ListFallsBackToTheFirstMetrics) {
    ScratchDir dir;
    const auto project = dir / "gone.sextant";
    write_project(project, fixture_project());
    RunStore store(database_path(project));
    const auto x = store.save_experiment("old", "uninstalled", "1.0.0", json::object());
    const auto runs = store.register_runs(x, "uninstalled", "1.0.0", {{"i1", {{"a", 1}}, {{"kind", "local"}}, 1}});
    for (const char* m : {"m1", "m2", "m3", "m4"}) store.set_summary(runs[0].id, m, 1.0);
    const auto table = run_commands({"list", project.string(), "--width", "0"});
    EXPECT_EQ(header_of(table.out), "id  experiment  status  seed  m1  m2  m3") << table.out;
}

// A cluster run's Slurm job id and state (stored by the Slurm executor) are shown by list
// and show; runs that never went to a cluster do not get the columns.
TEST(CliCommands, ListAndShowGiveEachClusterRunsSlurmJob) {
    ScratchDir dir;
    const auto project = project_with_runs(dir);
    EXPECT_EQ(header_of(run_commands({"list", project.string(), "--width", "0"}).out).find("job_id"),
              std::string::npos);
    {
        RunStore store(database_path(project));
        store.set_job(2, "4711_1", "TIMEOUT", "/scratch/a/sextant-fx-1/t1");
    }
    const auto table = run_commands({"list", project.string(), "--width", "0"});
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_EQ(header_of(table.out), "id  experiment  status  seed  job_id  job_state  scale  final_loss") << table.out;
    EXPECT_NE(table.out.find("2   fx          done    1     4711_1  TIMEOUT    3.0    1.5"), std::string::npos)
        << table.out;
    const auto chosen = run_commands({"list", project.string(), "--columns", "id,job_state,job_id"});
    EXPECT_EQ(header_of(chosen.out), "id  job_state  job_id") << chosen.out;

    const auto shown = run_commands({"show", project.string(), "2"});
    EXPECT_NE(shown.out.find("  slurm job: 4711_1 (TIMEOUT), folder /scratch/a/sextant-fx-1/t1\n"), std::string::npos)
        << shown.out;
    EXPECT_EQ(run_commands({"show", project.string(), "1"}).out.find("slurm job"), std::string::npos);
    const json shown_json = json::parse(run_commands({"show", project.string(), "2", "--json"}).out);
    EXPECT_EQ(shown_json["job_id"], "4711_1");
    EXPECT_EQ(shown_json["job_state"], "TIMEOUT");
    const json listed = json::parse(run_commands({"list", project.string(), "--format", "json"}).out);
    EXPECT_FALSE(listed[0].contains("job_id"));
    EXPECT_EQ(listed[1]["job_state"], "TIMEOUT");
}

// `plugins ID...` loads only those (the cluster's preflight asks for the runs' plugins; loading
// every plugin, libtorch's among them, took seconds); `--installed` loads nothing.
TEST(CliCommands, PluginsListsOnlyThePluginsAskedFor) {
    auto o = run_commands({"plugins", "--json"});
    ASSERT_EQ(o.exit_code, 0) << o.err;
    EXPECT_GT(json::parse(o.out).size(), 1u) << "the test folder holds more than one plugin";

    o = run_commands({"plugins", "fixture", "--json"});
    ASSERT_EQ(o.exit_code, 0) << o.err;
    const auto listed = json::parse(o.out);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0]["id"], "fixture");

    o = run_commands({"plugins", "fixture", "fixtur", "--json"});
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_EQ(json::parse(o.out).size(), 1u) << "the plugins found are still listed";
    EXPECT_NE(o.err.find("unknown plugin 'fixtur'"), std::string::npos) << o.err;

    o = run_commands({"plugins", "--installed"});
    ASSERT_EQ(o.exit_code, 0) << o.err;
    EXPECT_NE(o.out.find("fixture\n"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("hang\n"), std::string::npos) << o.out;
}
