// The project's experiments: a list to pick one (add, duplicate, remove) above its editor.
#pragma once

#include <QWidget>

class QListWidget;

namespace sextant::ui {

class ExperimentEditor;
class PluginCatalog;
class ProjectDocument;

class ExperimentsPanel final : public QWidget {
    Q_OBJECT
public:
    ExperimentsPanel(ProjectDocument& document, PluginCatalog& catalog, QWidget* parent = nullptr);

    int current() const;
    void setCurrent(int index);
    ExperimentEditor* editor() const { return editor_; }
    QListWidget* list() const { return list_; }
    // Adds an experiment of this plugin with every parameter at its default.
    int addExperiment(const std::string& plugin_id);

Q_SIGNALS:
    void currentChanged(int index);

private:
    void fillList();
    void chooseAndAdd();

    ProjectDocument& document_;
    PluginCatalog& catalog_;
    QListWidget* list_ = nullptr;
    ExperimentEditor* editor_ = nullptr;
};

}  // namespace sextant::ui
