#include "document/project_document.hpp"
#include "document/recent_projects.hpp"
#include "gui_test_support.hpp"

#include <QSignalSpy>

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::ui;

TEST(ProjectDocument, EditsMarkModifiedAndSaveRoundTrips) {
    test::ensure_app();
    QTemporaryDir dir;
    const auto path = test::write_project(dir, test::fixture_project());
    ProjectDocument doc;
    QString error;
    ASSERT_TRUE(doc.open(QString::fromStdString(path.string()), &error)) << error.toStdString();
    EXPECT_FALSE(doc.isModified());
    QSignalSpy changed(&doc, &ProjectDocument::experimentChanged);
    doc.editExperiment(0, [](Experiment& x) { x.params["steps"] = 7; });
    EXPECT_TRUE(doc.isModified());
    EXPECT_EQ(changed.count(), 1);
    doc.editExperiment(0, [](Experiment& x) { x.params["steps"] = 7; });  // no change, no signal
    EXPECT_EQ(changed.count(), 1);
    doc.setUiState("plots", {{"tab", 1}});
    ASSERT_TRUE(doc.save(&error)) << error.toStdString();
    EXPECT_FALSE(doc.isModified());
    const Project again = Project::load(path);
    EXPECT_EQ(again.experiments[0].params["steps"], 7);
    EXPECT_EQ(again.ui["plots"]["tab"], 1);
    EXPECT_EQ(doc.databasePath().toStdString(), database_path(path).string());
}

TEST(ProjectDocument, RejectsABrokenFileWithItsProblems) {
    test::ensure_app();
    QTemporaryDir dir;
    QFile f(dir.filePath("bad.sextant"));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(R"({"sextant_project": 1, "name": "x", "experiments": [{"name": "a", "repeats": "two"}]})");
    f.close();
    ProjectDocument doc;
    QString error;
    EXPECT_FALSE(doc.open(f.fileName(), &error));
    EXPECT_NE(error.indexOf("repeats"), -1) << error.toStdString();
    EXPECT_FALSE(doc.isOpen());
}

TEST(ProjectDocument, AddedExperimentsGetUniqueNames) {
    test::ensure_app();
    QTemporaryDir dir;
    ProjectDocument doc;
    ASSERT_TRUE(doc.create(dir.filePath("new.sextant"), test::fixture_project(), nullptr));
    Experiment x;
    x.name = "sweep";
    x.plugin = "fixture";
    EXPECT_EQ(doc.addExperiment(x), 1);
    EXPECT_EQ(doc.experiment(1)->name, "sweep-2");
    doc.removeExperiment(0);
    EXPECT_EQ(doc.experimentCount(), 1);
}

TEST(RecentProjects, NewestFirstWithoutDuplicates) {
    test::ensure_app();
    RecentProjects::clear();
    QTemporaryDir dir;
    const auto a = test::write_project(dir, test::fixture_project(), "a.sextant");
    const auto b = test::write_project(dir, test::fixture_project(), "b.sextant");
    RecentProjects::add(QString::fromStdString(a.string()));
    RecentProjects::add(QString::fromStdString(b.string()));
    RecentProjects::add(QString::fromStdString(a.string()));
    const auto list = RecentProjects::list();
    ASSERT_EQ(list.size(), 2);
    EXPECT_TRUE(list[0].endsWith("a.sextant"));
    RecentProjects::clear();
}
