#include "window/screenshot_tour.hpp"

#include "editor/experiment_editor.hpp"
#include "editor/experiments_panel.hpp"
#include "editor/sweep_editor.hpp"
#include "params/sweep.hpp"
#include "plots/parallel_axes.hpp"
#include "plots/parallel_plot_view.hpp"
#include "plots/plot_panel.hpp"
#include "plots/tradeoff_plot_view.hpp"
#include "queue/live_runs_model.hpp"
#include "queue/run_queue_panel.hpp"
#include "results/runs_table_model.hpp"
#include "results/runs_view.hpp"
#include "window/main_window.hpp"

#include <QApplication>
#include <QDir>
#include <QPixmap>
#include <QDockWidget>
#include <QScreen>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

namespace sextant::ui {

namespace {

void shoot(MainWindow& w, const QString& file) {
    QApplication::processEvents();
    // The whole X screen when there is one (Xvfb), else the window itself (offscreen).
    QPixmap pix;
    if (QScreen* screen = w.screen())
        pix = screen->grabWindow(0, 0, 0, w.frameGeometry().right() + 1, w.frameGeometry().bottom() + 1);
    if (pix.isNull() || pix.width() < 10) pix = w.grab();
    pix.save(file, "PNG");
    qInfo("screenshot: %s (%dx%d)", qPrintable(file), pix.width(), pix.height());
}

struct Tour {
    MainWindow& w;
    QString dir;
    std::vector<std::pair<int, std::function<void()>>> steps;  // delay in ms, action
    std::size_t next = 0;
    void run(std::shared_ptr<Tour> self) {
        if (next >= steps.size()) {
            // The tour works on a copy; keep what it chose (plot axes) so quitting asks nothing.
            QString error;
            if (w.document().isModified() && !w.document().save(&error))
                qWarning("screenshot tour: could not save the project copy: %s", qPrintable(error));
            QApplication::quit();
            return;
        }
        auto [delay, action] = steps[next++];
        QTimer::singleShot(delay, &w, [self, action] {
            action();
            self->run(self);
        });
    }
};

}  // namespace

void run_screenshot_tour(MainWindow& w, const QString& out_dir) {
    QDir().mkpath(out_dir);
    auto tour = std::make_shared<Tour>(Tour{w, out_dir, {}, 0});
    auto path = [out_dir](const char* name) { return QDir(out_dir).filePath(name); };
    auto wait_until = [&w](std::function<bool()> ready, int timeout_ms) {
        const auto start = std::chrono::steady_clock::now();
        while (!ready() && std::chrono::steady_clock::now() - start < std::chrono::milliseconds(timeout_ms))
            QApplication::processEvents(QEventLoop::AllEvents, 50);
        (void)w;
    };
    auto& steps = tour->steps;
    steps.push_back({500, [&w, wait_until] { wait_until([&w] { return w.catalog().isLoaded(); }, 20000); }});
    // 0. The experiment editor, its sweep's richest part in front (random, points, grid),
    // taken from its dock floated to a readable size and docked again afterwards.
    steps.push_back({300, [&w] {
                         const auto* x = w.document().experiment(w.experiments()->current());
                         const Sweep sweep = x ? read_sweep(x->sweep) : Sweep{};
                         QTabWidget* tabs = w.experiments()->editor()->sweepEditor()->tabs();
                         if (sweep.random) tabs->setCurrentIndex(1);
                         else if (!sweep.points.empty()) tabs->setCurrentIndex(2);
                         else tabs->setCurrentIndex(0);
                         auto* dock = w.findChild<QDockWidget*>("experimentsDock");
                         dock->setFloating(true);
                         dock->resize(600, 980);
                         if (auto* split = w.experiments()->findChild<QSplitter*>()) split->setSizes({60, 920});
                     }});
    steps.push_back({800, [&w, path] {
                         auto* dock = w.findChild<QDockWidget*>("experimentsDock");
                         QApplication::processEvents();
                         const QPixmap pix = dock->widget()->grab();
                         pix.save(path("editor.png"), "PNG");
                         qInfo("screenshot: %s (%dx%d)", qPrintable(path("editor.png")), pix.width(), pix.height());
                         dock->setFloating(false);
                     }});
    // 1. A sweep running: progress bars, live metrics, the log.
    steps.push_back({300, [&w] { w.queuePanel()->startRuns(false); }});
    steps.push_back({2500, [&w, path] { shoot(w, path("running.png")); }});
    steps.push_back({100, [&w, wait_until] {
                         wait_until([&w] { return !w.queue().isRunning(); }, 300000);
                         w.results().notifyChangedNow();
                     }});
    // 2. The trade-off plot with a few runs selected, compared in the details pane.
    steps.push_back({500, [&w, path] {
                         const auto front = w.plots()->tradeoff()->frontRuns();
                         QList<std::int64_t> ids = front.mid(0, 3);
                         if (ids.isEmpty())
                             for (int r = 0; r < std::min(3, w.runs()->model()->rowCount()); ++r)
                                 ids << w.runs()->model()->runId(r);
                         w.selection().set(ids);
                         w.plots()->showPlot("tradeoff");
                     }});
    steps.push_back({800, [&w, path] { shoot(w, path("tradeoff.png")); }});
    // 3. Metric vs. step for the selected runs.
    steps.push_back({200, [&w] { w.plots()->showPlot("series"); }});
    steps.push_back({800, [&w, path] { shoot(w, path("series.png")); }});
    // 4. Grouped bars comparing a choice parameter.
    steps.push_back({200, [&w] { w.plots()->showPlot("bars"); }});
    steps.push_back({800, [&w, path] { shoot(w, path("compare.png")); }});
    // 5. Parallel coordinates of the selected runs.
    // Every run in the table, on the axes that tell the quick-start's schemes apart where
    // the project has them (else the plot's defaults).
    steps.push_back({200, [&w] {
                         QList<std::int64_t> ids;
                         for (int r = 0; r < std::min(60, w.runs()->model()->rowCount()); ++r)
                             ids << w.runs()->model()->runId(r);
                         w.selection().set(ids);
                         w.plots()->showPlot("parallel");
                         std::vector<std::string> wanted;
                         for (const auto& axis : default_parallel_axes(w.plots()->parallel()->drawnRuns(), 1000))
                             for (const char* id :
                                  {"param:scheme", "param:density", "summary:compression_ratio",
                                   "summary:encode_throughput", "summary:decode_throughput", "summary:max_abs_error"})
                                 if (axis == id) wanted.push_back(axis);
                         if (wanted.size() >= 3) w.plots()->parallel()->setAxes(wanted);
                     }});
    steps.push_back({800, [&w, path] { shoot(w, path("parallel.png")); }});
    tour->run(tour);
}

}  // namespace sextant::ui
