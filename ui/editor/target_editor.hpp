// Where an experiment's runs execute: the target kind, and for a `cluster` target its Slurm
// fields (host, workdir, partition, account, time, resources per run, ranks, concurrency,
// setup line) as typed fields instead of JSON. Empty fields are left out of the file and
// show their default as a placeholder; values are checked by the engine's own
// parse_cluster_target (what `sextant-cli validate` and `run` use) and its message is shown
// under the field it is about. Other kinds keep a JSON line for their settings.
#pragma once

#include "sextant/declarations.hpp"

#include <nlohmann/json.hpp>

#include <QWidget>

#include <map>
#include <string>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace sextant::ui {

class TargetEditor final : public QWidget {
    Q_OBJECT
public:
    explicit TargetEditor(QWidget* parent = nullptr);

    // The kinds offered come from the plugin's declared targets (a plugin that runs "local"
    // runs on "cluster" too); its declared run resources are the placeholders of cpus,
    // gpus and memory. nullptr: declarations not read yet.
    void setPlugin(const PluginInfo* plugin);
    // Shows a target without emitting edited().
    void setTarget(const nlohmann::json& target);
    // Another experiment is shown: the cluster fields kept from before a switch to another
    // kind belong to the last one.
    void forgetCluster() { last_cluster_ = nullptr; }

    QComboBox* kindBox() const { return kind_; }
    // The editor of a cluster field ("time", "cpus_per_run", ...); nullptr for an unknown name.
    QWidget* fieldEditor(const std::string& field) const;
    // The engine's message about a field, as shown under it; empty when the value is good.
    QString fieldError(const std::string& field) const;
    // Problems that belong to no field (an unknown field typed into the file).
    QString otherErrors() const;
    bool clusterFieldsShown() const;

Q_SIGNALS:
    // The whole new target; `field` names what changed ("target.time") so that consecutive
    // edits of one field merge into one undo step.
    void edited(const nlohmann::json& target, const QString& what, const QString& field);

private:
    struct Field {
        QWidget* editor = nullptr;  // QLineEdit, or the scheduler's QComboBox
        QLabel* error = nullptr;
        QWidget* row = nullptr;
    };
    void addField(const std::string& name, const QString& label, QWidget* editor, const QString& help);
    void editField(const std::string& name, const nlohmann::json& value);  // null: leave it out
    void setKind(const QString& kind);
    void showErrors();
    void showKind();
    void updatePlaceholders();

    QFormLayout* form_ = nullptr;
    QComboBox* kind_ = nullptr;
    QLineEdit* settings_ = nullptr;  // other kinds' settings as JSON
    QLabel* other_errors_ = nullptr;
    std::map<std::string, Field> fields_;
    nlohmann::json target_ = nlohmann::json::object();
    nlohmann::json last_cluster_;  // the cluster fields before switching away, restored on switching back
    RunResources resources_;
    bool have_plugin_ = false;
};

// Reads what was typed into a number field: an integer or a number as JSON; anything else is
// kept as the typed string, so the engine's check names it. Empty: null (the field is left out).
nlohmann::json typed_number(const QString& text);

}  // namespace sextant::ui
