// The runs table: a virtual model over the run store. Up front it reads only the ids of the
// runs in the table's order (one SQL query: the sort and the filter happen there); rows are
// read a page at a time, by id, when the view asks for them and kept in a small LRU cache,
// so 100,000 runs scroll as smoothly as 10 and a page never sorts the whole store again.
#pragma once

#include "store/run_export.hpp"
#include "store/run_store.hpp"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <vector>

namespace sextant::ui {

class ProjectResults;

class RunsTableModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int kPageSize = 200;
    static constexpr int kMaxPages = 60;
    enum Role { RunIdRole = Qt::UserRole + 1, ColumnKeyRole };

    // The engine's columns, as `sextant-cli list` and the CSV file name them; id() is the
    // stable name settings keep ("id", "param:scheme", "summary:loss").
    using Column = RunColumn;
    static QString columnId(const Column& column) { return QString::fromStdString(column.id()); }
    static QString columnTitle(const Column& column);  // the header: "Run", "Slurm job", a metric's name

    explicit RunsTableModel(ProjectResults& results, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    void setExperimentFilter(const QString& experiment);  // empty: every experiment
    void setStatusFilter(std::optional<RunStatus> status);
    void setTextFilter(const QString& text);
    RunQuery query() const { return query_; }
    int sortColumn() const { return sort_column_; }
    Qt::SortOrder sortOrder() const { return sort_order_; }

    // Re-reads the row count and the columns; rows already shown are read again when next
    // asked for. Keeps the model's rows (no reset) unless the columns changed.
    void refresh();

    const Column& column(int section) const { return columns_[static_cast<std::size_t>(section)]; }
    int columnOf(const QString& id) const;
    std::int64_t runId(int row) const;
    // The row showing a run; -1 when the filter hides it.
    int rowOfRun(std::int64_t id);
    int pagesLoaded() const { return static_cast<int>(pages_.size()); }
    int pageReads() const { return page_reads_; }

    // Parameter names whose values differ between these runs (all runs in the filter when empty).
    QStringList paramsThatDiffer(const QList<std::int64_t>& ids);
    // Every run of the current filter, in the table's order, as the engine's CSV file
    // (write_runs_csv: the same file `sextant-cli export --format csv` writes).
    bool writeCsv(const QString& path, QString* error = nullptr) const;

private:
    struct Row {
        RunRecord run;
        std::map<std::string, double> summaries;
        QStringList tags;
        QString note;
    };
    const Row* row(int r) const;
    QVariant display(const Row& row, const Column& c) const;
    std::vector<Column> readColumns() const;
    void dropPages();
    // Reads the ids of the query's runs in its order; the row count follows.
    void readOrder();

    ProjectResults& results_;
    RunQuery query_;
    int sort_column_ = 0;
    Qt::SortOrder sort_order_ = Qt::AscendingOrder;
    int rows_ = 0;
    std::vector<std::int64_t> order_;  // the runs' ids, row by row
    std::vector<Column> columns_;
    mutable QHash<int, std::vector<Row>> pages_;
    mutable std::list<int> lru_;
    mutable int page_reads_ = 0;
};

QString param_text(const nlohmann::json& value);

}  // namespace sextant::ui
