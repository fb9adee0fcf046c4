// What the window keeps in QSettings survives closing it and opening a new one: window
// geometry, dock and splitter layout, recent projects, the plot tab and export size, queue
// and table choices. Settings go to a temporary folder (test::ScopedSettings), never the
// user's.
#include "document/recent_projects.hpp"
#include "gui_test_support.hpp"
#include "plots/plot_panel.hpp"
#include "plots/plot_view.hpp"
#include "plots/tradeoff_plot_view.hpp"
#include "queue/run_queue_panel.hpp"
#include "results/runs_view.hpp"
#include "window/main_window.hpp"

#include <QCheckBox>
#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::ui;

TEST(Settings, LayoutRecentProjectsAndPlotChoicesSurviveCloseAndReopen) {
    test::ensure_app();
    test::ScopedSettings settings;
    EXPECT_TRUE(QSettings().fileName().startsWith(settings.path())) << QSettings().fileName().toStdString();
    QTemporaryDir dir;
    Project project = test::fixture_project();
    project.experiments[0].plots = {
        {{"kind", "tradeoff"}, {"log_x", true}, {"log_y", true}, {"x_better", "lower is better"}}};
    const auto file = test::write_project(dir, project, "kept.sextant");
    const auto other = test::write_project(dir, test::fixture_project(), "other.sextant");
    const QString path = QString::fromStdString(file.string());

    QList<int> sizes;
    QSize size;
    {
        MainWindow w(test::window_options(true));
        ASSERT_TRUE(w.openProject(QString::fromStdString(other.string())));
        ASSERT_TRUE(w.openProject(path));  // the newest recent project
        w.show();
        w.resize(1450, 777);
        auto* center = w.findChild<QSplitter*>("centerSplitter");
        ASSERT_NE(center, nullptr);
        center->setSizes({150, 450});
        QCoreApplication::processEvents();
        sizes = center->sizes();
        size = w.size();
        EXPECT_EQ(size.height(), 777);
        w.findChild<QDockWidget*>("detailsDock")->hide();
        w.plots()->showPlot("bars");
        w.plots()->setExportSize(640, 480);
        w.queuePanel()->jobsBox()->setValue(3);
        w.runs()->differingOnly()->setChecked(true);
        EXPECT_FALSE(w.document().isModified());
        EXPECT_TRUE(w.close());  // saves the settings
    }
    EXPECT_EQ(QSettings().value("plots/exportWidth").toInt(), 640);

    MainWindow w(test::window_options(true));
    w.show();
    QCoreApplication::processEvents();
    EXPECT_EQ(w.size(), size);
    EXPECT_EQ(w.findChild<QSplitter*>("centerSplitter")->sizes(), sizes);
    EXPECT_FALSE(w.findChild<QDockWidget*>("detailsDock")->isVisible());
    EXPECT_TRUE(w.findChild<QDockWidget*>("experimentsDock")->isVisible());
    EXPECT_EQ(w.plots()->current()->kind(), "bars");
    EXPECT_EQ(w.plots()->exportSize(), QSize(640, 480));
    EXPECT_EQ(w.queuePanel()->jobsBox()->value(), 3);
    EXPECT_TRUE(w.runs()->differingOnly()->isChecked());
    const QStringList recent = RecentProjects::list();
    ASSERT_EQ(recent.size(), 2);
    EXPECT_EQ(recent[0], path);
    EXPECT_TRUE(recent[1].endsWith("other.sextant"));

    // Reopening the newest recent project brings back the plot choices saved with it.
    ASSERT_TRUE(w.openProject(recent[0]));
    const auto tradeoff = w.plots()->tradeoff()->config();
    EXPECT_EQ(tradeoff["log_x"], true);
    EXPECT_EQ(tradeoff["log_y"], true);
    EXPECT_EQ(tradeoff["x_better"], "lower is better");
}

TEST(Settings, TestsNeverTouchTheUsersSettings) {
    test::ensure_app();
    const QString home = QDir::homePath();
    EXPECT_FALSE(QSettings().fileName().startsWith(home + "/.config")) << QSettings().fileName().toStdString();
    {
        test::ScopedSettings settings;
        EXPECT_TRUE(QSettings().fileName().startsWith(settings.path()));
    }
    EXPECT_FALSE(QSettings().fileName().startsWith(home + "/.config"));
}
