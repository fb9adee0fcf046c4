#include "queue/run_queue.hpp"

#include "catalog/plugin_catalog.hpp"
#include "exec/worker_protocol.hpp"

#include <QCoreApplication>
#include <QDeadlineTimer>

namespace sextant::ui {

RunQueue::RunQueue(QString cli_program, QObject* parent)
    : QObject(parent), cli_(cli_program.isEmpty() ? PluginCatalog::defaultCliProgram() : std::move(cli_program)) {}

RunQueue::~RunQueue() {
    if (process_) {
        process_->disconnect(this);
        process_->terminate();
        if (!process_->waitForFinished(5000)) process_->kill();
        process_->waitForFinished(1000);
    }
}

QStringList RunQueue::arguments(const RunRequestOptions& o) const {
    QStringList args{"run", o.project, "--events"};
    for (const auto& x : o.experiments) args << "--experiment" << x;
    if (o.jobs > 0) args << "--jobs" << QString::number(o.jobs);
    if (o.retry_failed) args << "--retry-failed";
    return args;
}

bool RunQueue::start(const RunRequestOptions& options, QString* error) {
    if (process_) {
        if (error) *error = tr("a sweep is already running");
        return false;
    }
    pending_.clear();
    stderr_text_.clear();
    cancelling_ = false;
    process_ = new QProcess(this);
    connect(process_, &QProcess::readyReadStandardOutput, this, &RunQueue::readEvents);
    connect(process_, &QProcess::readyReadStandardError, this, &RunQueue::readMessages);
    connect(process_, &QProcess::finished, this, &RunQueue::processFinished);
    process_->start(cli_, arguments(options));
    if (!process_->waitForStarted(10000)) {
        if (error) *error = tr("cannot start %1: %2").arg(cli_, process_->errorString());
        process_->deleteLater();
        process_ = nullptr;
        return false;
    }
    Q_EMIT started();
    return true;
}

void RunQueue::cancel() {
    if (!process_ || cancelling_) return;
    cancelling_ = true;
    process_->terminate();
}

void RunQueue::readEvents() {
    if (!process_) return;
    pending_ += process_->readAllStandardOutput();
    qsizetype start = 0;
    for (qsizetype nl; (nl = pending_.indexOf('\n', start)) >= 0; start = nl + 1) {
        const std::string line(pending_.constData() + start, static_cast<std::size_t>(nl - start));
        if (line.empty()) continue;
        Q_EMIT runEvent(protocol::decode_event(line, 0));
    }
    pending_.remove(0, start);
}

void RunQueue::readMessages() {
    if (!process_) return;
    const QString text = QString::fromUtf8(process_->readAllStandardError());
    stderr_text_ += text;
    for (const auto& line : text.split('\n', Qt::SkipEmptyParts)) Q_EMIT message(line);
}

void RunQueue::processFinished(int exit_code, QProcess::ExitStatus status) {
    if (!process_) return;
    readEvents();
    readMessages();
    QProcess* p = process_;
    process_ = nullptr;
    p->deleteLater();
    cancelling_ = false;
    const int code = status == QProcess::NormalExit ? exit_code : -1;
    Q_EMIT finished(code, stderr_text_.trimmed());
}

bool RunQueue::waitForFinished(int timeout_ms) {
    QDeadlineTimer deadline(timeout_ms);
    while (process_ && !deadline.hasExpired()) {
        process_->waitForReadyRead(20);
        QCoreApplication::processEvents();
    }
    return !process_;
}

}  // namespace sextant::ui
