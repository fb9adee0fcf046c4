// End to end through the real window: open a project, edit it, run its sweep through the
// sextant-cli child process, watch the rows arrive, plot them and export everything.
#include "editor/experiment_editor.hpp"
#include "editor/experiments_panel.hpp"
#include "editor/param_field.hpp"
#include "gui_test_support.hpp"
#include "plots/bar_plot_view.hpp"
#include "plots/plot_panel.hpp"
#include "plots/series_plot_view.hpp"
#include "plots/tradeoff_plot_view.hpp"
#include "queue/run_queue_panel.hpp"
#include "results/run_details_pane.hpp"
#include "results/runs_table_model.hpp"
#include "results/runs_view.hpp"
#include "window/main_window.hpp"

#include <qcustomplot.h>

#include <QFile>
#include <QImage>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QXmlStreamReader>

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::ui;

namespace {

QByteArray head(const QString& path, int n) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(n) : QByteArray();
}

// Runs the window's current experiment to completion; returns the CLI's exit code.
int run_sweep(MainWindow& w, bool retry_failed = false) {
    QSignalSpy finished(&w.queue(), &RunQueue::finished);
    w.queuePanel()->startRuns(retry_failed);
    EXPECT_TRUE(w.queue().isRunning());
    EXPECT_TRUE(w.queue().waitForFinished(60000));
    w.results().notifyChangedNow();
    return finished.isEmpty() ? -99 : finished.first().at(0).toInt();
}

}  // namespace

TEST(Workbench, EditRunPlotAndExport) {
    test::ensure_app();
    QTemporaryDir dir;
    Project project = test::fixture_project();
    project.experiments[0].plots = {{{"kind", "tradeoff"}, {"x", "steps_done"}, {"y", "final_loss"}}};
    const auto file = test::write_project(dir, project);

    MainWindow w(test::window_options());
    QString error;
    ASSERT_TRUE(w.openProject(QString::fromStdString(file.string()), &error)) << error.toStdString();
    w.show();
    ASSERT_TRUE(w.catalog().waitForLoaded(30000)) << w.catalog().lastError().toStdString();
    ASSERT_TRUE(test::wait_until([&] { return w.experiments()->editor()->field("steps") != nullptr; }));

    // Edit a parameter through its generated widget.
    ExperimentEditor* editor = w.experiments()->editor();
    auto* steps = qobject_cast<QSpinBox*>(editor->field("steps")->editor());
    ASSERT_NE(steps, nullptr);
    EXPECT_EQ(steps->value(), 20);
    steps->setValue(30);
    EXPECT_TRUE(w.document().isModified());
    EXPECT_EQ(w.document().project().experiments[0].params["steps"], 30);
    EXPECT_EQ(editor->check().runs, 6u);
    EXPECT_NE(editor->runCountLabel()->text().indexOf("6 run"), -1) << editor->runCountLabel()->text().toStdString();
    EXPECT_FALSE(editor->field("steps")->editor()->isEnabled() == false);
    EXPECT_FALSE(editor->field("scale")->editor()->isEnabled()) << "scale is swept";

    // Run the sweep: the project is saved first, the CLI child runs it.
    EXPECT_EQ(run_sweep(w), 0);
    EXPECT_FALSE(w.document().isModified());
    EXPECT_EQ(Project::load(file).experiments[0].params["steps"], 30);
    EXPECT_EQ(w.queuePanel()->model().count(RunStatus::Done), 6);
    EXPECT_NE(w.queuePanel()->model().log(0).join('\n').indexOf("label="), -1);

    // The rows appear in the runs table.
    RunsTableModel* model = w.runs()->model();
    ASSERT_EQ(model->rowCount(), 6);
    const int status = model->columnOf("status");
    for (int r = 0; r < 6; ++r) EXPECT_EQ(model->data(model->index(r, status)).toString(), "done");
    ASSERT_GE(model->columnOf("summary:final_loss"), 0);

    // Metric vs. step: two selected runs, 30 points each.
    w.selection().set({model->runId(0), model->runId(1)});
    EXPECT_EQ(w.plots()->series()->pointCount(), 60);
    EXPECT_EQ(w.plots()->series()->plot()->graphCount(), 2);
    // The view spans every step, not QCustomPlot's default 0..5.
    EXPECT_GE(w.plots()->series()->plot()->xAxis->range().upper, 29.0);
    EXPECT_LE(w.plots()->series()->plot()->xAxis->range().lower, 1.0);
    EXPECT_NE(w.details()->html().indexOf("2 runs compared"), -1);
    EXPECT_FALSE(w.details()->wrapsLines()) << "a comparison wrapped to the pane's width is a letter a line";
    w.selection().set({model->runId(0)});
    EXPECT_TRUE(w.details()->wrapsLines());
    w.selection().set({model->runId(0), model->runId(1)});

    // Trade-off from the configuration saved in the project: steps_done (higher better) vs.
    // final_loss (lower better). All runs did 30 steps; the two scale-1 runs (two seeds)
    // have the lowest loss and tie: both are on the front.
    TradeoffPlotView* tradeoff = w.plots()->tradeoff();
    w.plots()->showPlot("tradeoff");
    EXPECT_EQ(tradeoff->pointCount(), 6);
    const auto front = tradeoff->frontRuns();
    ASSERT_EQ(front.size(), 2);
    RunStore store(database_path(file), true);
    for (auto id : front) EXPECT_EQ(store.run(id)->params["scale"], 1);

    // Click a point: its run becomes the selection.
    QCustomPlot* plot = tradeoff->plot();
    plot->replot();
    QApplication::processEvents();
    const auto summaries = store.summaries(front[0]);
    const QPoint at(static_cast<int>(plot->xAxis->coordToPixel(summaries.at("steps_done"))),
                    static_cast<int>(plot->yAxis->coordToPixel(summaries.at("final_loss"))));
    EXPECT_TRUE(front.contains(tradeoff->runAt(at)));
    QTest::mouseClick(plot, Qt::LeftButton, Qt::NoModifier, at);
    ASSERT_EQ(w.selection().ids().size(), 1);
    EXPECT_TRUE(front.contains(w.selection().ids().first()));
    EXPECT_NE(w.details()->html().indexOf("Provenance"), -1);

    // Grouped bars: final_loss by scale, 2 seeds each.
    w.plots()->bars()->applyConfig({{"metric", "final_loss"}, {"compare", "scale"}});
    EXPECT_EQ(w.plots()->bars()->table().bars.size(), 3u);
    EXPECT_EQ(w.plots()->bars()->table().count[0][0], 2);

    // Export: PNG, SVG, PDF at a chosen size, CSV of the plotted data and of the table.
    w.plots()->setExportSize(640, 480);
    const QString png = dir.filePath("tradeoff.png"), svg = dir.filePath("tradeoff.svg"),
                  pdf = dir.filePath("tradeoff.pdf"), csv = dir.filePath("tradeoff.csv"),
                  runs = dir.filePath("runs.csv");
    ASSERT_TRUE(w.plots()->exportImage(png, &error)) << error.toStdString();
    ASSERT_TRUE(w.plots()->exportImage(svg, &error)) << error.toStdString();
    ASSERT_TRUE(w.plots()->exportImage(pdf, &error)) << error.toStdString();
    ASSERT_TRUE(w.plots()->exportData(csv, &error)) << error.toStdString();
    ASSERT_TRUE(w.runs()->exportCsv(runs, &error)) << error.toStdString();
    EXPECT_EQ(head(png, 8), QByteArray("\x89PNG\r\n\x1a\n", 8));
    const QImage image(png);
    EXPECT_EQ(image.size(), QSize(640, 480));
    QFile svg_file(svg);
    ASSERT_TRUE(svg_file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&svg_file);
    bool svg_root = false;
    while (!xml.atEnd())
        if (xml.readNext() == QXmlStreamReader::StartElement && !svg_root) svg_root = xml.name() == u"svg";
    EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString();
    EXPECT_TRUE(svg_root);
    EXPECT_EQ(head(pdf, 5), QByteArray("%PDF-"));
    EXPECT_EQ(test::count_lines(csv), 7);  // header + 6 runs
    EXPECT_EQ(test::count_lines(runs), 7);

    // Plot choices are saved with the experiment.
    Q_EMIT tradeoff->configChanged();
    EXPECT_TRUE(w.document().isModified());
    EXPECT_EQ(w.document().project().experiments[0].plots.size(), 4u);
    EXPECT_EQ(w.document().project().experiments[0].plots[0]["x"], "steps_done");
    w.document().save(nullptr);

    // Running again skips what is done.
    EXPECT_EQ(run_sweep(w), 0);
    EXPECT_EQ(w.queuePanel()->model().total(), 0);
    EXPECT_EQ(model->rowCount(), 6);
}

TEST(Workbench, FailedRunsAndRetry) {
    test::ensure_app();
    QTemporaryDir dir;
    Project project = test::fixture_project();
    project.experiments[0].params = {{"steps", 3}, {"mode", "fail"}};
    project.experiments[0].sweep = nlohmann::json::object();
    project.experiments[0].repeats = 2;
    const auto file = test::write_project(dir, project);
    MainWindow w(test::window_options());
    ASSERT_TRUE(w.openProject(QString::fromStdString(file.string())));
    ASSERT_TRUE(w.catalog().waitForLoaded(30000));
    EXPECT_EQ(run_sweep(w), 1);
    EXPECT_EQ(w.queuePanel()->model().count(RunStatus::Failed), 2);
    EXPECT_EQ(w.runs()->model()->rowCount(), 2);
    // Without retry the failed runs are skipped; with it they run (and fail) again.
    EXPECT_EQ(run_sweep(w), 1);
    EXPECT_EQ(w.queuePanel()->model().total(), 0);
    EXPECT_EQ(run_sweep(w, /*retry_failed=*/true), 1);
    EXPECT_EQ(w.queuePanel()->model().count(RunStatus::Failed), 2);
    RunStore store(database_path(file), true);
    EXPECT_EQ(store.run(w.runs()->model()->runId(0))->attempts, 2);
}

TEST(Workbench, CancelStopsTheSweep) {
    test::ensure_app();
    QTemporaryDir dir;
    Project project = test::fixture_project();
    project.experiments[0].params = {{"steps", 200}, {"sleep_ms", 50}};
    project.experiments[0].sweep = nlohmann::json::object();
    project.experiments[0].repeats = 4;
    const auto file = test::write_project(dir, project);
    MainWindow w(test::window_options());
    ASSERT_TRUE(w.openProject(QString::fromStdString(file.string())));
    ASSERT_TRUE(w.catalog().waitForLoaded(30000));
    QSignalSpy finished(&w.queue(), &RunQueue::finished);
    w.queuePanel()->startRuns(false);
    // Live progress arrives while the runs execute; the window keeps processing events.
    ASSERT_TRUE(test::wait_until([&] {
        return w.queuePanel()->model().total() > 0 &&
               w.queuePanel()
                       ->model()
                       .data(w.queuePanel()->model().index(0, 0), LiveRunsModel::FractionRole)
                       .toDouble() > 0;
    }));
    w.queuePanel()->cancelRuns();
    ASSERT_TRUE(w.queue().waitForFinished(30000));
    ASSERT_EQ(finished.size(), 1);
    EXPECT_EQ(finished.first().at(0).toInt(), 1);
    EXPECT_EQ(w.queuePanel()->model().count(RunStatus::Done), 0);
    EXPECT_GT(w.queuePanel()->model().count(RunStatus::Cancelled), 0);
}

TEST(Workbench, NewProjectFromAPlugin) {
    test::ensure_app();
    QTemporaryDir dir;
    MainWindow w(test::window_options());
    ASSERT_TRUE(w.catalog().waitForLoaded(30000));
    QString error;
    ASSERT_TRUE(w.newProject(dir.filePath("fresh.sextant"), "fixture", &error)) << error.toStdString();
    const Project p = Project::load(dir.filePath("fresh.sextant").toStdString());
    ASSERT_EQ(p.experiments.size(), 1u);
    EXPECT_EQ(p.experiments[0].params["steps"], 5);
    EXPECT_EQ(w.experiments()->editor()->check().runs, 1u);
}
