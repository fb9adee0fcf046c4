// Parallel coordinates: axis ranges, better-up directions and categories computed from the
// runs (parallel_data), and the view drawing one line per selected run of a real sweep.
#include "gui_test_support.hpp"
#include "plots/parallel_axes.hpp"
#include "plots/parallel_plot_view.hpp"
#include "plots/plot_panel.hpp"
#include "queue/run_queue_panel.hpp"
#include "results/runs_table_model.hpp"
#include "results/runs_view.hpp"
#include "window/main_window.hpp"

#include <qcustomplot.h>

#include <QSignalSpy>

#include <gtest/gtest.h>

#include <cmath>

using namespace sextant;
using namespace sextant::ui;

namespace {
PlotRun run(std::int64_t id, double scale, const char* mode, double loss, double steps) {
    PlotRun r;
    r.id = id;
    r.experiment = "x";
    r.params = {{"scale", scale}, {"mode", mode}};
    r.summaries = {{"final_loss", loss}, {"steps_done", steps}};
    return r;
}
Better test_better_of(const std::string& m) {
    return m == "final_loss" ? Better::Lower : m == "steps_done" ? Better::Higher : Better::Neither;
}
}  // namespace

TEST(ParallelAxes, RangesBetterUpAndCategories) {
    const std::vector<PlotRun> runs = {run(1, 1, "normal", 0.5, 10), run(2, 4, "fail", 0.1, 30),
                                       run(3, 2, "normal", 0.3, 20)};
    const auto d =
        parallel_data(runs, {"param:scale", "param:mode", "summary:final_loss", "summary:steps_done"}, test_better_of);
    ASSERT_EQ(d.axes.size(), 4u);
    EXPECT_EQ(d.axes[0].min, 1);
    EXPECT_EQ(d.axes[0].max, 4);
    EXPECT_EQ(d.axes[0].better, Better::Neither);
    EXPECT_DOUBLE_EQ(d.positions[2][0], 1.0 / 3);
    EXPECT_EQ(d.axes[1].categories, (std::vector<std::string>{"fail", "normal"}));
    EXPECT_EQ(d.positions[0][1], 1);
    EXPECT_EQ(d.positions[1][1], 0);
    // Lower loss is better and drawn up: the lowest loss at the top.
    EXPECT_TRUE(d.axes[2].flipped());
    EXPECT_DOUBLE_EQ(d.axes[2].min, 0.1);
    EXPECT_DOUBLE_EQ(d.axes[2].max, 0.5);
    EXPECT_EQ(d.axes[2].topText(), "0.1");
    EXPECT_EQ(d.axes[2].bottomText(), "0.5");
    EXPECT_DOUBLE_EQ(d.positions[1][2], 1);
    EXPECT_DOUBLE_EQ(d.positions[0][2], 0);
    EXPECT_FALSE(d.axes[3].flipped());
    EXPECT_DOUBLE_EQ(d.positions[1][3], 1);

    // A missing value breaks the line there; one value only sits in the middle.
    std::vector<PlotRun> two = {run(1, 2, "normal", 0.5, 10), run(2, 2, "normal", 0.1, 10)};
    two[1].summaries.erase("steps_done");
    const auto e = parallel_data(two, {"param:scale", "summary:steps_done", "bogus"}, test_better_of);
    ASSERT_EQ(e.axes.size(), 2u);
    EXPECT_EQ(e.positions[0][0], 0.5);
    EXPECT_TRUE(std::isnan(e.positions[1][1]));

    // Defaults: the parameters that differ, then the metrics.
    EXPECT_EQ(default_parallel_axes(runs),
              (std::vector<std::string>{"param:mode", "param:scale", "summary:final_loss", "summary:steps_done"}));
    EXPECT_EQ(default_parallel_axes(two), (std::vector<std::string>{"summary:final_loss", "summary:steps_done"}));
}

TEST(ParallelPlot, OneLinePerSelectedRunOverItsRanges) {
    test::ensure_app();
    QTemporaryDir dir;
    const auto file = test::write_project(dir, test::fixture_project());
    MainWindow w(test::window_options());
    ASSERT_TRUE(w.openProject(QString::fromStdString(file.string())));
    ASSERT_TRUE(w.catalog().waitForLoaded(30000));
    QSignalSpy finished(&w.queue(), &RunQueue::finished);
    w.queuePanel()->startRuns(false);
    ASSERT_TRUE(w.queue().waitForFinished(60000));
    w.results().notifyChangedNow();
    RunsTableModel* model = w.runs()->model();
    ASSERT_EQ(model->rowCount(), 6);

    ParallelPlotView* view = w.plots()->parallel();
    w.plots()->showPlot("parallel");
    EXPECT_EQ(w.plots()->current(), view);
    EXPECT_EQ(view->lineCount(), 0);
    QList<std::int64_t> ids;
    for (int r = 0; r < 4; ++r) ids << model->runId(r);
    w.selection().set(ids);
    view->setAxes({"param:scale", "summary:final_loss", "summary:steps_done"});
    EXPECT_EQ(view->lineCount(), 4);
    EXPECT_EQ(view->pointCount(), 12);
    EXPECT_TRUE(w.document().isModified()) << "axes are saved with the experiment";

    // Each axis spans exactly the selected runs' values; better is up.
    RunStore store(database_path(file), true);
    double scale_lo = 1e300, scale_hi = -1e300, loss_lo = 1e300, loss_hi = -1e300;
    for (auto id : ids) {
        const double scale = store.run(id)->params["scale"].get<double>();
        const double loss = store.summaries(id).at("final_loss");
        scale_lo = std::min(scale_lo, scale), scale_hi = std::max(scale_hi, scale);
        loss_lo = std::min(loss_lo, loss), loss_hi = std::max(loss_hi, loss);
    }
    const auto& axes = view->data().axes;
    ASSERT_EQ(axes.size(), 3u);
    EXPECT_EQ(axes[0].min, scale_lo);
    EXPECT_EQ(axes[0].max, scale_hi);
    EXPECT_DOUBLE_EQ(axes[1].min, loss_lo);
    EXPECT_DOUBLE_EQ(axes[1].max, loss_hi);
    EXPECT_TRUE(axes[1].flipped());
    EXPECT_EQ(axes[2].better, Better::Higher);
    for (int g = 0; g < view->lineCount(); ++g) {
        QCPGraph* graph = view->plot()->graph(g);
        ASSERT_EQ(graph->dataCount(), 3);
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
            EXPECT_GE(it->value, 0.0);
            EXPECT_LE(it->value, 1.0);
        }
    }
    EXPECT_EQ(view->plottedData().rows.size(), 4u);
    EXPECT_EQ(view->plottedData().header.size(), 5u);

    // The lines follow the selection.
    w.selection().set({ids[0], ids[1]});
    EXPECT_EQ(view->lineCount(), 2);
    // Plot choices saved with the experiment bring the axes back.
    view->applyConfig({{"kind", "parallel"}, {"axes", {"summary:final_loss"}}});
    EXPECT_EQ(view->data().axes.size(), 1u);
    EXPECT_EQ(view->config()["axes"], nlohmann::json({"summary:final_loss"}));
}
