// The open project: the sextant::Project the GUI edits, its file, and whether it has
// unsaved changes. The project file stays the single source of truth: what is saved here
// is exactly what `sextant-cli run` runs. Edits go through an undo stack; the document is
// modified exactly when the stack is away from where it was last saved (or plot choices,
// which are view state and not undoable, changed since).
#pragma once

#include "project/project.hpp"

#include <QObject>
#include <QString>
#include <QUndoStack>

#include <functional>

namespace sextant::ui {

class ProjectDocument final : public QObject {
    Q_OBJECT
public:
    explicit ProjectDocument(QObject* parent = nullptr);

    // Replaces the document; false with a message (every problem the loader found) on failure.
    bool open(const QString& path, QString* error);
    // A new project, saved at once so that its results have a place to live.
    bool create(const QString& path, Project project, QString* error);
    bool save(QString* error);
    bool saveAs(const QString& path, QString* error);
    void close();

    bool isOpen() const { return !path_.isEmpty(); }
    bool isModified() const { return modified_; }
    QString path() const { return path_; }
    QString databasePath() const;
    QString displayName() const;
    const Project& project() const { return project_; }

    int experimentCount() const { return static_cast<int>(project_.experiments.size()); }
    const Experiment* experiment(int index) const;
    int indexOf(const std::string& name) const;
    // Every edit goes through here: one undoable step named `what` ("Edit scale"); consecutive
    // edits of the same `field` ("params.scale") merge into one step. No change, no step.
    void editExperiment(int index, const std::function<void(Experiment&)>& edit, const QString& what = {},
                        const QString& field = {});
    int addExperiment(Experiment experiment);  // a unique name is made when needed; undoable
    void removeExperiment(int index);          // undoable
    // Plot choices saved with the experiment: they make the document modified but are not
    // undo steps (undoing a parameter does not move the plot's axes).
    void setExperimentPlots(int index, const nlohmann::json& plots);
    QUndoStack* undoStack() { return &undo_; }
    // Layout state saved with the project (Project::ui); does not count as an edit.
    void setUiState(const std::string& key, const nlohmann::json& value);
    nlohmann::json uiState(const std::string& key) const;

    std::string uniqueExperimentName(const std::string& wanted) const;

Q_SIGNALS:
    void projectReplaced();  // opened, created or closed
    void experimentChanged(int index);
    void experimentsChanged();  // added or removed
    void modifiedChanged(bool modified);
    void saved(const QString& path);

private:
    friend class EditExperimentCommand;
    friend class AddRemoveExperimentCommand;
    // What the undo commands do; each tells the views.
    void putExperiment(int index, const Experiment& experiment);  // keeps its current plot choices
    void insertExperiment(int index, const Experiment& experiment);
    Experiment takeExperiment(int index);
    void replaced();  // a new project: nothing to undo, nothing unsaved
    void updateModified();

    Project project_;
    QString path_;
    QUndoStack undo_;
    bool plots_modified_ = false;
    bool modified_ = false;
};

}  // namespace sextant::ui
