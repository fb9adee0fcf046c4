// The undoable edits of a project: changing one experiment, adding one, removing one. Each
// keeps the experiment before and after, so undo and redo just put one of them back.
#pragma once

#include "project/project.hpp"

#include <QString>
#include <QUndoCommand>

namespace sextant::ui {

class ProjectDocument;

// An edit of one experiment (a parameter, the sweep, the target, its name...). Consecutive
// edits of the same field (`field`, e.g. "params.scale") merge into one step, so typing a
// number is undone at once rather than a digit at a time.
class EditExperimentCommand final : public QUndoCommand {
public:
    EditExperimentCommand(ProjectDocument& document, int index, Experiment before, Experiment after,
                          const QString& text, const QString& field);
    void undo() override;
    void redo() override;
    int id() const override { return 1; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    ProjectDocument& document_;
    int index_;
    Experiment before_, after_;
    QString field_;
};

// Adds (or, with `adding` false, removes) the experiment at `index`.
class AddRemoveExperimentCommand final : public QUndoCommand {
public:
    AddRemoveExperimentCommand(ProjectDocument& document, int index, Experiment experiment, bool adding);
    void undo() override;
    void redo() override;

private:
    ProjectDocument& document_;
    int index_;
    Experiment experiment_;
    bool adding_;
};

}  // namespace sextant::ui
