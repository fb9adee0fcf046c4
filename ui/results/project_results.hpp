// The open project's results (NAME.sextant.db): one read-only connection that every view
// shares, and a read-write one opened only to save tags and notes. sextant-cli is the
// writer of runs; WAL lets this process read while it writes.
#pragma once

#include "store/run_store.hpp"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <vector>

namespace sextant::ui {

struct PlotRun;

class ProjectResults final : public QObject {
    Q_OBJECT
public:
    explicit ProjectResults(QObject* parent = nullptr);
    ~ProjectResults() override;

    void setDatabase(const QString& path);
    QString databasePath() const { return path_; }

    // nullptr while the database does not exist yet (no run so far).
    RunStore* reader();
    bool setTags(std::int64_t run_id, const QStringList& tags, QString* error = nullptr);
    bool setNote(std::int64_t run_id, const QString& note, QString* error = nullptr);

    // The done runs of every experiment with their parameters and summaries, shared by the
    // plots and read again only after another connection committed (each plot reading all
    // of a 100,000-run project made opening it take seconds). Never null.
    std::shared_ptr<const std::vector<PlotRun>> doneRuns();
    int doneRunsReads() const { return done_reads_; }

    // Something was written (run events, annotations): views refresh, at most every 250 ms.
    void notifyChanged();
    // The same at once (tests, the end of a sweep).
    void notifyChangedNow();

Q_SIGNALS:
    void changed();

private:
    RunStore* writer(QString* error);

    QString path_;
    std::unique_ptr<RunStore> reader_;
    std::unique_ptr<RunStore> writer_;
    QTimer throttle_;
    std::shared_ptr<const std::vector<PlotRun>> done_;
    std::int64_t done_version_ = 0;
    int done_reads_ = 0;
};

}  // namespace sextant::ui
