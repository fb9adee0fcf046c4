#include "gui_test_support.hpp"
#include "queue/live_runs_model.hpp"
#include "results/project_results.hpp"
#include "results/run_details_pane.hpp"
#include "results/run_selection.hpp"
#include "results/runs_table_model.hpp"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QProcess>

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::ui;

namespace {

// `n` done runs split over experiments "a" and "b"; run i has scale = i, loss = 1000 - i.
std::vector<RunRecord> fill_store(const std::filesystem::path& db, int n, int first = 0) {
    RunStore store(db);
    std::vector<RunRecord> all;
    for (const char* x : {"a", "b"}) {
        const auto id = store.save_experiment(x, "fixture", "1.0.0", nlohmann::json::object());
        std::vector<NewRun> runs;
        for (int i = first; i < first + n; ++i)
            if ((i % 2 == 0) == (x[0] == 'a'))
                runs.push_back({std::string(x) + std::to_string(i),
                                {{"scale", i}, {"mode", i % 3 ? "normal" : "fail"}, {"steps", 5}},
                                {{"kind", "local"}},
                                static_cast<std::uint64_t>(i)});
        for (auto& r : store.register_runs(id, "fixture", "1.0.0", runs)) {
            store.mark_started(r.id, 1.7e9, "host", std::nullopt);
            store.set_summary(r.id, "loss", 1000.0 - r.params["scale"].get<double>());
            store.mark_finished(r.id, RunStatus::Done, 1.7e9 + 2, "", 0, "");
            all.push_back(r);
        }
    }
    return all;
}

}  // namespace

TEST(RunsTableModel, PagesLazilyThroughThousandsOfRuns) {
    test::ensure_app();
    QTemporaryDir dir;
    const auto db = std::filesystem::path(dir.path().toStdString()) / "t.sextant.db";
    fill_store(db, 3000);
    ProjectResults results;
    results.setDatabase(QString::fromStdString(db.string()));
    RunsTableModel model(results);
    EXPECT_EQ(model.rowCount(), 3000);
    EXPECT_EQ(model.pagesLoaded(), 0) << "nothing is read before a view asks";
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    EXPECT_EQ(model.data(model.index(2999, 0)).toLongLong(), model.runId(2999));
    EXPECT_LE(model.pagesLoaded(), 2);
    for (int r = 0; r < 3000; r += 50) model.data(model.index(r, 1));
    EXPECT_LE(model.pagesLoaded(), RunsTableModel::kMaxPages);
    const int scale = model.columnOf("param:scale"), loss = model.columnOf("summary:loss");
    ASSERT_GE(scale, 0);
    ASSERT_GE(loss, 0);
    EXPECT_TRUE(model.headerData(loss, Qt::Horizontal).toString() == "loss");
}

TEST(RunsTableModel, SortsAndFiltersInSql) {
    test::ensure_app();
    QTemporaryDir dir;
    const auto db = std::filesystem::path(dir.path().toStdString()) / "t.sextant.db";
    fill_store(db, 500);
    ProjectResults results;
    results.setDatabase(QString::fromStdString(db.string()));
    RunsTableModel model(results);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const int scale = model.columnOf("param:scale"), loss = model.columnOf("summary:loss");
    model.sort(loss, Qt::AscendingOrder);
    EXPECT_EQ(model.data(model.index(0, scale)).toString(), "499");  // smallest loss = largest scale
    model.sort(scale, Qt::AscendingOrder);
    EXPECT_EQ(model.data(model.index(0, scale)).toString(), "0");
    EXPECT_EQ(model.data(model.index(499, scale)).toString(), "499");

    model.setExperimentFilter("b");
    EXPECT_EQ(model.rowCount(), 250);
    model.setExperimentFilter("");
    model.setTextFilter("fail");
    EXPECT_EQ(model.rowCount(), 167);  // i % 3 == 0 for i in [0, 500)
    model.setTextFilter("");
    model.setStatusFilter(RunStatus::Failed);
    EXPECT_EQ(model.rowCount(), 0);
    model.setStatusFilter(std::nullopt);
    EXPECT_EQ(model.rowCount(), 500);
}

TEST(RunsTableModel, TagsAndNotesAreEditableAndSearchable) {
    test::ensure_app();
    QTemporaryDir dir;
    const auto db = std::filesystem::path(dir.path().toStdString()) / "t.sextant.db";
    fill_store(db, 10);
    ProjectResults results;
    results.setDatabase(QString::fromStdString(db.string()));
    RunsTableModel model(results);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const int tags = model.columnOf("tags"), note = model.columnOf("note");
    EXPECT_TRUE(model.flags(model.index(3, tags)) & Qt::ItemIsEditable);
    EXPECT_FALSE(model.flags(model.index(3, 0)) & Qt::ItemIsEditable);
    ASSERT_TRUE(model.setData(model.index(3, tags), "baseline, paper-fig3"));
    ASSERT_TRUE(model.setData(model.index(3, note), "looks odd\nrerun with more steps"));
    EXPECT_EQ(model.data(model.index(3, tags)).toString(), "baseline, paper-fig3");
    EXPECT_EQ(model.data(model.index(3, note)).toString(), "looks odd");
    EXPECT_EQ(model.data(model.index(3, note), Qt::EditRole).toString(), "looks odd\nrerun with more steps");
    RunStore check(db, true);
    EXPECT_EQ(check.tags(model.runId(3)), (std::vector<std::string>{"baseline", "paper-fig3"}));
    model.setTextFilter("fig3");
    EXPECT_EQ(model.rowCount(), 1);
    model.setTextFilter("rerun with");
    EXPECT_EQ(model.rowCount(), 1);
}

TEST(RunsTableModel, RefreshAddsRowsWithoutReset) {
    test::ensure_app();
    QTemporaryDir dir;
    const auto db = std::filesystem::path(dir.path().toStdString()) / "t.sextant.db";
    ProjectResults results;
    results.setDatabase(QString::fromStdString(db.string()));
    RunsTableModel model(results);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    EXPECT_EQ(model.rowCount(), 0);  // no database yet
    fill_store(db, 10);
    model.refresh();  // the columns appear: one reset
    EXPECT_EQ(model.rowCount(), 10);
    int resets = 0;
    QObject::connect(&model, &QAbstractItemModel::modelReset, [&] { ++resets; });
    fill_store(db, 10, 10);
    model.refresh();
    EXPECT_EQ(model.rowCount(), 20);
    EXPECT_EQ(resets, 0);
}

TEST(RunsTableModel, ParamsThatDifferAndCsv) {
    test::ensure_app();
    QTemporaryDir dir;
    const auto db = std::filesystem::path(dir.path().toStdString()) / "t.sextant.db";
    const auto runs = fill_store(db, 6);
    ProjectResults results;
    results.setDatabase(QString::fromStdString(db.string()));
    RunsTableModel model(results);
    EXPECT_EQ(model.paramsThatDiffer({}), (QStringList{"mode", "scale"}));
    // Runs 1 and 2 (scales 1 and 2) share the mode "normal".
    std::int64_t one = 0, two = 0;
    for (const auto& r : runs) {
        if (r.params["scale"] == 1) one = r.id;
        if (r.params["scale"] == 2) two = r.id;
    }
    EXPECT_EQ(model.paramsThatDiffer({one, two}), (QStringList{"scale"}));
    QTemporaryDir out;
    const QString csv = out.filePath("runs.csv");
    ASSERT_TRUE(model.writeCsv(csv));
    EXPECT_EQ(test::count_lines(csv), 7);  // header + 6 runs
}

// The GUI's "Export CSV" and `sextant-cli export --format csv` write one file, byte for
// byte, through the engine's one exporter; every number reads back exactly.
TEST(RunsTableModel, CsvIsTheClisFileAndExact) {
    test::ensure_app();
    QTemporaryDir dir;
    const auto project = test::write_project(dir, test::fixture_project());
    const auto db = database_path(project);
    fill_store(db, 4);
    const std::vector<double> awkward = {0.1, 1.0 / 3, 1e-300, 123456789.123456789, -2.5e17};
    {
        RunStore store(db);
        for (std::size_t i = 0; i < awkward.size() - 1; ++i) store.set_summary(1 + i % 4, "exact", awkward[i]);
        store.set_summary(4, "exact", awkward.back());
        store.set_tags(2, {"good", "b,c"});
        store.set_note(4, "a note, \"quoted\"\nover two lines");  // the last row: lines above stay whole
    }
    ProjectResults results;
    results.setDatabase(QString::fromStdString(db.string()));
    RunsTableModel model(results);
    const QString gui = dir.filePath("gui.csv"), cli = dir.filePath("cli.csv");
    ASSERT_TRUE(model.writeCsv(gui));
    QProcess p;
    p.start(SEXTANT_CLI, {"export", QString::fromStdString(project.string()), "--format", "csv", "--out", cli});
    ASSERT_TRUE(p.waitForFinished(30000));
    ASSERT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
    QFile a(gui), b(cli);
    ASSERT_TRUE(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    const QByteArray gui_bytes = a.readAll();
    EXPECT_EQ(gui_bytes.toStdString(), b.readAll().toStdString());
    EXPECT_TRUE(gui_bytes.startsWith(
        "id,identity,experiment,status,seed,param.mode,param.scale,param.steps,exact,loss,tags,note\n"))
        << gui_bytes.toStdString();
    // The "exact" cells read back as the stored doubles, bit for bit.
    RunStore store(db, true);
    std::vector<double> read_back;
    for (const auto& line : gui_bytes.split('\n').mid(1, 4))
        read_back.push_back(std::strtod(line.split(',')[8].constData(), nullptr));
    for (std::int64_t id = 1; id <= 4; ++id)
        EXPECT_EQ(read_back[static_cast<std::size_t>(id - 1)], store.summaries(id).at("exact")) << id;
}

TEST(LiveRunsModel, FollowsRunEvents) {
    test::ensure_app();
    LiveRunsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    RunEvent e;
    e.run_id = 7;
    e.kind = RunEvent::Kind::Queued;
    model.apply(e);
    e.kind = RunEvent::Kind::Started;
    model.apply(e);
    e.kind = RunEvent::Kind::Progress;
    e.fraction = 0.5;
    model.apply(e);
    e.kind = RunEvent::Kind::Metrics;
    e.samples = {{"loss", 3, 0.25, 0}};
    model.apply(e);
    e.kind = RunEvent::Kind::Log;
    e.level = "info";
    e.message = "hello";
    model.apply(e);
    EXPECT_EQ(model.total(), 1);
    EXPECT_EQ(model.count(RunStatus::Running), 1);
    EXPECT_DOUBLE_EQ(model.data(model.index(0, 0), LiveRunsModel::FractionRole).toDouble(), 0.5);
    EXPECT_NE(model.data(model.index(0, LiveRunsModel::MetricsColumn)).toString().indexOf("loss 0.25 @3"), -1);
    EXPECT_NE(model.log(7).join('\n').indexOf("hello"), -1);
    e.kind = RunEvent::Kind::Finished;
    e.status = RunStatus::Done;
    model.apply(e);
    EXPECT_EQ(model.count(RunStatus::Done), 1);
    model.clear();
    EXPECT_EQ(model.total(), 0);
}

// Runs sent to a Slurm cluster show their job and Slurm's word for it in the table (sortable)
// and in the run's details; a project without cluster runs has no such columns.
TEST(RunsTableModel, ClusterRunsShowTheirSlurmJobAndState) {
    test::ensure_app();
    QTemporaryDir dir;
    const auto db = std::filesystem::path(dir.path().toStdString()) / "t.sextant.db";
    const auto runs = fill_store(db, 4);
    ProjectResults results;
    results.setDatabase(QString::fromStdString(db.string()));
    RunsTableModel model(results);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    EXPECT_EQ(model.columnOf("job_id"), -1) << "no cluster run, no Slurm columns";

    {
        RunStore writer(db);
        writer.set_job(runs[0].id, "1234_1", "COMPLETED", "/scratch/p/sextant-a/t1");
        writer.set_job(runs[1].id, "1234_0", "TIMEOUT", "/scratch/p/sextant-a/t0");
    }
    model.refresh();
    const int job = model.columnOf("job_id"), state = model.columnOf("job_state");
    ASSERT_GE(job, 0);
    ASSERT_GE(state, 0);
    EXPECT_EQ(model.headerData(job, Qt::Horizontal).toString(), "Slurm job");
    model.sort(job, Qt::DescendingOrder);
    EXPECT_EQ(model.data(model.index(0, job)).toString(), "1234_1");
    EXPECT_EQ(model.data(model.index(0, state)).toString(), "COMPLETED");
    EXPECT_EQ(model.data(model.index(1, state)).toString(), "TIMEOUT");
    EXPECT_EQ(model.data(model.index(3, job)).toString(), "") << "a local run has no job";

    RunSelection selection;
    RunDetailsPane details(results, selection);
    selection.set({runs[1].id});
    details.refresh();
    EXPECT_TRUE(details.html().contains("1234_0 (TIMEOUT)")) << details.html().toStdString();
    EXPECT_TRUE(details.html().contains("/scratch/p/sextant-a/t0"));
}
