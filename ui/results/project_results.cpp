#include "results/project_results.hpp"

#include "plots/plot_runs.hpp"

#include <QFileInfo>
#include <QMetaObject>

namespace sextant::ui {

ProjectResults::ProjectResults(QObject* parent) : QObject(parent) {
    throttle_.setSingleShot(true);
    throttle_.setInterval(250);
    connect(&throttle_, &QTimer::timeout, this, &ProjectResults::changed);
}

ProjectResults::~ProjectResults() { stopBackgroundRead(); }

void ProjectResults::setDatabase(const QString& path) {
    stopBackgroundRead();
    reader_.reset();
    writer_.reset();
    done_.reset();
    path_ = path;
    notifyChangedNow();
}

RunStore* ProjectResults::reader() {
    if (!reader_ && !path_.isEmpty() && QFileInfo::exists(path_)) {
        try {
            reader_ = std::make_unique<RunStore>(path_.toStdString(), /*read_only=*/true);
        } catch (const std::exception&) {
            reader_.reset();  // being created right now; the next refresh tries again
        }
    }
    return reader_.get();
}

std::shared_ptr<const std::vector<PlotRun>> ProjectResults::doneRuns() {
    RunStore* store = reader();
    if (!store) return std::make_shared<const std::vector<PlotRun>>();
    // Any other connection's commit (sextant-cli, our own writer of tags and notes) changes it.
    const std::int64_t version = store->data_version();
    if (done_ && version == done_version_) return done_;
    if (reading_.joinable()) return done_ ? done_ : std::make_shared<const std::vector<PlotRun>>();
    RunQuery done;
    done.status = RunStatus::Done;
    if (store->count_runs(done) > background_above_) {
        startBackgroundRead(version);
        return done_ ? done_ : std::make_shared<const std::vector<PlotRun>>();
    }
    done_ = std::make_shared<const std::vector<PlotRun>>(load_plot_runs(*store, ""));
    done_version_ = version;
    ++done_reads_;
    return done_;
}

// The thread has a connection of its own (SQLite connections are not shared across threads)
// and hands its result back through the event loop.
void ProjectResults::startBackgroundRead(std::int64_t version) {
    const std::string path = path_.toStdString();
    const std::uint64_t generation = generation_;
    reading_ = std::thread([this, path, generation, version] {
        std::shared_ptr<const std::vector<PlotRun>> runs;
        try {
            RunStore store(path, /*read_only=*/true);
            runs = std::make_shared<const std::vector<PlotRun>>(load_plot_runs(store, ""));
        } catch (const std::exception&) {
            // like reader(): nothing replaces the snapshot, the next refresh tries again
        }
        QMetaObject::invokeMethod(
            this, [this, generation, version, runs] { finishBackgroundRead(generation, version, runs); },
            Qt::QueuedConnection);
    });
}

void ProjectResults::finishBackgroundRead(std::uint64_t generation, std::int64_t version,
                                          std::shared_ptr<const std::vector<PlotRun>> runs) {
    if (generation != generation_) return;  // setDatabase() came in between
    if (reading_.joinable()) reading_.join();
    if (!runs) return;
    done_ = std::move(runs);
    // The reader's version when the read began: a commit during the read is read again.
    done_version_ = version;
    ++done_reads_;
    Q_EMIT doneRunsReady();
}

void ProjectResults::stopBackgroundRead() {
    if (reading_.joinable()) reading_.join();  // at most one read's time
    ++generation_;
}

RunStore* ProjectResults::writer(QString* error) {
    if (!writer_ && !path_.isEmpty()) {
        try {
            writer_ = std::make_unique<RunStore>(path_.toStdString(), /*read_only=*/false);
        } catch (const std::exception& e) {
            if (error) *error = QString::fromStdString(e.what());
        }
    }
    return writer_.get();
}

bool ProjectResults::setTags(std::int64_t run_id, const QStringList& tags, QString* error) {
    RunStore* store = writer(error);
    if (!store) return false;
    std::vector<std::string> list;
    for (const auto& t : tags)
        if (!t.trimmed().isEmpty()) list.push_back(t.trimmed().toStdString());
    try {
        store->set_tags(run_id, list);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    notifyChanged();
    return true;
}

bool ProjectResults::setNote(std::int64_t run_id, const QString& note, QString* error) {
    RunStore* store = writer(error);
    if (!store) return false;
    try {
        store->set_note(run_id, note.toStdString());
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    notifyChanged();
    return true;
}

void ProjectResults::notifyChanged() {
    if (!throttle_.isActive()) throttle_.start();
}

void ProjectResults::notifyChangedNow() {
    throttle_.stop();
    Q_EMIT changed();
}

}  // namespace sextant::ui
