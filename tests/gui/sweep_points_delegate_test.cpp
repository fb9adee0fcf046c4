// The sweep points' cell editors (SweepPointsDelegate): generated from the declarations,
// each with an empty entry, and writing the points with the JSON type the engine expects.
#include "editor/experiment_editor.hpp"
#include "editor/experiments_panel.hpp"
#include "editor/sweep_editor.hpp"
#include "editor/sweep_points_delegate.hpp"
#include "editor/sweep_points_editor.hpp"
#include "gui_test_support.hpp"
#include "params/sweep_expansion.hpp"
#include "window/main_window.hpp"

#include <QComboBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QStyleOptionViewItem>
#include <QTableWidget>
#include <QTest>

#include <gtest/gtest.h>

#include <memory>

using namespace sextant;
using namespace sextant::ui;

namespace {

PluginInfo plugin() {
    PluginInfo info;
    info.id = "cells";
    info.params = {choice_param("mode", "normal", {"normal", "fail", "crash"}, "m"), bool_param("on", false, "flag"),
                   int_param("steps", 5, 0, 100, "n"), float_param("scale", 1.0, 0.0, 10.0, "s"),
                   string_param("label", "", "free text")};
    return info;
}

// One cell's editor, as the table would open it, with the cell's text shown in it.
std::unique_ptr<QWidget> open_cell(SweepPointsEditor& points, int row, const std::string& param) {
    const QModelIndex index = points.table()->model()->index(row, points.columnOf(param));
    std::unique_ptr<QWidget> editor(
        points.delegate()->createEditor(points.table()->viewport(), QStyleOptionViewItem(), index));
    if (editor) points.delegate()->setEditorData(editor.get(), index);
    return editor;
}

void commit(SweepPointsEditor& points, QWidget* editor, int row, const std::string& param) {
    points.delegate()->setModelData(editor, points.table()->model(),
                                    points.table()->model()->index(row, points.columnOf(param)));
}

QStringList items(const QComboBox* combo) {
    QStringList out;
    for (int i = 0; i < combo->count(); ++i) out << combo->itemText(i);
    return out;
}

}  // namespace

TEST(SweepPointCells, TypedEditorsWriteTypedValuesAndEmptyRemovesTheKey) {
    test::ensure_app();
    const PluginInfo info = plugin();
    SweepPointsEditor points;
    points.setPlugin(&info);
    nlohmann::json last;
    QObject::connect(&points, &SweepPointsEditor::pointsEdited, [&](const nlohmann::json& p) { last = p; });
    points.addPoint();
    for (const char* name : {"on", "steps", "scale", "label"}) points.addColumn(name);
    ASSERT_EQ(points.columns(), (std::vector<std::string>{"mode", "on", "steps", "scale", "label"}));

    // A choice: a combo box of exactly the declared choices after an empty entry.
    auto mode = open_cell(points, 0, "mode");
    auto* mode_combo = qobject_cast<QComboBox*>(mode.get());
    ASSERT_NE(mode_combo, nullptr);
    EXPECT_EQ(items(mode_combo), (QStringList{"", "normal", "fail", "crash"}));
    EXPECT_EQ(mode_combo->currentIndex(), 0) << "an empty cell shows the empty entry";
    mode_combo->setCurrentText("fail");
    commit(points, mode_combo, 0, "mode");
    ASSERT_TRUE(last.is_array());
    ASSERT_TRUE(last[0]["mode"].is_string());
    EXPECT_EQ(last[0]["mode"], "fail");
    EXPECT_EQ(qobject_cast<QComboBox*>(open_cell(points, 0, "mode").get())->currentText(), "fail");

    // A bool: empty, true, false; written as a JSON bool.
    auto on = open_cell(points, 0, "on");
    auto* on_combo = qobject_cast<QComboBox*>(on.get());
    ASSERT_NE(on_combo, nullptr);
    EXPECT_EQ(items(on_combo), (QStringList{"", "true", "false"}));
    on_combo->setCurrentText("false");
    commit(points, on_combo, 0, "on");
    ASSERT_TRUE(last[0]["on"].is_boolean());
    EXPECT_EQ(last[0]["on"], false);

    // A bounded int: a spin box over the declared range, one step below it meaning empty.
    auto steps = open_cell(points, 0, "steps");
    auto* spin = qobject_cast<QSpinBox*>(steps.get());
    ASSERT_NE(spin, nullptr);
    EXPECT_EQ(spin->maximum(), 100);
    EXPECT_EQ(spin->minimum(), -1);
    EXPECT_EQ(spin->value(), spin->minimum());
    EXPECT_EQ(spin->text(), SweepPointsDelegate::fixedText());
    spin->setValue(42);
    commit(points, spin, 0, "steps");
    ASSERT_TRUE(last[0]["steps"].is_number_integer());
    EXPECT_EQ(last[0]["steps"], 42);

    // A float: a number field; a number past the declared range is clamped into it.
    auto scale = open_cell(points, 0, "scale");
    auto* edit = qobject_cast<QLineEdit*>(scale.get());
    ASSERT_NE(edit, nullptr);
    ASSERT_NE(edit->validator(), nullptr);
    edit->setText("2.5e-3");
    commit(points, edit, 0, "scale");
    ASSERT_TRUE(last[0]["scale"].is_number_float());
    EXPECT_DOUBLE_EQ(last[0]["scale"].get<double>(), 0.0025);
    edit->setText("12");
    commit(points, edit, 0, "scale");
    EXPECT_DOUBLE_EQ(last[0]["scale"].get<double>(), 10.0);
    EXPECT_EQ(last, nlohmann::json::parse(R"([{"mode": "fail", "on": false, "steps": 42, "scale": 10.0}])"));
    EXPECT_TRUE(points.problems().isEmpty()) << points.problems().join('\n').toStdString();

    // A string parameter keeps its plain text field.
    auto label = open_cell(points, 0, "label");
    ASSERT_NE(qobject_cast<QLineEdit*>(label.get()), nullptr);
    EXPECT_EQ(qobject_cast<QLineEdit*>(label.get())->validator(), nullptr);

    // Emptying each editor removes the key from the point: the fixed value again.
    mode_combo->setCurrentIndex(0);
    commit(points, mode_combo, 0, "mode");
    EXPECT_FALSE(last[0].contains("mode")) << last.dump();
    on_combo->setCurrentIndex(0);
    commit(points, on_combo, 0, "on");
    EXPECT_FALSE(last[0].contains("on")) << last.dump();
    spin->setValue(spin->minimum());
    commit(points, spin, 0, "steps");
    EXPECT_FALSE(last[0].contains("steps")) << last.dump();
    edit->clear();
    commit(points, edit, 0, "scale");
    EXPECT_EQ(last, nlohmann::json::parse("[{}]"));

    // A cell the typed editor cannot show (a choice the plugin does not declare) opens as
    // text, so opening it loses nothing; the check still names it.
    points.setCell(0, "mode", "crush");
    ASSERT_EQ(points.problems().size(), 1);
    auto bad = open_cell(points, 0, "mode");
    ASSERT_NE(qobject_cast<QLineEdit*>(bad.get()), nullptr);
    EXPECT_EQ(qobject_cast<QLineEdit*>(bad.get())->text(), "crush");
}

// As a user edits: the view opens the typed editor, typing and Enter commit, and a spin box
// emptied by hand is the fixed value again.
TEST(SweepPointCells, EditedThroughTheView) {
    test::ensure_app();
    const PluginInfo info = plugin();
    SweepPointsEditor points;
    points.setPlugin(&info);
    nlohmann::json last;
    QObject::connect(&points, &SweepPointsEditor::pointsEdited, [&](const nlohmann::json& p) { last = p; });
    points.addPoint();
    points.addColumn("steps");
    points.show();
    QTableWidget* table = points.table();
    const QModelIndex cell = table->model()->index(0, points.columnOf("steps"));
    table->setCurrentIndex(cell);
    table->edit(cell);
    auto* spin = qobject_cast<QSpinBox*>(table->indexWidget(cell));
    ASSERT_NE(spin, nullptr);
    spin->selectAll();
    QTest::keyClicks(spin, "250");          // past the range: the spin box refuses the last digit
    QTest::keyClick(spin, Qt::Key_Return);  // the view commits and closes the editor queued
    ASSERT_TRUE(test::wait_until([&] { return table->indexWidget(cell) == nullptr; }));
    ASSERT_TRUE(last.is_array());
    EXPECT_EQ(last[0].value("steps", nlohmann::json()), 25) << last.dump();
    table->edit(cell);
    spin = qobject_cast<QSpinBox*>(table->indexWidget(cell));
    ASSERT_NE(spin, nullptr);
    EXPECT_EQ(spin->value(), 25);
    spin->selectAll();
    QTest::keyClick(spin, Qt::Key_Delete);
    QTest::keyClick(spin, Qt::Key_Return);
    ASSERT_TRUE(test::wait_until([&] { return table->indexWidget(cell) == nullptr; }));
    EXPECT_EQ(last, nlohmann::json::parse("[{}]"));
    EXPECT_EQ(table->item(0, 0)->text(), "");
}

// Through the workbench: values set with the editors are saved exactly as the project
// format spells them, and the engine expands them.
TEST(SweepPointCells, SavedAsTheEngineReadsThem) {
    test::ensure_app();
    QTemporaryDir dir;
    const auto file = test::write_project(dir, test::fixture_project());
    MainWindow window(test::window_options());
    ASSERT_TRUE(window.openProject(QString::fromStdString(file.string())));
    ASSERT_TRUE(window.catalog().waitForLoaded(30000)) << window.catalog().lastError().toStdString();
    ExperimentEditor* editor = window.experiments()->editor();
    ASSERT_TRUE(test::wait_until([&] { return editor->field("steps") != nullptr; }));
    SweepPointsEditor* points = editor->sweepEditor()->points();

    points->addPoint();
    for (const char* name : {"steps", "mode", "write_artifact"}) points->addColumn(name);
    points->addPoint();
    auto steps = open_cell(*points, 0, "steps");
    qobject_cast<QSpinBox*>(steps.get())->setValue(15);
    commit(*points, steps.get(), 0, "steps");
    auto mode = open_cell(*points, 1, "mode");
    ASSERT_NE(qobject_cast<QComboBox*>(mode.get()), nullptr);
    qobject_cast<QComboBox*>(mode.get())->setCurrentText("crash");
    commit(*points, mode.get(), 1, "mode");
    auto flag = open_cell(*points, 1, "write_artifact");
    qobject_cast<QComboBox*>(flag.get())->setCurrentText("true");
    commit(*points, flag.get(), 1, "write_artifact");
    EXPECT_TRUE(points->problems().isEmpty());

    QString error;
    ASSERT_TRUE(window.document().save(&error)) << error.toStdString();
    const Project saved = Project::load(file);
    EXPECT_EQ(saved.experiments[0].sweep["points"],
              nlohmann::json::parse(R"([{"steps": 15}, {"mode": "crash", "write_artifact": true}])"))
        << saved.experiments[0].sweep.dump();
    const PluginInfo* info = window.catalog().find("fixture");
    ASSERT_NE(info, nullptr);
    Problems problems("test");
    const auto runs = expand_sweep(saved.experiments[0], *info, problems, "");
    ASSERT_TRUE(problems.empty()) << problems.texts().front();
    ASSERT_EQ(runs.size(), 10u);  // (3 grid values + 2 points) x 2 seeds
    EXPECT_EQ(runs[6].params["steps"], 15);
    EXPECT_EQ(runs[8].params["mode"], "crash");
    EXPECT_EQ(runs[8].params["write_artifact"], true);
}
