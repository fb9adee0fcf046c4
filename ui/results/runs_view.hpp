// The runs table with its tools: filter text, status and experiment filters, a column
// chooser, "only parameters that differ", and CSV export of what the table shows.
#pragma once

#include <QSet>
#include <QWidget>

#include <functional>
#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QTableView;
class QToolButton;

namespace sextant::ui {

class ProjectResults;
class RunSelection;
class RunsTableModel;

class RunsView final : public QWidget {
    Q_OBJECT
public:
    RunsView(ProjectResults& results, RunSelection& selection, QWidget* parent = nullptr);

    RunsTableModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    QLineEdit* filterEdit() const { return filter_; }
    QCheckBox* differingOnly() const { return differing_; }

    void setColumnVisible(const QString& column_id, bool visible);
    bool isColumnVisible(const QString& column_id) const;
    void setExperimentFilter(const QString& experiment);
    // Exports the filtered runs in the table's order, every column (RunsTableModel::writeCsv).
    bool exportCsv(const QString& path, QString* error = nullptr);

    // A plugin's headline metrics (headline_metrics over its declarations; empty when not
    // known yet). The table shows an experiment's headline metrics and hides its other
    // metrics until chosen in the column menu; with no lookup every metric shows.
    using HeadlineLookup = std::function<std::vector<std::string>(const std::string& plugin_id)>;
    void setHeadlineLookup(HeadlineLookup lookup);

    void saveSettings() const;
    void restoreSettings();

private:
    void refresh();
    void fillExperiments();
    void applyColumnVisibility();
    void updateDiffering();
    void updateHeadline();
    void selectionFromTable();
    void selectionToTable();
    void showColumnMenu();
    void chooseExportFile();

    ProjectResults& results_;
    RunSelection& selection_;
    RunsTableModel* model_ = nullptr;
    QTableView* table_ = nullptr;
    QLineEdit* filter_ = nullptr;
    QComboBox* status_ = nullptr;
    QComboBox* experiment_ = nullptr;
    QCheckBox* differing_ = nullptr;
    QToolButton* columns_ = nullptr;
    QSet<QString> hidden_;         // chosen by the researcher
    QSet<QString> shown_;          // metric columns the researcher chose to show
    QSet<QString> other_metrics_;  // metric columns that are no headline metric of the shown experiments
    HeadlineLookup headline_;
    QSet<QString> same_params_;  // hidden by "only parameters that differ"
    bool syncing_ = false;
    int last_rows_ = -1;
};

}  // namespace sextant::ui
