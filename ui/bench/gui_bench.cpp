// GUI benchmark: start-up to an interactive window on a project with 100,000 runs, scrolling,
// sorting and filtering it, against a 10,000-run project measured the same way in the same
// run; and rendering / panning a 1,000,000-point series against a 1,000-point baseline.
// Prints a table with the ratios; docs/gui.md records the figures.
//   gui_bench [--runs N] [--baseline-runs N] [--points N] [--keep DIR (reuses its stores)]
#include "params/sweep.hpp"
#include "plots/plot_panel.hpp"
#include "plots/series_plot_view.hpp"
#include "results/runs_table_model.hpp"
#include "results/runs_view.hpp"
#include "store/run_store.hpp"
#include "window/main_window.hpp"

#include <qcustomplot.h>

#include <QApplication>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <tuple>
#include <utility>

using namespace sextant;
namespace fs = std::filesystem;

namespace {

double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// A project with one fixture experiment and `runs` finished runs, plus one run holding a
// `points`-point series and one holding a 1,000-point series.
void make_project(const fs::path& file, int runs, int points, std::int64_t& big_run, std::int64_t& small_run) {
    Project p;
    p.name = "bench";
    Experiment x;
    x.name = "sweep";
    x.plugin = "fixture";
    x.params = {{"steps", 5}};
    Sweep sweep;
    sweep.grid = {{"scale", GridAxis::Spacing::Linear, {}, RangeEnd::as_written(1), RangeEnd::as_written(100), 100},
                  {"mode", GridAxis::Spacing::Values, {"normal"}, 0, 0, 0}};
    x.sweep = to_json(sweep);
    x.repeats = runs / 100;
    p.experiments.push_back(x);
    p.save(file);

    RunStore store(database_path(file));
    const auto xid = store.save_experiment(x.name, "fixture", "1.0.0", experiment_to_json(x));
    Provenance prov;
    prov.host = "bench";
    prov.command_line = "gui_bench";
    const auto pid = store.save_provenance(prov);
    std::vector<NewRun> fresh;
    for (int i = 0; i < runs + 2; ++i) {
        const double scale = 1 + (i % 100);
        fresh.push_back({"bench-" + std::to_string(i),
                         {{"steps", 5},
                          {"scale", scale},
                          {"mode", i % 3 == 0 ? "normal" : "fail"},
                          {"sleep_ms", 0},
                          {"write_artifact", false},
                          {"label", "r" + std::to_string(i)},
                          {"tags", nlohmann::json::array()}},
                         {{"kind", "local"}},
                         static_cast<std::uint64_t>(i / 100)});
    }
    const auto records = store.register_runs(xid, "fixture", "1.0.0", fresh);
    store.begin();
    for (const auto& r : records) {
        store.mark_started(r.id, 1.7e9, "bench", pid);
        const double scale = r.params["scale"].get<double>();
        store.set_summary(r.id, "final_loss", scale / 5 + 0.01 * static_cast<double>(r.seed));
        store.set_summary(r.id, "steps_done", 5 + static_cast<double>(r.id % 7));
        store.mark_finished(r.id, RunStatus::Done, 1.7e9 + 1, "", 0, "");
    }
    big_run = records[static_cast<std::size_t>(runs)].id;
    small_run = records[static_cast<std::size_t>(runs) + 1].id;
    std::vector<MetricSample> samples;
    samples.reserve(static_cast<std::size_t>(points));
    for (int i = 0; i < points; ++i)
        samples.push_back({"loss", i, 1.0 / (1 + i * 1e-4) + 0.05 * std::sin(i * 0.01), 0});
    store.add_metrics(big_run, samples);
    samples.resize(1000);
    store.add_metrics(small_run, samples);
    store.commit();
}

struct PanFigures {
    double load_ms, first_ms, pan_ms, zoom_ms;
};

PanFigures measure_series(ui::MainWindow& w, std::int64_t run) {
    auto* view = w.plots()->series();
    w.plots()->showPlot("series");
    QApplication::processEvents();
    QCustomPlot* plot = view->plot();
    double t = now_ms();
    w.selection().set({run});  // reads the series and draws it
    PanFigures f{};
    f.load_ms = now_ms() - t;
    t = now_ms();
    plot->replot(QCustomPlot::rpImmediateRefresh);
    f.first_ms = now_ms() - t;
    constexpr int frames = 60;
    t = now_ms();
    for (int i = 0; i < frames; ++i) {
        plot->xAxis->moveRange(plot->xAxis->range().size() * 0.01 * (i < frames / 2 ? 1 : -1));
        plot->replot(QCustomPlot::rpImmediateRefresh);
    }
    f.pan_ms = (now_ms() - t) / frames;
    t = now_ms();
    for (int i = 0; i < frames; ++i) {
        plot->xAxis->scaleRange(i < frames / 2 ? 0.9 : 1 / 0.9, plot->xAxis->range().center());
        plot->replot(QCustomPlot::rpImmediateRefresh);
    }
    f.zoom_ms = (now_ms() - t) / frames;
    return f;
}

struct TableFigures {
    double window_ms = 0, open_ms = 0, plots_ms = 0, scroll_mean_ms = 0, scroll_worst_ms = 0, sort_ms = 0,
           scroll_sorted_ms = 0, filter_ms = 0, differ_ms = 0;
    int rows = 0, pages = 0;
};

void paint(ui::MainWindow& w) { w.runs()->table()->viewport()->repaint(); }

// Scrolls through the table in `frames` screenfuls spread evenly from top to bottom (the
// same number of frames at every size), each painted; mean and worst frame.
std::pair<double, double> scroll(ui::MainWindow& w, int frames) {
    QScrollBar* bar = w.runs()->table()->verticalScrollBar();
    double worst = 0;
    const double t = now_ms();
    for (int i = 0; i < frames; ++i) {
        const double f0 = now_ms();
        bar->setValue(static_cast<int>(static_cast<double>(bar->maximum()) * i / std::max(1, frames - 1)));
        paint(w);
        worst = std::max(worst, now_ms() - f0);
    }
    return {(now_ms() - t) / frames, worst};
}

// A fresh window opens the project: constructed, project and store opened, first page
// painted; then scrolling, sorting by a summary metric, a text filter and "only parameters
// that differ", each painted.
TableFigures measure_table(const fs::path& project, ui::MainWindow*& keep) {
    ui::MainWindowOptions options;
    options.cli_program = SEXTANT_CLI;
    options.restore_layout = false;
    TableFigures f;
    double t = now_ms();
    auto* w = new ui::MainWindow(options);
    f.window_ms = now_ms() - t;
    t = now_ms();
    w->openProject(QString::fromStdString(project.string()));
    w->show();
    while (!w->isVisible() || w->runs()->model()->pageReads() == 0) QApplication::processEvents();
    paint(*w);
    f.open_ms = now_ms() - t;
    // Above ProjectResults::backgroundReadAbove() the plots fill in after the window is usable.
    while (w->results().doneRunsLoading()) QApplication::processEvents(QEventLoop::AllEvents, 5);
    f.plots_ms = now_ms() - t;
    f.rows = w->runs()->model()->rowCount();
    std::tie(f.scroll_mean_ms, f.scroll_worst_ms) = scroll(*w, 200);
    t = now_ms();
    w->runs()->table()->sortByColumn(w->runs()->model()->columnOf("summary:final_loss"), Qt::DescendingOrder);
    paint(*w);
    f.sort_ms = now_ms() - t;
    f.scroll_sorted_ms = scroll(*w, 200).first;
    t = now_ms();
    w->runs()->model()->setTextFilter("r7");
    paint(*w);
    f.filter_ms = now_ms() - t;
    w->runs()->model()->setTextFilter("");
    w->runs()->differingOnly()->setChecked(false);
    QApplication::processEvents();
    t = now_ms();
    w->runs()->differingOnly()->setChecked(true);
    paint(*w);
    f.differ_ms = now_ms() - t;
    f.pages = w->runs()->model()->pageReads();
    keep = w;
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    const double t_main = now_ms();
    int runs = 100000, baseline_runs = 10000, points = 1000000;
    QString keep;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) runs = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--baseline-runs") && i + 1 < argc) baseline_runs = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--points") && i + 1 < argc) points = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--keep") && i + 1 < argc) keep = argv[++i];
    }
    if (qgetenv("QT_QPA_PLATFORM").isEmpty()) qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("SEXTANT_PLUGIN_PATH", FIXTURE_PLUGIN_DIR);
    QStandardPaths::setTestModeEnabled(true);

    QTemporaryDir tmp;
    const fs::path dir = keep.isEmpty() ? fs::path(tmp.path().toStdString()) : fs::path(keep.toStdString());
    fs::create_directories(dir);
    const fs::path project = dir / "bench.sextant", baseline_project = dir / "baseline.sextant";
    std::int64_t big = 0, small = 0, unused_big = 0, unused_small = 0;
    double t = now_ms();
    if (!fs::exists(database_path(project)) || keep.isEmpty()) {
        fs::remove(database_path(project));
        make_project(project, runs, points, big, small);
    } else {  // --keep: the store from before (run ids start at 1; the series runs come last)
        big = runs + 1;
        small = runs + 2;
    }
    if (!fs::exists(database_path(baseline_project)) || keep.isEmpty()) {
        fs::remove(database_path(baseline_project));
        make_project(baseline_project, baseline_runs, 10, unused_big, unused_small);
    }
    const double generate_ms = now_ms() - t;

    t = now_ms();
    QApplication app(argc, argv);
    const double app_ms = now_ms() - t;
    ui::MainWindow* baseline_window = nullptr;
    ui::MainWindow* window = nullptr;
    const TableFigures base = measure_table(baseline_project, baseline_window);
    delete baseline_window;
    const TableFigures large = measure_table(project, window);
    ui::MainWindow& w = *window;

    w.resize(1500, 950);
    const PanFigures baseline = measure_series(w, small);
    const PanFigures series = measure_series(w, big);

    std::printf("Sextant GUI benchmark (QT_QPA_PLATFORM=%s, %d runs against %d in the same run, %d-point series)\n",
                qgetenv("QT_QPA_PLATFORM").constData(), runs, baseline_runs, points);
    std::printf("%-52s %10.1f ms\n", "generate the stores (not part of start-up)", generate_ms);
    std::printf("%-52s %10.1f ms\n", "QApplication", app_ms);
    char a[32], b[32];
    std::snprintf(a, sizeof a, "%d runs", baseline_runs);
    std::snprintf(b, sizeof b, "%d runs", runs);
    std::printf("%-52s %10s %10s %8s\n", "runs table (ms)", a, b, "ratio");
    auto row = [](const char* what, double x, double y) {
        std::printf("%-52s %10.2f %10.2f %8.1f\n", what, x, y, y / std::max(x, 1e-9));
    };
    row("main window constructed", base.window_ms, large.window_ms);
    row("open project + first table page painted", base.open_ms, large.open_ms);
    row("start-up to interactive window (app+window+open)", app_ms + base.window_ms + base.open_ms,
        app_ms + large.window_ms + large.open_ms);
    row("open project + the plots drawn (done runs read)", base.plots_ms, large.plots_ms);
    row("scroll, per screenful (mean of 200 across)", base.scroll_mean_ms, large.scroll_mean_ms);
    row("scroll, per screenful (worst)", base.scroll_worst_ms, large.scroll_worst_ms);
    row("sort by a summary metric + paint", base.sort_ms, large.sort_ms);
    row("scroll sorted, per screenful (mean)", base.scroll_sorted_ms, large.scroll_sorted_ms);
    row("text filter + paint", base.filter_ms, large.filter_ms);
    row("only parameters that differ, recomputed + paint", base.differ_ms, large.differ_ms);
    std::printf("%-52s %10s %10s %8s\n", "series (ms)", "1k pts", "1M pts", "ratio");
    row("  read from the store + build graph", baseline.load_ms, series.load_ms);
    row("  first render", baseline.first_ms, series.first_ms);
    row("  pan, per frame", baseline.pan_ms, series.pan_ms);
    row("  zoom, per frame", baseline.zoom_ms, series.zoom_ms);
    std::printf("table rows %d / %d, pages read %d / %d, series points drawn %d, total %.0f ms\n", base.rows,
                large.rows, base.pages, large.pages, w.plots()->series()->pointCount(), now_ms() - t_main);
    delete window;
    return 0;
}
