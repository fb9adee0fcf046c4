#include "results/runs_table_model.hpp"

#include "results/project_results.hpp"
#include "store/run_export.hpp"

#include <QBrush>
#include <QColor>
#include <QDateTime>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <set>
#include <unordered_map>

namespace sextant::ui {

using Kind = RunColumn::Kind;

QString param_text(const nlohmann::json& v) {
    if (v.is_string()) return QString::fromStdString(v.get<std::string>());
    if (v.is_number()) return QString::fromStdString(format_number(v.get<double>()));
    if (v.is_boolean()) return v.get<bool>() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.is_array()) {
        QStringList parts;
        for (const auto& item : v) parts << param_text(item);
        return parts.join(", ");
    }
    if (v.is_null()) return {};
    return QString::fromStdString(v.dump());
}

QString RunsTableModel::columnTitle(const Column& column) {
    switch (column.kind) {
    case Kind::Id: return tr("Run");
    case Kind::Identity: return tr("Identity");
    case Kind::Experiment: return tr("Experiment");
    case Kind::Status: return tr("Status");
    case Kind::Seed: return tr("Seed");
    case Kind::Started: return tr("Started");
    case Kind::Duration: return tr("Duration");
    case Kind::Tags: return tr("Tags");
    case Kind::Note: return tr("Note");
    case Kind::JobId: return tr("Slurm job");
    case Kind::JobState: return tr("Slurm state");
    case Kind::Param:
    case Kind::Summary: return QString::fromStdString(column.key);
    }
    return {};
}

RunsTableModel::RunsTableModel(ProjectResults& results, QObject* parent)
    : QAbstractTableModel(parent), results_(results) {
    columns_ = readColumns();
    readOrder();
}

void RunsTableModel::readOrder() {
    order_.clear();
    if (RunStore* store = results_.reader()) {
        RunQuery q = query_;
        q.offset = 0;
        q.limit = -1;
        try {
            order_ = store->run_ids(q);
        } catch (const std::exception&) {
            // the writer holds the database a moment too long: empty until the next refresh
        }
    }
    rows_ = static_cast<int>(order_.size());
}

int RunsTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : rows_; }
int RunsTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(columns_.size());
}

std::vector<RunsTableModel::Column> RunsTableModel::readColumns() const {
    std::vector<Column> cols = {{Kind::Id, ""},      {Kind::Experiment, ""}, {Kind::Status, ""}, {Kind::Seed, ""},
                                {Kind::Started, ""}, {Kind::Duration, ""},   {Kind::Tags, ""},   {Kind::Note, ""}};
    RunStore* store = results_.reader();
    if (!store) return cols;
    if (store->has_cluster_jobs()) {  // as `sextant-cli list` does
        cols.push_back({Kind::JobId, ""});
        cols.push_back({Kind::JobState, ""});
    }
    std::set<std::string> params;
    std::vector<std::string> experiments =
        query_.experiment.empty() ? store->experiment_names() : std::vector<std::string>{query_.experiment};
    for (const auto& x : experiments) {
        RunQuery q;
        q.experiment = x;
        q.limit = 1;
        for (const auto& r : store->runs(q))
            for (auto it = r.params.begin(); it != r.params.end(); ++it) params.insert(it.key());
    }
    for (const auto& p : params) cols.push_back({Kind::Param, p});
    for (const auto& m : store->summary_names(query_.experiment)) cols.push_back({Kind::Summary, m});
    return cols;
}

int RunsTableModel::columnOf(const QString& id) const {
    for (std::size_t i = 0; i < columns_.size(); ++i)
        if (columnId(columns_[i]) == id) return static_cast<int>(i);
    return -1;
}

void RunsTableModel::dropPages() {
    pages_.clear();
    lru_.clear();
}

void RunsTableModel::refresh() {
    auto columns = readColumns();
    const int old_rows = rows_;
    readOrder();
    const int rows = rows_;
    rows_ = old_rows;
    const bool same_columns =
        columns.size() == columns_.size() &&
        std::equal(columns.begin(), columns.end(), columns_.begin(),
                   [](const Column& a, const Column& b) { return a.kind == b.kind && a.key == b.key; });
    if (!same_columns) {
        beginResetModel();
        columns_ = std::move(columns);
        rows_ = rows;
        dropPages();
        endResetModel();
        return;
    }
    dropPages();
    if (rows > rows_) {
        beginInsertRows({}, rows_, rows - 1);
        rows_ = rows;
        endInsertRows();
    } else if (rows < rows_) {
        beginRemoveRows({}, rows, rows_ - 1);
        rows_ = rows;
        endRemoveRows();
    }
    if (rows_ > 0 && !columns_.empty()) Q_EMIT dataChanged(index(0, 0), index(rows_ - 1, columnCount() - 1));
}

const RunsTableModel::Row* RunsTableModel::row(int r) const {
    // (Between reading new ids and announcing the new row count, rows_ may exceed them.)
    if (r < 0 || r >= rows_ || r >= static_cast<int>(order_.size())) return nullptr;
    const int page = r / kPageSize;
    auto it = pages_.find(page);
    if (it == pages_.end()) {
        RunStore* store = results_.reader();
        if (!store) return nullptr;
        // The page's runs by id (in id order), then put in the table's order.
        const auto first = order_.begin() + static_cast<std::ptrdiff_t>(page) * kPageSize;
        const auto last = first + std::min<std::ptrdiff_t>(kPageSize, order_.end() - first);
        RunQuery q;
        q.ids.assign(first, last);
        std::vector<Row> rows(q.ids.size());
        try {
            std::unordered_map<std::int64_t, std::size_t> slot;
            for (std::size_t i = 0; i < q.ids.size(); ++i) slot.emplace(q.ids[i], i);
            auto extras = store->extras(q.ids);
            for (auto& run : store->runs(q)) {
                Row& row = rows[slot.at(run.id)];
                if (auto e = extras.find(run.id); e != extras.end()) {
                    row.summaries = std::move(e->second.summaries);
                    for (const auto& t : e->second.tags) row.tags << QString::fromStdString(t);
                    row.note = QString::fromStdString(e->second.note);
                }
                row.run = std::move(run);
            }
        } catch (const std::exception&) {
            return nullptr;  // the writer holds the database a moment too long; next paint retries
        }
        // A run deleted since the ids were read leaves an empty row (id 0) until the next refresh.
        ++page_reads_;
        it = pages_.emplace(page, std::move(rows));  // (insert() would copy every row)
        lru_.push_front(page);
        while (static_cast<int>(lru_.size()) > kMaxPages) {
            pages_.remove(lru_.back());
            lru_.pop_back();
        }
        it = pages_.find(page);
    } else if (lru_.front() != page) {
        lru_.remove(page);
        lru_.push_front(page);
    }
    const auto offset = static_cast<std::size_t>(r % kPageSize);
    return offset < it->size() ? &(*it)[offset] : nullptr;
}

std::int64_t RunsTableModel::runId(int r) const {
    const Row* x = row(r);
    return x ? x->run.id : 0;
}

int RunsTableModel::rowOfRun(std::int64_t id) {
    const auto it = std::find(order_.begin(), order_.end(), id);
    return it == order_.end() ? -1 : static_cast<int>(it - order_.begin());
}

namespace {
double now_s() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }
QString duration_text(double seconds) {
    if (seconds < 60) return QString::number(seconds, 'f', seconds < 10 ? 2 : 1) + " s";
    const int s = static_cast<int>(seconds);
    if (s < 3600) return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}
}  // namespace

QVariant RunsTableModel::display(const Row& x, const Column& c) const {
    const auto& r = x.run;
    switch (c.kind) {
    case Kind::Id: return QVariant::fromValue<qlonglong>(r.id);
    case Kind::Identity: return QString::fromStdString(r.identity);
    case Kind::Experiment: return QString::fromStdString(r.experiment);
    case Kind::Status: return QString::fromLatin1(to_string(r.status));
    case Kind::Seed: return QString::number(r.seed);
    case Kind::Started:
        return r.started_at ? QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(*r.started_at * 1000))
                                  .toString("yyyy-MM-dd hh:mm:ss")
                            : QString();
    case Kind::Duration:
        if (!r.started_at) return {};
        if (r.finished_at) return duration_text(*r.finished_at - *r.started_at);
        return r.status == RunStatus::Running ? duration_text(now_s() - *r.started_at) : QString();
    case Kind::Tags: return x.tags.join(", ");
    case Kind::Note: return x.note.section('\n', 0, 0);
    case Kind::JobId: return QString::fromStdString(r.job_id);
    case Kind::JobState: return QString::fromStdString(r.job_state);
    case Kind::Param: {
        const auto it = r.params.find(c.key);
        return it == r.params.end() ? QVariant() : QVariant(param_text(*it));
    }
    case Kind::Summary: {
        const auto it = x.summaries.find(c.key);
        if (it == x.summaries.end()) return {};
        return QString::fromStdString(format_number(it->second));
    }
    }
    return {};
}

QVariant RunsTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_ || index.column() >= columnCount()) return {};
    const Row* x = row(index.row());
    if (!x) return role == Qt::DisplayRole ? QVariant(tr("…")) : QVariant();
    const Column& c = column(index.column());
    switch (role) {
    case Qt::DisplayRole: return display(*x, c);
    case Qt::EditRole:
        if (c.kind == Kind::Note) return x->note;
        return display(*x, c);
    case Qt::ToolTipRole:
        if (c.kind == Kind::Status && !x->run.error.empty()) return QString::fromStdString(x->run.error);
        if (c.kind == Kind::Note && !x->note.isEmpty()) return x->note;
        return {};
    case Qt::ForegroundRole:
        if (c.kind != Kind::Status) return {};
        switch (x->run.status) {
        case RunStatus::Done: return QBrush(QColor(0x2e, 0x7d, 0x32));
        case RunStatus::Failed: return QBrush(QColor(0xc6, 0x28, 0x28));
        case RunStatus::Running: return QBrush(QColor(0x15, 0x65, 0xc0));
        case RunStatus::Cancelled: return QBrush(QColor(0x75, 0x75, 0x75));
        case RunStatus::Queued: return {};
        }
        return {};
    case Qt::TextAlignmentRole:
        if (c.kind == Kind::Id || c.kind == Kind::Summary || c.kind == Kind::Seed || c.kind == Kind::Duration)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case RunIdRole: return QVariant::fromValue<qlonglong>(x->run.id);
    case ColumnKeyRole: return columnId(c);
    default: return {};
    }
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount()) return {};
    const Column& c = column(section);
    if (role == Qt::DisplayRole) return columnTitle(c);
    if (role == Qt::ToolTipRole) {
        if (c.kind == Kind::Param) return tr("Parameter %1").arg(columnTitle(c));
        if (c.kind == Kind::Summary) return tr("Summary metric %1").arg(columnTitle(c));
        if (c.kind == Kind::Tags) return tr("Comma-separated tags; double-click to edit");
        if (c.kind == Kind::Note) return tr("Free-text note; double-click to edit");
    }
    return {};
}

Qt::ItemFlags RunsTableModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    const Kind k = column(index.column()).kind;
    if (k == Kind::Tags || k == Kind::Note) f |= Qt::ItemIsEditable;
    return f;
}

bool RunsTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || role != Qt::EditRole) return false;
    const Row* x = row(index.row());
    if (!x) return false;
    const std::int64_t id = x->run.id;
    const Kind k = column(index.column()).kind;
    bool ok = false;
    if (k == Kind::Tags) ok = results_.setTags(id, value.toString().split(',', Qt::SkipEmptyParts));
    else if (k == Kind::Note) ok = results_.setNote(id, value.toString());
    if (!ok) return false;
    const int page = index.row() / kPageSize;
    pages_.remove(page);
    lru_.remove(page);
    Q_EMIT dataChanged(index, index);
    return true;
}

void RunsTableModel::sort(int section, Qt::SortOrder order) {
    if (section < 0 || section >= columnCount()) return;
    const Column& c = column(section);
    const std::string key = c.order_by();
    if (key.empty()) return;  // tags, notes: not sortable
    beginResetModel();
    sort_column_ = section;
    sort_order_ = order;
    query_.order_by = key;
    query_.descending = order == Qt::DescendingOrder;
    readOrder();
    dropPages();
    endResetModel();
}

void RunsTableModel::setExperimentFilter(const QString& experiment) {
    if (query_.experiment == experiment.toStdString()) return;
    beginResetModel();
    query_.experiment = experiment.toStdString();
    columns_ = readColumns();
    if (sort_column_ >= columnCount()) {
        sort_column_ = 0;
        query_.order_by = "id";
    }
    readOrder();
    dropPages();
    endResetModel();
}

void RunsTableModel::setStatusFilter(std::optional<RunStatus> status) {
    beginResetModel();
    query_.status = status;
    readOrder();
    dropPages();
    endResetModel();
}

void RunsTableModel::setTextFilter(const QString& text) {
    if (query_.text == text.trimmed().toStdString()) return;
    beginResetModel();
    query_.text = text.trimmed().toStdString();
    readOrder();
    dropPages();
    endResetModel();
}

QStringList RunsTableModel::paramsThatDiffer(const QList<std::int64_t>& ids) {
    RunStore* store = results_.reader();
    if (!store) return {};
    RunQuery q = query_;
    q.offset = 0;
    q.limit = -1;
    if (!ids.isEmpty()) q = RunQuery{};  // the chosen runs, whatever the filter
    q.ids.assign(ids.begin(), ids.end());
    QStringList out;
    try {
        for (const auto& name : store->params_that_vary(q)) out << QString::fromStdString(name);
    } catch (const std::exception&) {
        return {};  // the writer holds the database a moment too long; the next refresh asks again
    }
    return out;
}

bool RunsTableModel::writeCsv(const QString& path, QString* error) const {
    RunStore* store = results_.reader();
    std::ofstream out(path.toStdString(), std::ios::binary | std::ios::trunc);
    if (!out) {
        if (error) *error = tr("%1: cannot write file").arg(path);
        return false;
    }
    try {
        if (store) write_runs_csv(out, *store, query_);
        else out << "id,identity,experiment,status,seed,tags,note\n";
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    out.flush();
    if (!out && error) *error = tr("%1: cannot write file").arg(path);
    return static_cast<bool>(out);
}

}  // namespace sextant::ui
