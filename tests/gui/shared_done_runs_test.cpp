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
