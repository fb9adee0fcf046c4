// The choice boxes above a plot (which experiments, which metric on which axis) are refilled
// whenever results change; these keep the user's choice across the refill.
#pragma once

#include <QString>
#include <QStringList>

class QComboBox;

namespace sextant::ui {

class ProjectResults;

// Replaces the items without emitting signals, keeping `wanted` when it is still there,
// else the item at `fallback` (or the last one).
void refill_choices(QComboBox* box, const QStringList& items, const QString& wanted, int fallback);

// "All experiments", then each experiment with stored runs.
QStringList experiment_scopes(ProjectResults& results);

}  // namespace sextant::ui
