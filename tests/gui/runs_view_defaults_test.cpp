// What the runs table shows on a first start (fresh settings): only the parameters that
// differ between the runs, and of the metrics the experiment's headline ones (declared by its
// plugin: the fixture marks final_loss, not steps_done); the rest stays one click away.
#include "gui_test_support.hpp"
#include "results/runs_view.hpp"
#include "store/run_store.hpp"
#include "window/main_window.hpp"

#include <QCheckBox>

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::ui;

TEST(RunsViewDefaults, OnlyDifferingParametersAndTheHeadlineMetrics) {
    test::ensure_app();
    test::ScopedSettings settings;  // a first start
    QTemporaryDir dir;
    const auto file = test::write_project(dir, test::fixture_project());
    {
        RunStore store(database_path(file));
        const auto x = store.save_experiment("sweep", "fixture", "1.0.0", nlohmann::json::object());
        std::vector<NewRun> runs;
        for (int i = 0; i < 4; ++i)
            runs.push_back({"r" + std::to_string(i),
                            {{"scale", i}, {"steps", 20}, {"mode", "normal"}},
                            {{"kind", "local"}},
                            static_cast<std::uint64_t>(i)});
        for (const auto& r : store.register_runs(x, "fixture", "1.0.0", runs)) {
            store.set_summary(r.id, "final_loss", 1.0 + static_cast<double>(r.id));
            store.set_summary(r.id, "steps_done", 20);
            store.mark_finished(r.id, RunStatus::Done, 2.0, "", 0, "");
        }
    }
    MainWindow w(test::window_options(true));
    ASSERT_TRUE(w.openProject(QString::fromStdString(file.string())));
    ASSERT_TRUE(w.catalog().waitForLoaded(30000)) << w.catalog().lastError().toStdString();
    RunsView* view = w.runs();
    ASSERT_TRUE(test::wait_until([&] { return !view->isColumnVisible("summary:steps_done"); }))
        << "the headline lookup never hid the other metrics";

    EXPECT_TRUE(view->differingOnly()->isChecked());
    EXPECT_TRUE(view->isColumnVisible("param:scale"));   // differs
    EXPECT_FALSE(view->isColumnVisible("param:steps"));  // the same in every run
    EXPECT_FALSE(view->isColumnVisible("param:mode"));
    EXPECT_TRUE(view->isColumnVisible("summary:final_loss"));  // headline
    EXPECT_FALSE(view->isColumnVisible("summary:steps_done"));
    for (const char* fixed : {"id", "experiment", "status", "seed"}) EXPECT_TRUE(view->isColumnVisible(fixed)) << fixed;

    // One click away: every parameter; a metric chosen in Columns stays shown.
    view->differingOnly()->setChecked(false);
    EXPECT_TRUE(view->isColumnVisible("param:steps"));
    view->setColumnVisible("summary:steps_done", true);
    EXPECT_TRUE(view->isColumnVisible("summary:steps_done"));
}
