// The runs of the sweep in progress, updated from run events: status, progress, the latest
// value of each metric, and each run's log. Updates are coalesced (at most ten repaints a
// second) so that a fast plugin reporting thousands of points cannot freeze the window.
#pragma once

#include "exec/run_events.hpp"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <map>
#include <vector>

namespace sextant::ui {

class LiveRunsModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum ColumnId {
        RunColumn,
        ExperimentColumn,
        ParamsColumn,
        StatusColumn,
        ProgressColumn,
        MetricsColumn,
        ColumnCount
    };
    enum Role { RunIdRole = Qt::UserRole + 1, FractionRole };
    // experiment and a short parameter summary of a run, looked up in the store.
    using Describe = std::function<std::pair<QString, QString>(std::int64_t run_id)>;

    explicit LiveRunsModel(QObject* parent = nullptr);
    void setDescribe(Describe describe) { describe_ = std::move(describe); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void clear();
    void apply(const RunEvent& event);
    // Ends the batch: runs still queued or running are shown as not run.
    void finishBatch();

    int count(RunStatus status) const;
    int total() const { return static_cast<int>(runs_.size()); }
    QStringList log(std::int64_t run_id) const;  // empty id 0: everything
    std::int64_t runAt(int row) const;

Q_SIGNALS:
    void logLine(std::int64_t run_id, const QString& line);
    void countsChanged();

private:
    struct LiveRun {
        std::int64_t id = 0;
        QString experiment, params;
        RunStatus status = RunStatus::Queued;
        double fraction = 0;
        QString message;
        std::map<std::string, std::pair<long long, double>> latest;  // metric -> (step, value)
        std::map<std::string, double> summaries;
        QStringList log;
    };
    LiveRun* find(std::int64_t id);
    void touch(int row);
    void flush();

    std::vector<LiveRun> runs_;
    QHash<std::int64_t, int> rows_;
    QSet<int> dirty_;
    QTimer repaint_;
    Describe describe_;
    QStringList all_log_;
};

}  // namespace sextant::ui
