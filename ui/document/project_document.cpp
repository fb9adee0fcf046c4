#include "document/project_document.hpp"

#include "document/project_commands.hpp"

#include <QFileInfo>

#include <filesystem>

namespace sextant::ui {

ProjectDocument::ProjectDocument(QObject* parent) : QObject(parent) {
    connect(&undo_, &QUndoStack::cleanChanged, this, &ProjectDocument::updateModified);
}

void ProjectDocument::replaced() {
    undo_.clear();
    undo_.setClean();
    plots_modified_ = false;
    updateModified();
    Q_EMIT projectReplaced();
}

bool ProjectDocument::open(const QString& path, QString* error) {
    try {
        Project loaded = Project::load(path.toStdString());
        project_ = std::move(loaded);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    path_ = QFileInfo(path).absoluteFilePath();
    replaced();
    return true;
}

bool ProjectDocument::create(const QString& path, Project project, QString* error) {
    try {
        project.save(path.toStdString());
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    project_ = std::move(project);
    path_ = QFileInfo(path).absoluteFilePath();
    replaced();
    return true;
}

bool ProjectDocument::save(QString* error) { return saveAs(path_, error); }

bool ProjectDocument::saveAs(const QString& path, QString* error) {
    if (path.isEmpty()) {
        if (error) *error = tr("the project has no file yet");
        return false;
    }
    try {
        project_.save(path.toStdString());
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    path_ = QFileInfo(path).absoluteFilePath();
    undo_.setClean();
    plots_modified_ = false;
    updateModified();
    Q_EMIT saved(path_);
    return true;
}

void ProjectDocument::close() {
    project_ = Project{};
    path_.clear();
    replaced();
}

QString ProjectDocument::databasePath() const {
    return path_.isEmpty() ? QString() : QString::fromStdString(database_path(path_.toStdString()).string());
}

QString ProjectDocument::displayName() const {
    if (!project_.name.empty()) return QString::fromStdString(project_.name);
    return path_.isEmpty() ? tr("Untitled") : QFileInfo(path_).completeBaseName();
}

const Experiment* ProjectDocument::experiment(int index) const {
    if (index < 0 || index >= experimentCount()) return nullptr;
    return &project_.experiments[static_cast<std::size_t>(index)];
}

int ProjectDocument::indexOf(const std::string& name) const {
    for (int i = 0; i < experimentCount(); ++i)
        if (project_.experiments[static_cast<std::size_t>(i)].name == name) return i;
    return -1;
}

void ProjectDocument::editExperiment(int index, const std::function<void(Experiment&)>& edit, const QString& what,
                                     const QString& field) {
    if (index < 0 || index >= experimentCount()) return;
    const Experiment& before = project_.experiments[static_cast<std::size_t>(index)];
    Experiment after = before;
    edit(after);
    if (experiment_to_json(after) == experiment_to_json(before)) return;
    undo_.push(new EditExperimentCommand(*this, index, before, std::move(after),
                                         what.isEmpty() ? tr("Edit %1").arg(QString::fromStdString(before.name)) : what,
                                         field));
}

void ProjectDocument::setExperimentPlots(int index, const nlohmann::json& plots) {
    if (index < 0 || index >= experimentCount()) return;
    auto& x = project_.experiments[static_cast<std::size_t>(index)];
    if (x.plots == plots) return;
    x.plots = plots;
    plots_modified_ = true;
    updateModified();
    Q_EMIT experimentChanged(index);
}

void ProjectDocument::putExperiment(int index, const Experiment& experiment) {
    auto& x = project_.experiments[static_cast<std::size_t>(index)];
    nlohmann::json plots = std::move(x.plots);
    x = experiment;
    x.plots = std::move(plots);
    Q_EMIT experimentChanged(index);
}

void ProjectDocument::insertExperiment(int index, const Experiment& experiment) {
    project_.experiments.insert(project_.experiments.begin() + index, experiment);
    Q_EMIT experimentsChanged();
}

Experiment ProjectDocument::takeExperiment(int index) {
    Experiment x = std::move(project_.experiments[static_cast<std::size_t>(index)]);
    project_.experiments.erase(project_.experiments.begin() + index);
    Q_EMIT experimentsChanged();
    return x;
}

std::string ProjectDocument::uniqueExperimentName(const std::string& wanted) const {
    std::string name = wanted.empty() ? "experiment" : wanted;
    for (int n = 2; indexOf(name) >= 0; ++n) name = wanted + "-" + std::to_string(n);
    return name;
}

int ProjectDocument::addExperiment(Experiment experiment) {
    experiment.name = uniqueExperimentName(experiment.name);
    const int index = experimentCount();
    undo_.push(new AddRemoveExperimentCommand(*this, index, std::move(experiment), true));
    return index;
}

void ProjectDocument::removeExperiment(int index) {
    if (index < 0 || index >= experimentCount()) return;
    undo_.push(
        new AddRemoveExperimentCommand(*this, index, project_.experiments[static_cast<std::size_t>(index)], false));
}

void ProjectDocument::setUiState(const std::string& key, const nlohmann::json& value) {
    if (!project_.ui.is_object()) project_.ui = nlohmann::json::object();
    project_.ui[key] = value;
}

nlohmann::json ProjectDocument::uiState(const std::string& key) const {
    if (!project_.ui.is_object() || !project_.ui.contains(key)) return nullptr;
    return project_.ui[key];
}

void ProjectDocument::updateModified() {
    const bool modified = !undo_.isClean() || plots_modified_;
    if (modified_ == modified) return;
    modified_ = modified;
    Q_EMIT modifiedChanged(modified);
}

}  // namespace sextant::ui
