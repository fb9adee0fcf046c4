#include "results/runs_view.hpp"

#include "results/project_results.hpp"
#include "results/run_selection.hpp"
#include "results/runs_table_model.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace sextant::ui {

RunsView::RunsView(ProjectResults& results, RunSelection& selection, QWidget* parent)
    : QWidget(parent), results_(results), selection_(selection) {
    model_ = new RunsTableModel(results_, this);
    filter_ = new QLineEdit(this);
    filter_->setObjectName("runsFilter");
    filter_->setPlaceholderText(tr("Filter runs: text in parameters, status, tags, notes, identity…"));
    filter_->setClearButtonEnabled(true);
    status_ = new QComboBox(this);
    status_->addItem(tr("Any status"));
    for (auto s : {RunStatus::Queued, RunStatus::Running, RunStatus::Done, RunStatus::Failed, RunStatus::Cancelled})
        status_->addItem(QString::fromLatin1(to_string(s)));
    experiment_ = new QComboBox(this);
    experiment_->setToolTip(tr("Show one experiment, or all of them to compare runs across experiments"));
    differing_ = new QCheckBox(tr("Only parameters that differ"), this);
    differing_->setChecked(true);
    differing_->setToolTip(
        tr("Hide parameter columns whose value is the same in every run shown "
           "(in every selected run when two or more are selected)"));
    columns_ = new QToolButton(this);
    columns_->setText(tr("Columns"));
    columns_->setToolTip(tr("Choose the columns to show"));
    auto* csv = new QToolButton(this);
    csv->setText(tr("Export CSV…"));
    csv->setToolTip(
        tr("Save the filtered runs, every column at full precision, as CSV (the file "
           "sextant-cli export writes)"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(filter_, 1);
    bar->addWidget(status_);
    bar->addWidget(experiment_);
    bar->addWidget(differing_);
    bar->addWidget(columns_);
    bar->addWidget(csv);

    table_ = new QTableView(this);
    table_->setObjectName("runsTable");
    table_->setModel(model_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(0, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    table_->setWordWrap(false);
    table_->setAlternatingRowColors(true);
    // Fixed row heights: the view never measures 10,000 rows.
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionsMovable(true);
    table_->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(bar);
    layout->addWidget(table_, 1);

    auto* filter_delay = new QTimer(this);
    filter_delay->setSingleShot(true);
    filter_delay->setInterval(200);
    connect(filter_, &QLineEdit::textChanged, filter_delay, qOverload<>(&QTimer::start));
    connect(filter_delay, &QTimer::timeout, this, [this] {
        model_->setTextFilter(filter_->text());
        updateDiffering();
    });
    connect(status_, &QComboBox::currentIndexChanged, this, [this](int i) {
        model_->setStatusFilter(i == 0 ? std::nullopt : parse_run_status(status_->itemText(i).toStdString()));
        updateDiffering();
    });
    connect(experiment_, &QComboBox::activated, this, [this](int i) {
        model_->setExperimentFilter(i == 0 ? QString() : experiment_->itemText(i));
        updateHeadline();
        updateDiffering();
    });
    connect(differing_, &QCheckBox::toggled, this, &RunsView::updateDiffering);
    connect(columns_, &QToolButton::clicked, this, &RunsView::showColumnMenu);
    connect(table_->horizontalHeader(), &QHeaderView::customContextMenuRequested, this, &RunsView::showColumnMenu);
    connect(csv, &QToolButton::clicked, this, &RunsView::chooseExportFile);
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        applyColumnVisibility();
        selectionToTable();
    });
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsView::selectionFromTable);
    connect(&selection_, &RunSelection::changed, this, [this] {
        selectionToTable();
        if (differing_->isChecked() && selection_.ids().size() >= 2) updateDiffering();
    });
    connect(&results_, &ProjectResults::changed, this, &RunsView::refresh);
    fillExperiments();
    applyColumnVisibility();
}

void RunsView::refresh() {
    model_->refresh();
    fillExperiments();
    updateHeadline();
    if (differing_->isChecked() && model_->rowCount() != last_rows_) updateDiffering();
    last_rows_ = model_->rowCount();
}

void RunsView::fillExperiments() {
    QStringList names{tr("All experiments")};
    if (auto* store = results_.reader())
        for (const auto& n : store->experiment_names()) names << QString::fromStdString(n);
    QStringList now;
    for (int i = 0; i < experiment_->count(); ++i) now << experiment_->itemText(i);
    if (now == names) return;
    const QString current = experiment_->currentText();
    const QSignalBlocker block(experiment_);
    experiment_->clear();
    experiment_->addItems(names);
    experiment_->setCurrentIndex(std::max(0, experiment_->findText(current)));
}

void RunsView::setExperimentFilter(const QString& experiment) {
    fillExperiments();
    const int i = experiment.isEmpty() ? 0 : experiment_->findText(experiment);
    experiment_->setCurrentIndex(std::max(0, i));
    model_->setExperimentFilter(i > 0 ? experiment : QString());
    updateHeadline();
    updateDiffering();
}

void RunsView::setHeadlineLookup(HeadlineLookup lookup) {
    headline_ = std::move(lookup);
    updateHeadline();
}

void RunsView::updateHeadline() {
    QSet<QString> other;
    RunStore* store = results_.reader();
    if (headline_ && store) {
        // The plugins of the experiments shown: one run of each tells.
        const std::string filter = model_->query().experiment;
        QSet<QString> headline;
        bool all_known = true;
        try {
            // (a ternary of two vectors here tripped GCC 12's -Wfree-nonheap-object false positive)
            std::vector<std::string> experiments{filter};
            if (filter.empty()) experiments = store->experiment_names();
            for (const auto& x : experiments) {
                RunQuery q;
                q.experiment = x;
                q.limit = 1;
                for (const auto& r : store->runs(q)) {
                    const auto names = headline_(r.plugin_id);
                    if (names.empty()) all_known = false;
                    for (const auto& m : names) headline.insert(QString::fromStdString(m));
                }
            }
        } catch (const std::exception&) {
            return;  // the writer holds the database a moment too long; the next refresh asks again
        }
        if (all_known)
            for (int c = 0; c < model_->columnCount(); ++c) {
                const auto& col = model_->column(c);
                if (col.kind == RunColumn::Kind::Summary && !headline.contains(QString::fromStdString(col.key)))
                    other.insert(RunsTableModel::columnId(col));
            }
    }
    if (other == other_metrics_) return;
    other_metrics_ = other;
    applyColumnVisibility();
}

void RunsView::applyColumnVisibility() {
    for (int c = 0; c < model_->columnCount(); ++c) {
        const QString id = RunsTableModel::columnId(model_->column(c));
        table_->setColumnHidden(c, hidden_.contains(id) || same_params_.contains(id) ||
                                       (other_metrics_.contains(id) && !shown_.contains(id)));
    }
}

void RunsView::setColumnVisible(const QString& id, bool visible) {
    if (visible) {
        hidden_.remove(id);
        shown_.insert(id);
    } else {
        hidden_.insert(id);
        shown_.remove(id);
    }
    applyColumnVisibility();
}

bool RunsView::isColumnVisible(const QString& id) const {
    const int c = model_->columnOf(id);
    return c >= 0 && !table_->isColumnHidden(c);
}

void RunsView::updateDiffering() {
    same_params_.clear();
    if (differing_->isChecked()) {
        const auto& ids = selection_.ids();
        const QStringList differ = model_->paramsThatDiffer(ids.size() >= 2 ? ids : QList<std::int64_t>{});
        for (int c = 0; c < model_->columnCount(); ++c) {
            const auto& col = model_->column(c);
            if (col.kind == RunColumn::Kind::Param && !differ.contains(QString::fromStdString(col.key)))
                same_params_.insert(RunsTableModel::columnId(col));
        }
    }
    applyColumnVisibility();
}

void RunsView::showColumnMenu() {
    QMenu menu(this);
    for (int c = 0; c < model_->columnCount(); ++c) {
        const auto& col = model_->column(c);
        QString label = RunsTableModel::columnTitle(col);
        if (col.kind == RunColumn::Kind::Param) label = tr("parameter: %1").arg(label);
        if (col.kind == RunColumn::Kind::Summary) label = tr("metric: %1").arg(label);
        QAction* a = menu.addAction(label);
        a->setCheckable(true);
        const QString id = RunsTableModel::columnId(col);
        a->setChecked(!hidden_.contains(id) && (!other_metrics_.contains(id) || shown_.contains(id)));
        connect(a, &QAction::toggled, this, [this, id](bool on) { setColumnVisible(id, on); });
    }
    menu.exec(QCursor::pos());
}

void RunsView::selectionFromTable() {
    if (syncing_) return;
    QList<std::int64_t> ids;
    for (const auto& index : table_->selectionModel()->selectedRows())
        if (const auto id = model_->runId(index.row())) ids << id;
    syncing_ = true;
    selection_.set(ids);
    syncing_ = false;
}

void RunsView::selectionToTable() {
    if (syncing_) return;
    syncing_ = true;
    QItemSelection wanted;
    for (const auto id : selection_.ids()) {
        const int row = model_->rowOfRun(id);
        if (row >= 0) wanted.select(model_->index(row, 0), model_->index(row, model_->columnCount() - 1));
    }
    table_->selectionModel()->select(wanted, QItemSelectionModel::ClearAndSelect);
    if (!wanted.isEmpty()) table_->scrollTo(wanted.first().topLeft());
    syncing_ = false;
}

bool RunsView::exportCsv(const QString& path, QString* error) { return model_->writeCsv(path, error); }

void RunsView::chooseExportFile() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export runs as CSV"), "runs.csv", tr("CSV (*.csv)"));
    if (path.isEmpty()) return;
    QString error;
    if (!exportCsv(path, &error)) QMessageBox::warning(this, tr("Export failed"), error);
}

void RunsView::saveSettings() const {
    QSettings s;
    s.setValue("runs/hiddenColumns", QStringList(hidden_.begin(), hidden_.end()));
    s.setValue("runs/shownColumns", QStringList(shown_.begin(), shown_.end()));
    s.setValue("runs/differingOnly", differing_->isChecked());
}

void RunsView::restoreSettings() {
    QSettings s;
    const QStringList hidden = s.value("runs/hiddenColumns").toStringList();
    hidden_ = QSet<QString>(hidden.begin(), hidden.end());
    const QStringList shown = s.value("runs/shownColumns").toStringList();
    shown_ = QSet<QString>(shown.begin(), shown.end());
    differing_->setChecked(s.value("runs/differingOnly", true).toBool());
    applyColumnVisibility();
}

}  // namespace sextant::ui
