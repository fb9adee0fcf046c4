// The target editor offers a cluster target's fields instead of JSON: shown only for the
// cluster kind, defaults as placeholders, values checked by the engine's own
// parse_cluster_target (its message under the field), and saved so that the engine (and
// `sextant-cli validate`) reads back exactly the target that was typed.
#include "cluster/cluster_target.hpp"
#include "editor/experiment_editor.hpp"
#include "editor/experiments_panel.hpp"
#include "editor/param_field.hpp"
#include "editor/target_editor.hpp"
#include "gui_test_support.hpp"
#include "window/main_window.hpp"

#include <QComboBox>
#include <QLineEdit>
#include <QProcess>
#include <QTest>

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::ui;
using nlohmann::json;

namespace {

struct Open {
    QTemporaryDir dir;
    std::filesystem::path file;
    std::unique_ptr<MainWindow> window;
    ExperimentEditor* editor = nullptr;
    TargetEditor* target = nullptr;
};

void open_project(Open& o, const Project& project) {
    o.file = test::write_project(o.dir, project);
    o.window = std::make_unique<MainWindow>(test::window_options());
    ASSERT_TRUE(o.window->openProject(QString::fromStdString(o.file.string())));
    ASSERT_TRUE(o.window->catalog().waitForLoaded(30000)) << o.window->catalog().lastError().toStdString();
    o.editor = o.window->experiments()->editor();
    ASSERT_TRUE(test::wait_until([&] { return o.editor->field("steps") != nullptr; }));
    o.target = o.editor->targetEditor();
}

void choose_kind(TargetEditor* target, const QString& kind) {
    QComboBox* box = target->kindBox();
    ASSERT_GE(box->findText(kind), 0) << kind.toStdString();
    box->setCurrentText(kind);
    Q_EMIT box->activated(box->currentIndex());
}

// Types into a field as a user does: select all, type, leave the field.
void type_into(TargetEditor* target, const std::string& field, const QString& text) {
    auto* edit = qobject_cast<QLineEdit*>(target->fieldEditor(field));
    ASSERT_NE(edit, nullptr) << field;
    edit->selectAll();
    edit->del();
    QTest::keyClicks(edit, text);
    Q_EMIT edit->editingFinished();
}

QString placeholder(TargetEditor* target, const std::string& field) {
    return qobject_cast<QLineEdit*>(target->fieldEditor(field))->placeholderText();
}

json saved_target(const Open& o) { return Project::load(o.file).experiments[0].target; }

}  // namespace

TEST(TargetEditing, ClusterFieldsAreSavedAsTheCliReadsThem) {
    test::ensure_app();
    Open o;
    open_project(o, test::fixture_project());
    EXPECT_FALSE(o.target->clusterFieldsShown());
    choose_kind(o.target, "cluster");  // offered: the fixture plugin runs "local"
    EXPECT_TRUE(o.target->clusterFieldsShown());
    EXPECT_EQ(o.window->document().project().experiments[0].target,
              json({{"kind", "cluster"}, {"scheduler", "slurm"}}));

    // Defaults as placeholders: the engine's, and the plugin's declared needs.
    const ClusterTarget defaults;
    const PluginInfo* info = o.window->catalog().find("fixture");
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(placeholder(o.target, "workdir"), QString::fromStdString(defaults.workdir));
    EXPECT_EQ(placeholder(o.target, "nodes_per_run"), "1");
    EXPECT_TRUE(placeholder(o.target, "cpus_per_run").startsWith(QString::number(info->resources.cpus) + " "))
        << placeholder(o.target, "cpus_per_run").toStdString();
    EXPECT_EQ(placeholder(o.target, "max_concurrent"), "no limit");

    type_into(o.target, "host", "alice@login.cluster.edu");
    type_into(o.target, "workdir", "/scratch/alice/my runs");
    type_into(o.target, "partition", "gpu");
    type_into(o.target, "account", "lab");
    type_into(o.target, "time", "00:30:00");
    type_into(o.target, "cpus_per_run", "4");
    type_into(o.target, "gpus_per_run", "1");
    type_into(o.target, "mem_gb", "16.5");
    type_into(o.target, "nodes_per_run", "2");
    type_into(o.target, "tasks_per_node", "2");
    type_into(o.target, "max_concurrent", "64");
    type_into(o.target, "setup", "module load sextant && export X='a b'");
    type_into(o.target, "account", "");  // emptied: left out, the cluster's default
    for (const auto& f : cluster_target_fields())
        if (o.target->fieldEditor(f)) {
            EXPECT_TRUE(o.target->fieldError(f).isEmpty()) << f;
        }
    EXPECT_TRUE(o.editor->check().problems.empty()) << problem_line(o.editor->check().problems.front());

    QString error;
    ASSERT_TRUE(o.window->document().save(&error)) << error.toStdString();
    const json expected = {{"kind", "cluster"},
                           {"scheduler", "slurm"},
                           {"host", "alice@login.cluster.edu"},
                           {"workdir", "/scratch/alice/my runs"},
                           {"partition", "gpu"},
                           {"time", "00:30:00"},
                           {"cpus_per_run", 4},
                           {"gpus_per_run", 1},
                           {"mem_gb", 16.5},
                           {"nodes_per_run", 2},
                           {"tasks_per_node", 2},
                           {"max_concurrent", 64},
                           {"setup", "module load sextant && export X='a b'"}};
    const json saved = saved_target(o);
    EXPECT_EQ(saved, expected) << saved.dump();
    EXPECT_TRUE(saved["cpus_per_run"].is_number_integer());  // what parse_cluster_target requires

    // The engine reads the saved target as what was typed.
    const ClusterTarget t = parse_cluster_target(saved);
    EXPECT_EQ(t.host, "alice@login.cluster.edu");
    EXPECT_EQ(t.workdir, "/scratch/alice/my runs");
    EXPECT_EQ(t.account, "");
    EXPECT_EQ(t.time, "00:30:00");
    EXPECT_EQ(t.cpus_per_run, 4);
    EXPECT_EQ(t.mem_gb, 16.5);
    EXPECT_EQ(t.ranks(), 4);
    EXPECT_EQ(t.max_concurrent, 64);
    QProcess cli;
    cli.start(SEXTANT_CLI, {"validate", QString::fromStdString(o.file.string())});
    ASSERT_TRUE(cli.waitForFinished(30000));
    EXPECT_EQ(cli.exitCode(), 0) << cli.readAllStandardOutput().toStdString()
                                 << cli.readAllStandardError().toStdString();

    // Reopened: the fields show the file's values.
    Open again;
    open_project(again, Project::load(o.file));
    EXPECT_TRUE(again.target->clusterFieldsShown());
    EXPECT_EQ(qobject_cast<QLineEdit*>(again.target->fieldEditor("time"))->text(), "00:30:00");
    EXPECT_EQ(qobject_cast<QLineEdit*>(again.target->fieldEditor("mem_gb"))->text(), "16.5");
    EXPECT_EQ(qobject_cast<QLineEdit*>(again.target->fieldEditor("account"))->text(), "");

    // Back to local: the cluster fields go (from view and file), and come back on switching again.
    choose_kind(o.target, "local");
    EXPECT_FALSE(o.target->clusterFieldsShown());
    EXPECT_EQ(o.window->document().project().experiments[0].target, json({{"kind", "local"}}));
    choose_kind(o.target, "cluster");
    EXPECT_EQ(o.window->document().project().experiments[0].target, expected);
}

TEST(TargetEditing, AnInvalidValueShowsTheEnginesMessageAgainstItsField) {
    test::ensure_app();
    Open o;
    Project p = test::fixture_project();
    p.experiments[0].target = {{"kind", "cluster"}, {"scheduler", "slurm"}, {"partiton", "gpu"}};
    open_project(o, p);
    // A misspelt field typed into the file: the engine's did-you-mean, beside the fields.
    EXPECT_NE(o.target->otherErrors().indexOf("partiton: unknown field of a cluster target (did you mean "
                                              "'partition'?)"),
              -1)
        << o.target->otherErrors().toStdString();

    type_into(o.target, "time", "half an hour");
    type_into(o.target, "cpus_per_run", "four");
    type_into(o.target, "host", "-oProxyCommand=x");
    const json target = o.window->document().project().experiments[0].target;
    EXPECT_EQ(target["time"], "half an hour");  // kept as typed, so the check names it
    EXPECT_EQ(target["cpus_per_run"], "four");

    // Exactly the engine's messages, each under its own field.
    Problems problems("target");
    parse_cluster_target(target, problems, "target");
    auto engine_says = [&](const std::string& field) {
        for (const auto& p : problems.items())
            if (p.path == "target." + field) return QString::fromStdString(p.message);
        return QString();
    };
    EXPECT_EQ(o.target->fieldError("time"),
              "expected a Slurm time limit (MM, MM:SS, HH:MM:SS or D-HH:MM:SS), got \"half an hour\"");
    EXPECT_EQ(o.target->fieldError("time"), engine_says("time"));
    EXPECT_EQ(o.target->fieldError("cpus_per_run"), engine_says("cpus_per_run"));
    EXPECT_NE(o.target->fieldError("cpus_per_run").indexOf("expected an integer in [1, 4096]"), -1);
    EXPECT_EQ(o.target->fieldError("host"), engine_says("host"));
    EXPECT_FALSE(o.target->fieldError("host").isEmpty());
    EXPECT_TRUE(o.target->fieldError("workdir").isEmpty());
    // The experiment cannot run, and says why.
    EXPECT_EQ(o.editor->check().runs, 0u);
    bool named = false;
    for (const auto& pr : o.editor->check().problems)
        named = named || (pr.path == "target.time" && pr.message.rfind("expected", 0) == 0);
    EXPECT_TRUE(named);

    // Fixed: the message goes.
    type_into(o.target, "time", "1-00:00:00");
    EXPECT_TRUE(o.target->fieldError("time").isEmpty());
    EXPECT_EQ(o.window->document().project().experiments[0].target["time"], "1-00:00:00");
}
