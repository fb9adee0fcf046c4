#include "queue/live_runs_model.hpp"

#include "store/run_export.hpp"

#include <QBrush>
#include <QColor>
#include <QDateTime>

namespace sextant::ui {

namespace {
constexpr int kMaxLogLines = 2000;
void append_capped(QStringList& log, const QString& line) {
    log << line;
    if (log.size() > kMaxLogLines) log.erase(log.begin(), log.begin() + (log.size() - kMaxLogLines));
}
}  // namespace

LiveRunsModel::LiveRunsModel(QObject* parent) : QAbstractTableModel(parent) {
    repaint_.setSingleShot(true);
    repaint_.setInterval(100);
    connect(&repaint_, &QTimer::timeout, this, &LiveRunsModel::flush);
}

int LiveRunsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : total(); }
int LiveRunsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LiveRunsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case RunColumn: return tr("Run");
    case ExperimentColumn: return tr("Experiment");
    case ParamsColumn: return tr("Parameters");
    case StatusColumn: return tr("Status");
    case ProgressColumn: return tr("Progress");
    case MetricsColumn: return tr("Latest metrics");
    default: return {};
    }
}

QVariant LiveRunsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= total()) return {};
    const LiveRun& r = runs_[static_cast<std::size_t>(index.row())];
    if (role == RunIdRole) return QVariant::fromValue<qlonglong>(r.id);
    if (role == FractionRole) return r.fraction;
    if (role == Qt::ForegroundRole && index.column() == StatusColumn) {
        if (r.status == RunStatus::Failed) return QBrush(QColor(0xc6, 0x28, 0x28));
        if (r.status == RunStatus::Done) return QBrush(QColor(0x2e, 0x7d, 0x32));
        return {};
    }
    if (role == Qt::ToolTipRole && (index.column() == StatusColumn || index.column() == MetricsColumn))
        return r.message.isEmpty() ? QVariant() : QVariant(r.message);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case RunColumn: return QVariant::fromValue<qlonglong>(r.id);
    case ExperimentColumn: return r.experiment;
    case ParamsColumn: return r.params;
    case StatusColumn: return QString::fromLatin1(to_string(r.status));
    case ProgressColumn: return QStringLiteral("%1%").arg(static_cast<int>(r.fraction * 100 + 0.5));
    case MetricsColumn: {
        QStringList parts;
        for (const auto& [name, sv] : r.latest)
            parts << QStringLiteral("%1 %2 @%3")
                         .arg(QString::fromStdString(name), QString::fromStdString(format_number(sv.second)))
                         .arg(sv.first);
        for (const auto& [name, v] : r.summaries)
            parts << QStringLiteral("%1 %2").arg(QString::fromStdString(name),
                                                 QString::fromStdString(format_number(v)));
        return parts.join("  ");
    }
    default: return {};
    }
}

void LiveRunsModel::clear() {
    beginResetModel();
    runs_.clear();
    rows_.clear();
    dirty_.clear();
    all_log_.clear();
    endResetModel();
    Q_EMIT countsChanged();
}

LiveRunsModel::LiveRun* LiveRunsModel::find(std::int64_t id) {
    const auto it = rows_.find(id);
    return it == rows_.end() ? nullptr : &runs_[static_cast<std::size_t>(*it)];
}

void LiveRunsModel::touch(int row) {
    dirty_.insert(row);
    if (!repaint_.isActive()) repaint_.start();
}

void LiveRunsModel::flush() {
    for (int row : std::as_const(dirty_)) Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    dirty_.clear();
    Q_EMIT countsChanged();
}

void LiveRunsModel::apply(const RunEvent& e) {
    LiveRun* r = find(e.run_id);
    if (!r) {
        if (e.run_id == 0) return;
        const int row = total();
        beginInsertRows({}, row, row);
        LiveRun fresh;
        fresh.id = e.run_id;
        if (describe_) std::tie(fresh.experiment, fresh.params) = describe_(e.run_id);
        runs_.push_back(std::move(fresh));
        rows_.insert(e.run_id, row);
        endInsertRows();
        r = &runs_.back();
    }
    const int row = rows_.value(e.run_id);
    auto log = [&](const QString& level, const QString& text) {
        const QString line = QStringLiteral("%1  run %2  %3  %4")
                                 .arg(QDateTime::currentDateTime().toString("hh:mm:ss"))
                                 .arg(e.run_id)
                                 .arg(level, -7)
                                 .arg(text);
        append_capped(r->log, line);
        append_capped(all_log_, line);
        Q_EMIT logLine(e.run_id, line);
    };
    switch (e.kind) {
    case RunEvent::Kind::Queued:
        r->status = RunStatus::Queued;
        // Cluster runs: the Slurm job and its state, as in `sextant-cli list`.
        if (!e.job_id.empty()) {
            r->message =
                tr("Slurm job %1 (%2)").arg(QString::fromStdString(e.job_id), QString::fromStdString(e.job_state));
            log("queued", r->message);
        }
        break;
    case RunEvent::Kind::Started:
        r->status = RunStatus::Running;
        if (!e.job_id.empty())
            r->message =
                tr("Slurm job %1 (%2)").arg(QString::fromStdString(e.job_id), QString::fromStdString(e.job_state));
        log("started", e.host.empty() ? QString() : tr("on %1").arg(QString::fromStdString(e.host)));
        break;
    case RunEvent::Kind::Progress:
        r->fraction = e.fraction;
        if (!e.message.empty()) r->message = QString::fromStdString(e.message);
        break;
    case RunEvent::Kind::Metrics:
        for (const auto& s : e.samples) r->latest[s.name] = {s.step, s.value};
        break;
    case RunEvent::Kind::Summary: r->summaries[e.name] = e.value; break;
    case RunEvent::Kind::Log: log(QString::fromStdString(e.level), QString::fromStdString(e.message)); break;
    case RunEvent::Kind::Artifact:
        log("artifact", QString::fromStdString(e.artifact.path + " (" + e.artifact.kind + ")"));
        break;
    case RunEvent::Kind::Finished:
        r->status = e.status;
        if (e.status == RunStatus::Done) r->fraction = 1;
        r->message = QString::fromStdString(e.message);
        if (!e.job_state.empty() && e.job_state != "COMPLETED" && r->message.isEmpty())
            r->message = QString::fromStdString(e.job_state);
        log(QString::fromLatin1(to_string(e.status)), r->message);
        if (!e.stderr_tail.empty())
            for (const auto& line : QString::fromStdString(e.stderr_tail).split('\n', Qt::SkipEmptyParts))
                log("stderr", line);
        break;
    }
    touch(row);
}

void LiveRunsModel::finishBatch() {
    for (std::size_t i = 0; i < runs_.size(); ++i)
        if (runs_[i].status == RunStatus::Queued || runs_[i].status == RunStatus::Running) {
            runs_[i].status = RunStatus::Cancelled;
            runs_[i].message = tr("not run: the sweep stopped first");
            touch(static_cast<int>(i));
        }
    flush();
}

int LiveRunsModel::count(RunStatus status) const {
    int n = 0;
    for (const auto& r : runs_) n += r.status == status;
    return n;
}

QStringList LiveRunsModel::log(std::int64_t run_id) const {
    if (run_id == 0) return all_log_;
    const auto it = rows_.find(run_id);
    return it == rows_.end() ? QStringList() : runs_[static_cast<std::size_t>(*it)].log;
}

std::int64_t LiveRunsModel::runAt(int row) const {
    return row >= 0 && row < total() ? runs_[static_cast<std::size_t>(row)].id : 0;
}

}  // namespace sextant::ui
