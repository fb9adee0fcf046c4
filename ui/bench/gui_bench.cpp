// GUI benchmark: start-up to an interactive window on a project with 10,000 runs, and
// rendering / panning a 1,000,000-point series, against a 1,000-point baseline drawn the
// same way in the same run. Prints a table; docs/gui.md records the figures.
//   gui_bench [--runs N] [--points N] [--keep DIR]
#include "plots/plot_panel.hpp"
#include "plots/series_plot_view.hpp"
#include "results/runs_table_model.hpp"
#include "results/runs_view.hpp"
#include "store/run_store.hpp"
#include "window/main_window.hpp"

#include <qcustomplot.h>

#include <QApplication>
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
    x.sweep = {{"grid",
                {{{"param", "scale"}, {"linear", {{"from", 1}, {"to", 100}, {"count", 100}}}},
                 {{"param", "mode"}, {"values", {"normal"}}}}}};
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

}  // namespace

int main(int argc, char** argv) {
    const double t_main = now_ms();
    int runs = 10000, points = 1000000;
    QString keep;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) runs = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--points") && i + 1 < argc) points = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--keep") && i + 1 < argc) keep = argv[++i];
    }
    if (qgetenv("QT_QPA_PLATFORM").isEmpty()) qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("SEXTANT_PLUGIN_PATH", FIXTURE_PLUGIN_DIR);
    QStandardPaths::setTestModeEnabled(true);

    QTemporaryDir tmp;
    const fs::path dir = keep.isEmpty() ? fs::path(tmp.path().toStdString()) : fs::path(keep.toStdString());
    fs::create_directories(dir);
    const fs::path project = dir / "bench.sextant";
    fs::remove(database_path(project));
    std::int64_t big = 0, small = 0;
    double t = now_ms();
    make_project(project, runs, points, big, small);
    const double generate_ms = now_ms() - t;

    // Start-up: application object, window, project, first page of the table painted.
    t = now_ms();
    QApplication app(argc, argv);
    const double app_ms = now_ms() - t;
    ui::MainWindowOptions options;
    options.cli_program = SEXTANT_CLI;
    options.restore_layout = false;
    t = now_ms();
    ui::MainWindow w(options);
    const double window_ms = now_ms() - t;
    t = now_ms();
    w.openProject(QString::fromStdString(project.string()));
    w.show();
    while (!w.isVisible() || w.runs()->model()->pageReads() == 0) QApplication::processEvents();
    w.runs()->table()->viewport()->repaint();
    const double open_ms = now_ms() - t;
    const double startup_ms = now_ms() - t_main - generate_ms;

    // Scrolling the table end to end, one screenful at a time, each frame painted.
    QScrollBar* bar = w.runs()->table()->verticalScrollBar();
    int frames = 0;
    t = now_ms();
    double worst = 0;
    for (int v = 0; v <= bar->maximum(); v += std::max(1, bar->pageStep())) {
        const double f0 = now_ms();
        bar->setValue(v);
        w.runs()->table()->viewport()->repaint();
        worst = std::max(worst, now_ms() - f0);
        ++frames;
    }
    const double scroll_ms = (now_ms() - t) / std::max(1, frames);
    // Sorting 10,000 runs by a summary metric (SQL) and painting the first page.
    t = now_ms();
    w.runs()->table()->sortByColumn(w.runs()->model()->columnOf("summary:final_loss"), Qt::DescendingOrder);
    w.runs()->table()->viewport()->repaint();
    const double sort_ms = now_ms() - t;

    w.resize(1500, 950);
    const PanFigures baseline = measure_series(w, small);
    const PanFigures large = measure_series(w, big);

    std::printf("Sextant GUI benchmark (QT_QPA_PLATFORM=%s, %d runs, %d-point series)\n",
                qgetenv("QT_QPA_PLATFORM").constData(), runs, points);
    std::printf("%-52s %10s\n", "measure", "ms");
    std::printf("%-52s %10.1f\n", "generate the store (not part of start-up)", generate_ms);
    std::printf("%-52s %10.1f\n", "QApplication", app_ms);
    std::printf("%-52s %10.1f\n", "main window constructed", window_ms);
    std::printf("%-52s %10.1f\n", "open project + first table page painted", open_ms);
    std::printf("%-52s %10.1f\n", "start-up to interactive window (total)", startup_ms);
    std::printf("%-52s %10.2f\n", "table scroll, per screenful (mean)", scroll_ms);
    std::printf("%-52s %10.2f\n", "table scroll, per screenful (worst)", worst);
    std::printf("%-52s %10.1f\n", "sort 10,000 runs by a summary metric + paint", sort_ms);
    std::printf("%-52s %10s %10s %8s\n", "series", "1k pts", "1M pts", "ratio");
    auto row = [](const char* what, double a, double b) {
        std::printf("%-52s %10.2f %10.2f %8.1f\n", what, a, b, b / std::max(a, 1e-9));
    };
    row("  read from the store + build graph", baseline.load_ms, large.load_ms);
    row("  first render", baseline.first_ms, large.first_ms);
    row("  pan, per frame", baseline.pan_ms, large.pan_ms);
    row("  zoom, per frame", baseline.zoom_ms, large.zoom_ms);
    std::printf("table rows %d, pages read %d, series points drawn %d\n", w.runs()->model()->rowCount(),
                w.runs()->model()->pageReads(), w.plots()->series()->pointCount());
    return 0;
}
