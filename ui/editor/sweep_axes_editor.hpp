// The grid axes of an experiment's sweep: one row per axis - the parameter it varies, how
// its values are given (a list, or linear / logarithmic spacing) and the values. Random
// samples and explicit points have their own editors (SweepEditor holds all three).
#pragma once

#include "params/sweep.hpp"
#include "sextant/declarations.hpp"

#include <QWidget>

#include <optional>
#include <vector>

class QTableWidget;

namespace sextant::ui {

class AxisTable;

class SweepAxesEditor final : public QWidget {
    Q_OBJECT
public:
    explicit SweepAxesEditor(QWidget* parent = nullptr);

    void setPlugin(const PluginInfo* plugin);
    // Shows the sweep's grid axes without emitting gridEdited().
    void setGrid(const std::vector<GridAxis>& grid);
    int axisCount() const;
    QTableWidget* table() const;
    void addAxis(const std::string& param = {});
    void removeSelectedAxes();

    // A row's text as the project file spells it: "1, 2, 4" or "0.001, 0.1, 3" (from, to, count).
    static QString axisText(const GridAxis& axis);

Q_SIGNALS:
    // The grid's axes (none: the sweep has no grid); the engine writes them (to_json).
    void gridEdited(const std::vector<GridAxis>& grid);

private:
    void rowEdited();
    std::optional<GridAxis> readRow(int row, QString* error) const;

    AxisTable* table_ = nullptr;
    bool updating_ = false;
};

}  // namespace sextant::ui
