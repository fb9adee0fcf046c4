// The sweep editor writes exactly what sextant-cli expands: random samples and explicit
// points are edited through the widgets, saved, and the saved file is expanded by the
// engine (expand_sweep, what check_experiment and `sextant-cli run` use) and validated by
// the real CLI.
#include "editor/experiment_editor.hpp"
#include "editor/experiments_panel.hpp"
#include "editor/param_field.hpp"
#include "editor/random_sweep_editor.hpp"
#include "editor/sweep_axes_editor.hpp"
#include "editor/sweep_editor.hpp"
#include "editor/sweep_points_editor.hpp"
#include "gui_test_support.hpp"
#include "params/sweep_expansion.hpp"
#include "window/main_window.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QUndoStack>

#include <gtest/gtest.h>

#include <set>

using namespace sextant;
using namespace sextant::ui;

namespace {

// Types into a cell widget of the random axes' table as a user would.
void type_into(QTableWidget* table, int row, int column, const QString& text) {
    auto* edit = qobject_cast<QLineEdit*>(table->cellWidget(row, column));
    ASSERT_NE(edit, nullptr);
    edit->selectAll();
    QTest::keyClicks(edit, text);
}

void choose(QTableWidget* table, int row, int column, const QString& text) {
    auto* combo = qobject_cast<QComboBox*>(table->cellWidget(row, column));
    ASSERT_NE(combo, nullptr);
    combo->setCurrentText(text);
}

std::vector<SweepPoint> expand(const Experiment& x, const PluginInfo& info) {
    Problems problems("test");
    auto runs = expand_sweep(x, info, problems, "");
    EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : problems.texts().front());
    return runs;
}

struct Open {
    QTemporaryDir dir;
    std::filesystem::path file;
    std::unique_ptr<MainWindow> window;
    ExperimentEditor* editor = nullptr;
    SweepEditor* sweep = nullptr;
};

void open_fixture(Open& o) {
    o.file = test::write_project(o.dir, test::fixture_project());
    o.window = std::make_unique<MainWindow>(test::window_options());
    ASSERT_TRUE(o.window->openProject(QString::fromStdString(o.file.string())));
    ASSERT_TRUE(o.window->catalog().waitForLoaded(30000)) << o.window->catalog().lastError().toStdString();
    o.editor = o.window->experiments()->editor();
    ASSERT_TRUE(test::wait_until([&] { return o.editor->field("steps") != nullptr; }));
    o.sweep = o.editor->sweepEditor();
}

}  // namespace

TEST(SweepEditing, RandomAndPointsAreSavedAsTheCliExpandsThem) {
    test::ensure_app();
    Open o;
    open_fixture(o);
    EXPECT_EQ(o.editor->check().runs, 6u);  // grid scale {1, 2, 4} x 2 seeds
    EXPECT_EQ(o.sweep->tabs()->tabText(1), "Random (off)");

    // Random: 4 samples from seed 7 of steps ~ uniform [10, 20] and mode ~ {normal, fail}.
    RandomSweepEditor* random = o.sweep->random();
    random->onBox()->setChecked(true);  // starts with one axis
    QTableWidget* axes = random->table();
    ASSERT_EQ(axes->rowCount(), 1);
    choose(axes, 0, 0, "steps");
    choose(axes, 0, 1, "uniform");
    type_into(axes, 0, 2, "10, 20");
    random->addAxis("mode");
    type_into(axes, 1, 2, "normal, fail");
    random->countBox()->setValue(4);
    random->seedBox()->setValue(7);
    EXPECT_EQ(o.editor->check().runs, 24u) << o.editor->runCountLabel()->text().toStdString();  // 3 x 4 x 2
    EXPECT_NE(o.editor->runCountLabel()->text().indexOf("24 run"), -1);
    EXPECT_EQ(o.sweep->tabs()->tabText(1), "Random (4 samples)");
    EXPECT_FALSE(o.editor->field("steps")->editor()->isEnabled()) << "a random axis varies steps";

    // Points: {steps 15, scale 3.5} and {steps 7, mode crash}; a bad cell is named inline.
    SweepPointsEditor* points = o.sweep->points();
    points->addPoint();
    ASSERT_EQ(points->columns(), std::vector<std::string>{"steps"});
    points->setCell(0, "steps", "15");
    points->addColumn("scale");
    points->setCell(0, "scale", "3.5");
    points->addPoint();
    points->addColumn("mode");
    points->setCell(1, "mode", "crash");
    points->setCell(1, "steps", "-3");
    ASSERT_EQ(points->problems().size(), 1);
    EXPECT_TRUE(points->problems()[0].startsWith("point 2, steps: expected an integer in [0, "))
        << points->problems()[0].toStdString();
    EXPECT_TRUE(points->problems()[0].endsWith("got -3"));
    EXPECT_TRUE(points->problemsLabel()->isVisibleTo(points));
    EXPECT_EQ(o.editor->check().runs, 0u);  // the check refuses it too: no run count
    EXPECT_NE(o.editor->runCountLabel()->text().indexOf("Cannot run"), -1);
    points->setCell(1, "mode", "crush");
    ASSERT_EQ(points->problems().size(), 2);
    EXPECT_TRUE(points->problems()[1].startsWith("point 2, mode: ")) << points->problems()[1].toStdString();
    points->setCell(1, "mode", "crash");
    points->setCell(1, "steps", "7");
    EXPECT_TRUE(points->problems().isEmpty());
    EXPECT_EQ(o.editor->check().runs, 28u);  // (3 x 4 + 2) x 2
    EXPECT_EQ(o.sweep->tabs()->tabText(2), "Points (2)");

    // Saved exactly as the project format spells it.
    QString error;
    ASSERT_TRUE(o.window->document().save(&error)) << error.toStdString();
    const Project saved = Project::load(o.file);
    const nlohmann::json expected_sweep = nlohmann::json::parse(R"({
        "grid": [{"param": "scale", "values": [1, 2, 4]}],
        "random": {"count": 4, "seed": 7, "axes": [
            {"param": "steps", "uniform": {"from": 10, "to": 20}},
            {"param": "mode", "choice": ["normal", "fail"]}]},
        "points": [{"steps": 15, "scale": 3.5}, {"steps": 7, "mode": "crash"}]})");
    EXPECT_EQ(saved.experiments[0].sweep, expected_sweep) << saved.experiments[0].sweep.dump();

    // The engine's expansion of the saved file: the runs the editor counted, the random
    // samples within their ranges, the points last with the fixed values filled in.
    const PluginInfo* info = o.window->catalog().find("fixture");
    ASSERT_NE(info, nullptr);
    const auto runs = expand(saved.experiments[0], *info);
    ASSERT_EQ(runs.size(), 28u);
    std::set<std::string> modes;
    std::set<long long> steps;
    for (std::size_t i = 0; i < 24; ++i) {
        const auto& p = runs[i].params;
        EXPECT_GE(p["steps"].get<long long>(), 10);
        EXPECT_LE(p["steps"].get<long long>(), 20);
        modes.insert(p["mode"].get<std::string>());
        steps.insert(p["steps"].get<long long>());
        EXPECT_EQ(p["scale"], (std::vector<int>{1, 2, 4})[i / 8]);
    }
    EXPECT_EQ(modes, (std::set<std::string>{"normal", "fail"})) << "4 draws from seed 7 hit both";
    EXPECT_GT(steps.size(), 1u);
    EXPECT_EQ(runs[24].params["steps"], 15);
    EXPECT_EQ(runs[24].params["scale"], 3.5);
    EXPECT_EQ(runs[24].params["mode"], "normal");  // fixed value (the default)
    EXPECT_EQ(runs[26].params["steps"], 7);
    EXPECT_EQ(runs[26].params["mode"], "crash");
    EXPECT_EQ(runs[26].params["scale"], 1.0);  // fixed value (the default)
    EXPECT_EQ(runs[26].seed, 0u);
    EXPECT_EQ(runs[27].seed, 1u);

    // The same draws from an experiment written by hand.
    Experiment by_hand = test::fixture_project().experiments[0];
    by_hand.sweep = expected_sweep;
    const auto hand_runs = expand(by_hand, *info);
    ASSERT_EQ(hand_runs.size(), runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i) EXPECT_EQ(hand_runs[i].params, runs[i].params) << i;

    // And sextant-cli, reading the saved file, counts the same runs.
    QProcess cli;
    cli.start(SEXTANT_CLI, {"validate", QString::fromStdString(o.file.string())});
    ASSERT_TRUE(cli.waitForFinished(30000));
    const QString out = QString::fromUtf8(cli.readAllStandardOutput());
    EXPECT_EQ(cli.exitCode(), 0) << out.toStdString() << cli.readAllStandardError().toStdString();
    EXPECT_NE(out.indexOf("28 runs"), -1) << out.toStdString();
}

TEST(SweepEditing, ReopenedProjectShowsItsRandomAxesAndPoints) {
    test::ensure_app();
    Open o;
    Project project = test::fixture_project();
    project.experiments[0].sweep = nlohmann::json::parse(R"({
        "random": {"count": 3, "seed": 2, "axes": [{"param": "scale", "log_uniform": {"from": 0.01, "to": 10}}]},
        "points": [{"mode": "fail"}]})");
    o.file = test::write_project(o.dir, project);
    o.window = std::make_unique<MainWindow>(test::window_options());
    ASSERT_TRUE(o.window->openProject(QString::fromStdString(o.file.string())));
    ASSERT_TRUE(o.window->catalog().waitForLoaded(30000));
    o.editor = o.window->experiments()->editor();
    ASSERT_TRUE(test::wait_until([&] { return o.editor->field("steps") != nullptr; }));
    o.sweep = o.editor->sweepEditor();
    RandomSweepEditor* random = o.sweep->random();
    EXPECT_TRUE(random->isOn());
    EXPECT_EQ(random->countBox()->value(), 3);
    EXPECT_EQ(random->seedBox()->value(), 2);
    ASSERT_EQ(random->table()->rowCount(), 1);
    EXPECT_EQ(qobject_cast<QComboBox*>(random->table()->cellWidget(0, 1))->currentText(), "log_uniform");
    EXPECT_EQ(qobject_cast<QLineEdit*>(random->table()->cellWidget(0, 2))->text(), "0.01, 10");
    EXPECT_EQ(o.sweep->points()->columns(), std::vector<std::string>{"mode"});
    EXPECT_EQ(o.sweep->points()->table()->item(0, 0)->text(), "fail");
    EXPECT_EQ(o.editor->check().runs, 8u);  // (3 samples + 1 point) x 2 seeds

    // A range that does not read keeps the last good samples (and says why on the row).
    type_into(random->table(), 0, 2, "0.01");
    EXPECT_EQ(o.window->document().project().experiments[0].sweep["random"]["axes"][0]["log_uniform"]["to"], 10);
    EXPECT_FALSE(random->table()->cellWidget(0, 2)->toolTip().isEmpty());
    // Switching sampling off removes "random" from the file; removing the point, "points".
    random->onBox()->setChecked(false);
    o.sweep->points()->removeSelectedPoints();
    EXPECT_EQ(o.window->document().project().experiments[0].sweep, nlohmann::json::object());
    EXPECT_EQ(o.editor->check().runs, 2u);
}

// A problem with a fixed value is shown under that parameter's field, found by its path
// ("params.mode"), with the name probably meant; a sweep axis's problem over the same
// parameter is not the fixed value's.
TEST(SweepEditing, AFixedValuesProblemShowsUnderItsParameter) {
    test::ensure_app();
    Project project = test::fixture_project();
    project.experiments[0].params = {{"steps", -3}, {"mode", "fial"}};
    project.experiments[0].sweep = {{"grid", {{{"param", "scale"}, {"values", {1, -2}}}}}};
    QTemporaryDir dir;
    const auto file = test::write_project(dir, project);
    MainWindow window(test::window_options());
    ASSERT_TRUE(window.openProject(QString::fromStdString(file.string())));
    ASSERT_TRUE(window.catalog().waitForLoaded(30000)) << window.catalog().lastError().toStdString();
    ExperimentEditor* editor = window.experiments()->editor();
    ASSERT_TRUE(
        test::wait_until([&] { return editor->field("steps") != nullptr && !editor->check().problems.empty(); }));

    EXPECT_EQ(editor->field("steps")->error(), "expected an integer in [0, 10000000], got -3");
    EXPECT_EQ(editor->field("mode")->error(),
              "expected one of normal, fail, crash, exit, got \"fial\" (did you mean 'fail'?)");
    EXPECT_TRUE(editor->field("scale")->error().isEmpty());  // its problem is the grid's
    std::set<std::string> paths;
    for (const auto& p : editor->check().problems) paths.insert(p.path);
    EXPECT_EQ(paths, (std::set<std::string>{"params.steps", "params.mode", "sweep.grid[0].values[1]"}));
}

// Each tab's edit writes its part as the engine writes it (to_json) - the grid editor's ends
// as floats, the random editor's as typed, as before the editors built typed sweeps - under
// its own undo step ("sweep.grid", "sweep.random", "sweep.points": a tab's edits merge).
TEST(SweepEditing, AnEditInEachTabWritesThatPartOfTheProjectFile) {
    test::ensure_app();
    Open o;
    open_fixture(o);
    QUndoStack* undo = o.window->document().undoStack();
    const auto sweep = [&] { return o.window->document().project().experiments[0].sweep.dump(); };
    const std::string before = sweep();
    EXPECT_EQ(before, R"({"grid":[{"param":"scale","values":[1,2,4]}]})");

    // Grid: a linear axis over steps, typed in two goes (one undo step). The grid is read
    // back from its rows, so scale's values are now read as the float parameter reads them.
    SweepAxesEditor* grid = o.sweep->grid();
    grid->addAxis("steps");
    choose(grid->table(), 1, 1, "linear");
    type_into(grid->table(), 1, 2, "4, 16, 3");
    EXPECT_EQ(sweep(), R"({"grid":[{"param":"scale","values":[1.0,2.0,4.0]},)"
                       R"({"linear":{"count":3,"from":4.0,"to":16.0},"param":"steps"}]})");
    EXPECT_EQ(undo->undoText(), "Edit the sweep's grid");
    EXPECT_EQ(undo->count(), 1);
    EXPECT_EQ(o.sweep->tabs()->tabText(0), "Grid (2 axes)");

    // Random: 4 samples from seed 7 of mode ~ {normal, fail}, steps ~ uniform [10, 20].
    RandomSweepEditor* random = o.sweep->random();
    random->onBox()->setChecked(true);
    choose(random->table(), 0, 0, "steps");
    choose(random->table(), 0, 1, "uniform");
    type_into(random->table(), 0, 2, "10, 20.5");
    random->addAxis("mode");
    random->countBox()->setValue(4);
    random->seedBox()->setValue(7);
    EXPECT_EQ(sweep(), R"({"grid":[{"param":"scale","values":[1.0,2.0,4.0]},)"
                       R"({"linear":{"count":3,"from":4.0,"to":16.0},"param":"steps"}],)"
                       R"("random":{"axes":[{"param":"steps","uniform":{"from":10,"to":20.5}},)"
                       R"({"choice":["normal","fail","crash","exit"],"param":"mode"}],"count":4,"seed":7}})");
    EXPECT_EQ(undo->undoText(), "Edit the random samples");
    EXPECT_EQ(undo->count(), 2);

    // Points: one point of steps 15, scale 3.5.
    SweepPointsEditor* points = o.sweep->points();
    points->addPoint();
    points->setCell(0, "steps", "15");
    points->addColumn("scale");
    points->setCell(0, "scale", "3.5");
    EXPECT_EQ(sweep(), R"({"grid":[{"param":"scale","values":[1.0,2.0,4.0]},)"
                       R"({"linear":{"count":3,"from":4.0,"to":16.0},"param":"steps"}],)"
                       R"("points":[{"scale":3.5,"steps":15}],)"
                       R"("random":{"axes":[{"param":"steps","uniform":{"from":10,"to":20.5}},)"
                       R"({"choice":["normal","fail","crash","exit"],"param":"mode"}],"count":4,"seed":7}})");
    EXPECT_EQ(undo->undoText(), "Edit the sweep's points");
    EXPECT_EQ(undo->count(), 3);
    EXPECT_EQ(o.editor->check().runs, (3u * 3 * 4 + 1) * 2);

    // Three undo steps, one per tab, give back the file as it was.
    for (int i = 0; i < 3; ++i) undo->undo();
    EXPECT_EQ(sweep(), before);
    EXPECT_EQ(o.sweep->tabs()->tabText(1), "Random (off)");
    EXPECT_EQ(o.sweep->tabs()->tabText(2), "Points (0)");
}
