#include "document/project_commands.hpp"

#include "document/project_document.hpp"

namespace sextant::ui {

EditExperimentCommand::EditExperimentCommand(ProjectDocument& document, int index, Experiment before, Experiment after,
                                             const QString& text, const QString& field)
    : QUndoCommand(text),
      document_(document),
      index_(index),
      before_(std::move(before)),
      after_(std::move(after)),
      field_(field) {}

void EditExperimentCommand::undo() { document_.putExperiment(index_, before_); }
void EditExperimentCommand::redo() { document_.putExperiment(index_, after_); }

bool EditExperimentCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = static_cast<const EditExperimentCommand*>(other);
    if (field_.isEmpty() || next->field_ != field_ || next->index_ != index_) return false;
    after_ = next->after_;
    // Typed back to where it started: nothing left to undo.
    setObsolete(experiment_to_json(after_) == experiment_to_json(before_));
    return true;
}

AddRemoveExperimentCommand::AddRemoveExperimentCommand(ProjectDocument& document, int index, Experiment experiment,
                                                       bool adding)
    : QUndoCommand(adding ? QObject::tr("Add experiment %1").arg(QString::fromStdString(experiment.name))
                          : QObject::tr("Remove experiment %1").arg(QString::fromStdString(experiment.name))),
      document_(document),
      index_(index),
      experiment_(std::move(experiment)),
      adding_(adding) {}

void AddRemoveExperimentCommand::undo() {
    if (adding_) document_.takeExperiment(index_);
    else document_.insertExperiment(index_, experiment_);
}

void AddRemoveExperimentCommand::redo() {
    if (adding_) document_.insertExperiment(index_, experiment_);
    else experiment_ = document_.takeExperiment(index_);  // with the plot choices it had then
}

}  // namespace sextant::ui
