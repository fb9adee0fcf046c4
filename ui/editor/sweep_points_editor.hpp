// The explicit points of an experiment's sweep ("points" in the project file): a table with
// one row per point and one column per parameter the points set. An empty cell leaves that
// parameter at the experiment's fixed value. Cells are edited through typed editors made from
// the declarations (SweepPointsDelegate: combo boxes for choices and bools, a spin box for a
// bounded int, a number field for a float), each with an empty entry; the table keeps each
// cell's text and every cell is checked against the plugin's declaration as it changes; problems are listed under the table, naming point and
// parameter ("point 2, workers: expected an integer in [1, 64], got 100").
#pragma once

#include "sextant/declarations.hpp"

#include <nlohmann/json.hpp>

#include <QStringList>
#include <QWidget>

#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QTableWidget;

namespace sextant::ui {
class SweepPointsDelegate;
}

namespace sextant::ui {

class SweepPointsEditor final : public QWidget {
    Q_OBJECT
public:
    explicit SweepPointsEditor(QWidget* parent = nullptr);

    void setPlugin(const PluginInfo* plugin);
    // Shows the sweep's explicit points without emitting pointsEdited().
    void setPoints(const std::vector<nlohmann::json>& points);
    QTableWidget* table() const { return table_; }
    SweepPointsDelegate* delegate() const { return delegate_; }
    // The declaration of a column's parameter; null when the plugin does not declare it.
    const ParamDecl* declOf(int column) const;
    const std::vector<std::string>& columns() const { return columns_; }
    int columnOf(const std::string& param) const;
    // The problems of the cells, one line each.
    QStringList problems() const { return problems_; }
    QLabel* problemsLabel() const { return problems_label_; }

    void addColumn(const std::string& param);
    void removeColumn(const std::string& param);
    // A new empty point (every parameter at its fixed value until a cell is filled).
    void addPoint();
    void removeSelectedPoints();
    // Sets a cell's text as if typed.
    void setCell(int row, const std::string& param, const QString& text);

Q_SIGNALS:
    // The points, each an object of parameter values (none: the sweep has no points).
    void pointsEdited(const std::vector<nlohmann::json>& points);

private:
    void setHeaders();
    void fillColumnChoice();
    void edited(bool emit_points = true);

    const PluginInfo* plugin_ = nullptr;
    std::vector<std::string> columns_;
    QTableWidget* table_ = nullptr;
    SweepPointsDelegate* delegate_ = nullptr;
    QComboBox* new_column_ = nullptr;
    QLabel* problems_label_ = nullptr;
    QStringList problems_;
    bool updating_ = false;
};

}  // namespace sextant::ui
