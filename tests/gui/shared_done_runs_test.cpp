// The plots share one read of a project's done runs (ProjectResults::doneRuns), read again
// only after another connection committed: three plots each reading all of a 100,000-run
// project made opening it take seconds (docs/gui.md).
#include "catalog/plugin_catalog.hpp"
#include "gui_test_support.hpp"
#include "plots/bar_plot_view.hpp"
#include "plots/parallel_plot_view.hpp"
#include "plots/tradeoff_plot_view.hpp"
#include "results/project_results.hpp"
#include "results/run_selection.hpp"
#include "store/run_store.hpp"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::ui;

namespace {

// Runs [first, first + n) of experiment "x", done, each with a loss and a time.
std::int64_t add_done_runs(const std::filesystem::path& db, int first, int n) {
    RunStore store(db);
    const auto x = store.save_experiment("x", "fixture", "1.0.0", nlohmann::json::object());
    std::vector<NewRun> runs;
    for (int i = first; i < first + n; ++i)
        runs.push_back({"x" + std::to_string(i), {{"scale", i}}, {{"kind", "local"}}, static_cast<std::uint64_t>(i)});
    std::int64_t first_id = 0;
    for (auto& r : store.register_runs(x, "fixture", "1.0.0", runs)) {
        if (!first_id) first_id = r.id;
        store.mark_started(r.id, 1.7e9, "host", std::nullopt);
        store.set_summary(r.id, "loss", 1.0 / (1 + r.params["scale"].get<double>()));
        store.set_summary(r.id, "time", r.params["scale"].get<double>());
        store.mark_finished(r.id, RunStatus::Done, 1.7e9 + 2, "", 0, "");
    }
    return first_id;
}

}  // namespace

TEST(SharedDoneRuns, ThePlotsReadTheDoneRunsOnceAndAgainOnlyAfterACommit) {
    test::ensure_app();
    QTemporaryDir dir;
    const auto db = std::filesystem::path(dir.path().toStdString()) / "t.sextant.db";
    const std::int64_t first = add_done_runs(db, 0, 40);
    ProjectResults results;
    results.setDatabase(QString::fromStdString(db.string()));
    RunSelection selection;
    PluginCatalog catalog;
    TradeoffPlotView tradeoff(results, selection, catalog);
    BarPlotView bars(results);
    ParallelPlotView parallel(results, selection, catalog);
    EXPECT_EQ(results.doneRunsReads(), 1) << "three plots, one read";

    results.notifyChangedNow();  // every plot refreshes; nothing was committed
    EXPECT_EQ(results.doneRunsReads(), 1);

    add_done_runs(db, 40, 10);  // sextant-cli's connection commits
    results.notifyChangedNow();
    EXPECT_EQ(results.doneRunsReads(), 2);

    ASSERT_TRUE(results.setTags(first, {"best"}));  // the window's own writer commits too
    results.notifyChangedNow();
    EXPECT_EQ(results.doneRunsReads(), 3);
}

// Opening a big project does not wait for its done runs: they are read on a thread of their
// own and the plots draw them when they arrive (a 100,000-run open took 1.5 s, most of it
// this read; docs/gui.md).
TEST(SharedDoneRuns, ABigProjectsDoneRunsAreReadInTheBackgroundAndDrawnWhenTheyArrive) {
    test::ensure_app();
    QTemporaryDir dir;
    const auto db = std::filesystem::path(dir.path().toStdString()) / "t.sextant.db";
    add_done_runs(db, 0, 40);
    ProjectResults results;
    results.setBackgroundReadAbove(10);
    results.setDatabase(QString::fromStdString(db.string()));
    RunSelection selection;
    PluginCatalog catalog;
    QSignalSpy ready(&results, &ProjectResults::doneRunsReady);
    TradeoffPlotView tradeoff(results, selection, catalog);
    tradeoff.setMetrics("loss", "time");
    EXPECT_TRUE(results.doneRunsLoading()) << "40 done runs are above the limit of 10";
    EXPECT_EQ(results.doneRuns()->size(), 0u);
    EXPECT_EQ(tradeoff.pointCount(), 0);

    ASSERT_TRUE(ready.count() > 0 || ready.wait(20000));
    EXPECT_FALSE(results.doneRunsLoading());
    EXPECT_EQ(results.doneRuns()->size(), 40u);
    EXPECT_EQ(tradeoff.pointCount(), 40) << "the plot redraws when the read arrives";
    EXPECT_EQ(results.doneRunsReads(), 1);

    // Below the limit the read is at once, as before.
    results.setBackgroundReadAbove(1000);
    add_done_runs(db, 40, 10);
    results.notifyChangedNow();
    EXPECT_FALSE(results.doneRunsLoading());
    EXPECT_EQ(results.doneRuns()->size(), 50u);
    EXPECT_EQ(tradeoff.pointCount(), 50);
}

// Another project opened while a read runs: the old project's runs never reach the plots.
TEST(SharedDoneRuns, AReadForTheProjectBeforeIsDropped) {
    test::ensure_app();
    QTemporaryDir dir;
    const auto root = std::filesystem::path(dir.path().toStdString());
    add_done_runs(root / "a.sextant.db", 0, 40);
    add_done_runs(root / "b.sextant.db", 0, 5);
    ProjectResults results;
    results.setBackgroundReadAbove(10);
    results.setDatabase(QString::fromStdString((root / "a.sextant.db").string()));
    EXPECT_EQ(results.doneRuns()->size(), 0u);
    EXPECT_TRUE(results.doneRunsLoading());
    results.setDatabase(QString::fromStdString((root / "b.sextant.db").string()));
    EXPECT_FALSE(results.doneRunsLoading());
    QCoreApplication::processEvents();  // the first read's result, if it was posted, arrives now
    EXPECT_EQ(results.doneRuns()->size(), 5u);
    EXPECT_EQ(results.doneRunsReads(), 1);
}
