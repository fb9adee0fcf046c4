// Runs a project's sweep the way a researcher would from a shell: `sextant-cli run PROJECT
// --experiment NAME --events` as a child process. Its stdout carries every run event as a
// JSON line; the CLI writes the run store and this process only reads it. Cancelling sends
// SIGTERM, which the CLI turns into a graceful cancellation of its workers.
#pragma once

#include "exec/run_events.hpp"

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace sextant::ui {

struct RunRequestOptions {
    QString project;
    QStringList experiments;  // empty: every experiment
    int jobs = 0;             // 0: the CLI's default (number of cores)
    bool retry_failed = false;
};

class RunQueue final : public QObject {
    Q_OBJECT
public:
    explicit RunQueue(QString cli_program = {}, QObject* parent = nullptr);
    ~RunQueue() override;

    bool start(const RunRequestOptions& options, QString* error = nullptr);
    void cancel();
    bool isRunning() const { return process_ != nullptr; }
    bool isCancelling() const { return cancelling_; }
    QStringList arguments(const RunRequestOptions& options) const;
    // Blocks (processing events) until the CLI has exited; for tests and scripts.
    bool waitForFinished(int timeout_ms);

Q_SIGNALS:
    void started();
    void runEvent(const sextant::RunEvent& event);
    void message(const QString& line);  // the CLI's own stderr (summary, errors)
    // exit_code: 0 all done, 1 some run failed, 2 bad input (message has why); -1: crashed.
    void finished(int exit_code, const QString& message);

private:
    void readEvents();
    void readMessages();
    void processFinished(int exit_code, QProcess::ExitStatus status);

    QString cli_;
    QProcess* process_ = nullptr;
    QByteArray pending_;
    QString stderr_text_;
    bool cancelling_ = false;
};

}  // namespace sextant::ui
