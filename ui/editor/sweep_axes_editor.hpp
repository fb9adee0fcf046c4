// The grid axes of an experiment's sweep: one row per axis - the parameter it varies, how
// its values are given (a list, or linear / logarithmic spacing) and the values. Random
// samples and explicit points from the project file are kept as they are and summarised.
#pragma once

#include "sextant/declarations.hpp"

#include <nlohmann/json.hpp>

#include <QWidget>

class QLabel;
class QTableWidget;

namespace sextant::ui {

class SweepAxesEditor final : public QWidget {
    Q_OBJECT
public:
    explicit SweepAxesEditor(QWidget* parent = nullptr);

    void setPlugin(const PluginInfo* plugin);
    // Shows a sweep without emitting sweepEdited().
    void setSweep(const nlohmann::json& sweep);
    nlohmann::json sweep() const { return sweep_; }
    // Parameters some axis (grid, random) varies.
    std::vector<std::string> sweptParams() const;
    QTableWidget* table() const { return table_; }
    void addAxis(const std::string& param = {});
    void removeSelectedAxes();

    // A row's text as the project file spells it: "1, 2, 4" or "0.001, 0.1, 3" (from, to, count).
    static QString axisText(const nlohmann::json& axis);

Q_SIGNALS:
    void sweepEdited(const nlohmann::json& sweep);

private:
    void addRow(const nlohmann::json& axis);
    void rowEdited();
    nlohmann::json readRow(int row, QString* error) const;
    void showExtras();

    const PluginInfo* plugin_ = nullptr;
    nlohmann::json sweep_ = nlohmann::json::object();
    QTableWidget* table_ = nullptr;
    QLabel* extras_ = nullptr;
    bool updating_ = false;
};

}  // namespace sextant::ui
