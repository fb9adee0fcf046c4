#include "results/project_results.hpp"

#include "plots/plot_runs.hpp"

#include <QFileInfo>

namespace sextant::ui {

ProjectResults::ProjectResults(QObject* parent) : QObject(parent) {
    throttle_.setSingleShot(true);
    throttle_.setInterval(250);
    connect(&throttle_, &QTimer::timeout, this, &ProjectResults::changed);
}

ProjectResults::~ProjectResults() = default;

void ProjectResults::setDatabase(const QString& path) {
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
    done_ = std::make_shared<const std::vector<PlotRun>>(load_plot_runs(*store, ""));
    done_version_ = version;
    ++done_reads_;
    return done_;
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
