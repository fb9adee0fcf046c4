#include "queue/run_queue_panel.hpp"

#include "queue/progress_delegate.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>

namespace sextant::ui {

RunQueuePanel::RunQueuePanel(RunQueue& queue, QWidget* parent) : QWidget(parent), queue_(queue) {
    start_ = new QPushButton(QIcon::fromTheme("media-playback-start"), tr("Start"), this);
    start_->setToolTip(tr("Save the project and run its sweep with sextant-cli; runs already done are skipped"));
    retry_ = new QPushButton(tr("Retry failed"), this);
    retry_->setToolTip(tr("Run the sweep again, including the runs that failed before"));
    cancel_ = new QPushButton(QIcon::fromTheme("process-stop"), tr("Cancel"), this);
    cancel_->setToolTip(tr("Stop the sweep: running runs are cancelled, queued ones are not started"));
    scope_ = new QComboBox(this);
    scope_->addItems({tr("Current experiment"), tr("All experiments")});
    jobs_ = new QSpinBox(this);
    jobs_->setRange(1, 256);
    jobs_->setValue(std::max(1, QThread::idealThreadCount()));
    jobs_->setPrefix(tr("jobs: "));
    jobs_->setToolTip(tr("Worker processes running at the same time"));
    status_ = new QLabel(tr("Idle"), this);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(start_);
    buttons->addWidget(retry_);
    buttons->addWidget(cancel_);
    buttons->addWidget(scope_);
    buttons->addWidget(jobs_);
    buttons->addWidget(status_, 1);

    table_ = new QTableView(this);
    table_->setModel(&model_);
    table_->setItemDelegateForColumn(LiveRunsModel::ProgressColumn, new ProgressDelegate(table_));
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setColumnWidth(LiveRunsModel::RunColumn, 60);
    table_->setColumnWidth(LiveRunsModel::ParamsColumn, 260);
    table_->setColumnWidth(LiveRunsModel::ProgressColumn, 140);

    log_ = new QPlainTextEdit(this);
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(20000);
    log_->setLineWrapMode(QPlainTextEdit::NoWrap);
    log_->setFont(QFont("Monospace", 9));
    follow_selected_ = new QCheckBox(tr("Only the selected run"), this);
    auto* log_box = new QWidget(this);
    auto* log_layout = new QVBoxLayout(log_box);
    log_layout->setContentsMargins(0, 0, 0, 0);
    log_layout->addWidget(follow_selected_);
    log_layout->addWidget(log_);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(table_);
    split->addWidget(log_box);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(split, 1);

    connect(start_, &QPushButton::clicked, this, [this] { startRuns(false); });
    connect(retry_, &QPushButton::clicked, this, [this] { startRuns(true); });
    connect(cancel_, &QPushButton::clicked, this, &RunQueuePanel::cancelRuns);
    connect(&queue_, &RunQueue::runEvent, &model_, &LiveRunsModel::apply);
    connect(&queue_, &RunQueue::message, this, [this](const QString& line) {
        last_message_ = line;
        log_->appendPlainText(QStringLiteral("sextant-cli: ") + line);
    });
    connect(&queue_, &RunQueue::finished, this, [this](int code, const QString& message) {
        model_.finishBatch();
        if (code == 2 || code == -1)
            QMessageBox::warning(this, tr("The sweep did not run"),
                                 code == 2 ? message : tr("sextant-cli stopped unexpectedly.\n\n%1").arg(message));
        updateButtons();
        updateStatus();
    });
    connect(&model_, &LiveRunsModel::logLine, this, [this](std::int64_t run, const QString& line) {
        if (!follow_selected_->isChecked()) log_->appendPlainText(line);
        else if (const auto sel = table_->selectionModel()->selectedRows();
                 !sel.isEmpty() && model_.runAt(sel.first().row()) == run)
            log_->appendPlainText(line);
    });
    connect(&model_, &LiveRunsModel::countsChanged, this, &RunQueuePanel::updateStatus);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const auto sel = table_->selectionModel()->selectedRows();
        if (sel.isEmpty()) return;
        Q_EMIT runSelected(model_.runAt(sel.first().row()));
        if (follow_selected_->isChecked()) showLog();
    });
    connect(follow_selected_, &QCheckBox::toggled, this, &RunQueuePanel::showLog);
    updateButtons();
}

bool RunQueuePanel::allExperiments() const { return scope_->currentIndex() == 1; }

void RunQueuePanel::startRuns(bool retry_failed) {
    if (queue_.isRunning()) return;
    RunRequestOptions options;
    options.jobs = jobs_->value();
    options.retry_failed = retry_failed;
    QString error;
    if (!prepare_ || !prepare_(options, &error)) {
        if (!error.isEmpty()) QMessageBox::warning(this, tr("Cannot start"), error);
        return;
    }
    model_.clear();
    log_->clear();
    if (!queue_.start(options, &error)) QMessageBox::warning(this, tr("Cannot start"), error);
    updateButtons();
    updateStatus();
}

void RunQueuePanel::cancelRuns() {
    queue_.cancel();
    updateButtons();
    updateStatus();
}

void RunQueuePanel::updateButtons() {
    const bool running = queue_.isRunning();
    start_->setEnabled(!running);
    retry_->setEnabled(!running);
    cancel_->setEnabled(running && !queue_.isCancelling());
}

void RunQueuePanel::updateStatus() {
    const int total = model_.total();
    const int done = model_.count(RunStatus::Done), failed = model_.count(RunStatus::Failed),
              running = model_.count(RunStatus::Running), cancelled = model_.count(RunStatus::Cancelled);
    QString text;
    if (queue_.isRunning())
        text =
            queue_.isCancelling()
                ? tr("Cancelling…")
                : tr("Running: %1 of %2 finished, %3 running").arg(done + failed + cancelled).arg(total).arg(running);
    else if (total == 0) text = last_message_.isEmpty() ? tr("Idle") : last_message_;
    else text = tr("Finished: %1 done, %2 failed, %3 not run").arg(done).arg(failed).arg(cancelled);
    status_->setText(text);
}

void RunQueuePanel::showLog() {
    std::int64_t run = 0;
    if (follow_selected_->isChecked())
        if (const auto sel = table_->selectionModel()->selectedRows(); !sel.isEmpty())
            run = model_.runAt(sel.first().row());
    log_->setPlainText(model_.log(run).join('\n'));
    log_->moveCursor(QTextCursor::End);
}

void RunQueuePanel::saveSettings() const {
    QSettings s;
    s.setValue("queue/jobs", jobs_->value());
    s.setValue("queue/scope", scope_->currentIndex());
    s.setValue("queue/onlySelectedLog", follow_selected_->isChecked());
}

void RunQueuePanel::restoreSettings() {
    QSettings s;
    if (s.contains("queue/jobs")) jobs_->setValue(s.value("queue/jobs").toInt());
    scope_->setCurrentIndex(s.value("queue/scope", 0).toInt());
    follow_selected_->setChecked(s.value("queue/onlySelectedLog", false).toBool());
}

}  // namespace sextant::ui
