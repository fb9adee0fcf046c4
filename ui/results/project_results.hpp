// The open project's results (NAME.sextant.db): one read-only connection that every view
// shares, and a read-write one opened only to save tags and notes. sextant-cli is the
// writer of runs; WAL lets this process read while it writes.
#pragma once

#include "store/run_store.hpp"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <cstdint>
#include <memory>
#include <thread>
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
    // More done runs than backgroundReadAbove() are read on a thread of their own, so that
    // opening a big project does not wait for them: until doneRunsReady() the last snapshot
    // (empty at first) is returned and doneRunsLoading() is true.
    std::shared_ptr<const std::vector<PlotRun>> doneRuns();
    bool doneRunsLoading() const { return reading_.joinable(); }
    int doneRunsReads() const { return done_reads_; }
    std::int64_t backgroundReadAbove() const { return background_above_; }
    void setBackgroundReadAbove(std::int64_t runs) { background_above_ = runs; }

    // Something was written (run events, annotations): views refresh, at most every 250 ms.
    void notifyChanged();
    // The same at once (tests, the end of a sweep).
    void notifyChangedNow();

Q_SIGNALS:
    void changed();
    // A background read of the done runs finished: doneRuns() now returns it.
    void doneRunsReady();

private:
    RunStore* writer(QString* error);
    void startBackgroundRead(std::int64_t version);
    void finishBackgroundRead(std::uint64_t generation, std::int64_t version,
                              std::shared_ptr<const std::vector<PlotRun>> runs);
    void stopBackgroundRead();

    QString path_;
    std::unique_ptr<RunStore> reader_;
    std::unique_ptr<RunStore> writer_;
    QTimer throttle_;
    std::shared_ptr<const std::vector<PlotRun>> done_;
    std::int64_t done_version_ = 0;
    int done_reads_ = 0;
    // About 0.1 s of reading on this machine (docs/gui.md): below it, reading at once is
    // simpler for everyone and no slower to see.
    std::int64_t background_above_ = 20000;
    std::thread reading_;           // joinable from its start until its result is taken
    std::uint64_t generation_ = 0;  // a result read for an earlier database is dropped
};

}  // namespace sextant::ui
