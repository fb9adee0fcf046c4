// An experiment's whole sweep, in three tabs as the project file has three parts: the grid
// axes, the seeded random samples and the explicit points. Each tab's title says how much
// of its kind there is. Edits come out one part at a time, so an undo step is "the grid",
// "the random samples" or "the points".
#pragma once

#include "params/sweep.hpp"
#include "sextant/declarations.hpp"

#include <nlohmann/json.hpp>

#include <QWidget>

class QTabWidget;

namespace sextant::ui {

class RandomSweepEditor;
class SweepAxesEditor;
class SweepPointsEditor;

class SweepEditor final : public QWidget {
    Q_OBJECT
public:
    explicit SweepEditor(QWidget* parent = nullptr);

    void setPlugin(const PluginInfo* plugin);
    // Shows a sweep without emitting partEdited().
    void setSweep(const nlohmann::json& sweep);
    SweepAxesEditor* grid() const { return grid_; }
    RandomSweepEditor* random() const { return random_; }
    SweepPointsEditor* points() const { return points_; }
    QTabWidget* tabs() const { return tabs_; }

Q_SIGNALS:
    // One part was edited; `sweep` holds it as edited (and the other parts as shown). The
    // engine writes that part into the file's sweep (write_sweep_part), leaving the others.
    void partEdited(SweepPart part, const Sweep& sweep);

private:
    void edited(SweepPart part);
    void updateTitles();

    QTabWidget* tabs_ = nullptr;
    SweepAxesEditor* grid_ = nullptr;
    RandomSweepEditor* random_ = nullptr;
    SweepPointsEditor* points_ = nullptr;
    Sweep sweep_;
};

}  // namespace sextant::ui
