// Undo/redo of project edits: parameter values, sweep axes, target, experiment add, remove
// and rename, through the editor's widgets and the Edit menu's actions; the document is
// modified exactly when the undo stack is away from where it was saved.
#include "editor/experiment_editor.hpp"
#include "editor/experiments_panel.hpp"
#include "editor/param_field.hpp"
#include "editor/sweep_axes_editor.hpp"
#include "editor/sweep_editor.hpp"
#include "gui_test_support.hpp"
#include "window/main_window.hpp"

#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QSpinBox>
#include <QTableWidget>

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::ui;

TEST(Undo, EditsUndoAndRedoAndTheModifiedFlagFollows) {
    test::ensure_app();
    QTemporaryDir dir;
    const auto file = test::write_project(dir, test::fixture_project());
    MainWindow w(test::window_options());
    ASSERT_TRUE(w.openProject(QString::fromStdString(file.string())));
    ASSERT_TRUE(w.catalog().waitForLoaded(30000));
    ExperimentEditor* editor = w.experiments()->editor();
    ASSERT_TRUE(test::wait_until([&] { return editor->field("steps") != nullptr; }));
    ProjectDocument& doc = w.document();
    auto* undo = w.findChild<QAction*>("undoAction");
    auto* redo = w.findChild<QAction*>("redoAction");
    ASSERT_TRUE(undo && redo);
    EXPECT_EQ(undo->shortcut(), QKeySequence(QKeySequence::Undo));
    EXPECT_EQ(redo->shortcut(), QKeySequence(QKeySequence::Redo));
    EXPECT_FALSE(undo->isEnabled());
    auto x = [&](int i = 0) { return doc.project().experiments[static_cast<std::size_t>(i)]; };

    // 1. A parameter (two steps of the spin box are one undo step).
    auto* steps = qobject_cast<QSpinBox*>(editor->field("steps")->editor());
    steps->setValue(30);
    steps->setValue(31);
    EXPECT_TRUE(doc.isModified());
    EXPECT_TRUE(undo->isEnabled());
    EXPECT_NE(undo->text().indexOf("Edit steps"), -1) << undo->text().toStdString();
    // 2. A sweep axis.
    editor->sweepEditor()->grid()->addAxis("mode");
    EXPECT_EQ(x().sweep["grid"].size(), 2u);
    EXPECT_EQ(editor->check().runs, 24u);
    // 3. The target.
    auto* target = editor->findChild<QComboBox*>("targetKind");
    target->setCurrentText("simulated");
    Q_EMIT target->activated(target->currentIndex());
    EXPECT_EQ(x().target["kind"], "simulated");
    // 4. Rename.
    auto* name = editor->findChild<QLineEdit*>("experimentName");
    name->setText("renamed");
    Q_EMIT name->editingFinished();
    EXPECT_EQ(x().name, "renamed");
    EXPECT_EQ(w.experiments()->list()->item(0)->text(), "renamed");
    // 5. Add an experiment, 6. remove the first.
    w.experiments()->addExperiment("fixture");
    ASSERT_EQ(doc.experimentCount(), 2);
    doc.removeExperiment(0);
    ASSERT_EQ(doc.experimentCount(), 1);
    EXPECT_EQ(x().name, "fixture");
    EXPECT_EQ(doc.undoStack()->count(), 6);
    // Plot choices change the file but are no undo step.
    doc.setExperimentPlots(0, {{{"kind", "bars"}}});
    EXPECT_EQ(doc.undoStack()->count(), 6);

    // Undo all six, checking each step and that the editor shows it.
    undo->trigger();  // 6
    ASSERT_EQ(doc.experimentCount(), 2);
    EXPECT_EQ(x(0).name, "renamed");
    EXPECT_EQ(w.experiments()->list()->count(), 2);
    undo->trigger();  // 5
    ASSERT_EQ(doc.experimentCount(), 1);
    EXPECT_EQ(w.experiments()->current(), 0);
    EXPECT_EQ(editor->experiment(), 0);
    undo->trigger();  // 4
    EXPECT_EQ(x().name, "sweep");
    EXPECT_EQ(w.experiments()->list()->item(0)->text(), "sweep");
    EXPECT_EQ(name->text(), "sweep");
    undo->trigger();  // 3
    EXPECT_EQ(x().target["kind"], "local");
    EXPECT_EQ(target->currentText(), "local");
    undo->trigger();  // 2
    EXPECT_EQ(x().sweep["grid"].size(), 1u);
    EXPECT_EQ(editor->sweepEditor()->grid()->table()->rowCount(), 1);
    EXPECT_EQ(editor->check().runs, 6u);
    EXPECT_TRUE(doc.isModified());
    undo->trigger();  // 1
    EXPECT_EQ(x().params["steps"], 20);
    EXPECT_EQ(qobject_cast<QSpinBox*>(editor->field("steps")->editor())->value(), 20);
    EXPECT_FALSE(undo->isEnabled());
    // Back where it was saved, but the plot choices still differ from the file.
    EXPECT_TRUE(doc.undoStack()->isClean());
    EXPECT_TRUE(doc.isModified());
    ASSERT_TRUE(doc.save(nullptr));
    EXPECT_FALSE(doc.isModified());

    // Redo all six.
    for (int i = 0; i < 6; ++i) redo->trigger();
    EXPECT_FALSE(redo->isEnabled());
    EXPECT_TRUE(doc.isModified());
    ASSERT_EQ(doc.experimentCount(), 1);
    EXPECT_EQ(x().name, "fixture");
    EXPECT_EQ(w.experiments()->list()->item(0)->text(), "fixture");
    doc.undoStack()->undo();
    ASSERT_EQ(doc.experimentCount(), 2);
    EXPECT_EQ(x(0).params["steps"], 31);
    EXPECT_EQ(x(0).sweep["grid"].size(), 2u);
    EXPECT_EQ(x(0).target["kind"], "simulated");
    EXPECT_EQ(x(0).plots, nlohmann::json::array()) << "redo keeps the plot choices of the moment";

    // Saving marks the clean state: undo leaves it (modified), redo returns to it.
    ASSERT_TRUE(doc.save(nullptr));
    EXPECT_FALSE(doc.isModified());
    EXPECT_FALSE(w.isWindowModified());
    undo->trigger();
    EXPECT_TRUE(doc.isModified());
    EXPECT_TRUE(w.isWindowModified());
    redo->trigger();
    EXPECT_FALSE(doc.isModified());
    EXPECT_EQ(Project::load(file).experiments.size(), 2u);

    // Opening a project starts a fresh history.
    ASSERT_TRUE(w.openProject(QString::fromStdString(file.string())));
    EXPECT_FALSE(undo->isEnabled());
    EXPECT_FALSE(doc.isModified());
}

TEST(Undo, TypingBackToTheStartLeavesNothingToUndo) {
    test::ensure_app();
    QTemporaryDir dir;
    ProjectDocument doc;
    ASSERT_TRUE(doc.create(dir.filePath("u.sextant"), test::fixture_project(), nullptr));
    doc.editExperiment(
        0, [](Experiment& x) { x.params["steps"] = 21; }, "Edit steps", "params.steps");
    doc.editExperiment(
        0, [](Experiment& x) { x.params["steps"] = 20; }, "Edit steps", "params.steps");
    EXPECT_EQ(doc.undoStack()->count(), 0);
    EXPECT_FALSE(doc.isModified());
    // Different fields are different steps.
    doc.editExperiment(
        0, [](Experiment& x) { x.params["steps"] = 22; }, "Edit steps", "params.steps");
    doc.editExperiment(
        0, [](Experiment& x) { x.params["mode"] = "fail"; }, "Edit mode", "params.mode");
    EXPECT_EQ(doc.undoStack()->count(), 2);
    doc.undoStack()->undo();
    EXPECT_FALSE(doc.project().experiments[0].params.contains("mode"));
    EXPECT_EQ(doc.project().experiments[0].params["steps"], 22);
}
