// The experiment editor, generated from the plugin's declarations: name, seeds, target (TargetEditor),
// one typed field per parameter, the sweep (grid, random samples, explicit points), and below them how many runs the
// experiment expands to and what is wrong with it - all without loading the plugin.
#pragma once

#include "editor/experiment_check.hpp"

#include <QWidget>

#include <map>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace sextant::ui {

class ParamField;
class PluginCatalog;
class ProjectDocument;
class SweepEditor;
class TargetEditor;

class ExperimentEditor final : public QWidget {
    Q_OBJECT
public:
    ExperimentEditor(ProjectDocument& document, PluginCatalog& catalog, QWidget* parent = nullptr);

    void setExperiment(int index);  // -1: nothing to edit
    int experiment() const { return index_; }
    ParamField* field(const std::string& param) const;
    SweepEditor* sweepEditor() const { return sweep_; }
    TargetEditor* targetEditor() const { return target_; }
    const ExperimentCheck& check() const { return check_; }
    QLabel* runCountLabel() const { return run_count_; }

private:
    void rebuild();
    void reload();
    void recheck();
    void edit(const std::function<void(Experiment&)>& change, const QString& what, const QString& field);

    ProjectDocument& document_;
    PluginCatalog& catalog_;
    int index_ = -1;
    bool editing_ = false;
    ExperimentCheck check_;

    QLabel* title_ = nullptr;
    QLineEdit* name_ = nullptr;
    QLabel* plugin_ = nullptr;
    TargetEditor* target_ = nullptr;
    QSpinBox* repeats_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QWidget* params_box_ = nullptr;
    QFormLayout* params_form_ = nullptr;
    std::map<std::string, ParamField*> fields_;
    SweepEditor* sweep_ = nullptr;
    QLabel* run_count_ = nullptr;
    QLabel* problems_ = nullptr;
    std::string built_for_;  // plugin id the fields were built for
};

}  // namespace sextant::ui
