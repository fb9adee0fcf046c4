#include "document/project_document.hpp"

#include <QFileInfo>

#include <filesystem>

namespace sextant::ui {

ProjectDocument::ProjectDocument(QObject* parent) : QObject(parent) {}

bool ProjectDocument::open(const QString& path, QString* error) {
    try {
        Project loaded = Project::load(path.toStdString());
        project_ = std::move(loaded);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    path_ = QFileInfo(path).absoluteFilePath();
    setModified(false);
    Q_EMIT projectReplaced();
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
    setModified(false);
    Q_EMIT projectReplaced();
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
    setModified(false);
    Q_EMIT saved(path_);
    return true;
}

void ProjectDocument::close() {
    project_ = Project{};
    path_.clear();
    setModified(false);
    Q_EMIT projectReplaced();
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

void ProjectDocument::editExperiment(int index, const std::function<void(Experiment&)>& edit) {
    if (index < 0 || index >= experimentCount()) return;
    auto& x = project_.experiments[static_cast<std::size_t>(index)];
    const auto before = experiment_to_json(x);
    edit(x);
    if (experiment_to_json(x) == before) return;
    setModified(true);
    Q_EMIT experimentChanged(index);
}

std::string ProjectDocument::uniqueExperimentName(const std::string& wanted) const {
    std::string name = wanted.empty() ? "experiment" : wanted;
    for (int n = 2; indexOf(name) >= 0; ++n) name = wanted + "-" + std::to_string(n);
    return name;
}

int ProjectDocument::addExperiment(Experiment experiment) {
    experiment.name = uniqueExperimentName(experiment.name);
    project_.experiments.push_back(std::move(experiment));
    setModified(true);
    Q_EMIT experimentsChanged();
    return experimentCount() - 1;
}

void ProjectDocument::removeExperiment(int index) {
    if (index < 0 || index >= experimentCount()) return;
    project_.experiments.erase(project_.experiments.begin() + index);
    setModified(true);
    Q_EMIT experimentsChanged();
}

void ProjectDocument::setUiState(const std::string& key, const nlohmann::json& value) {
    if (!project_.ui.is_object()) project_.ui = nlohmann::json::object();
    project_.ui[key] = value;
}

nlohmann::json ProjectDocument::uiState(const std::string& key) const {
    if (!project_.ui.is_object() || !project_.ui.contains(key)) return nullptr;
    return project_.ui[key];
}

void ProjectDocument::setModified(bool modified) {
    if (modified_ == modified) return;
    modified_ = modified;
    Q_EMIT modifiedChanged(modified);
}

}  // namespace sextant::ui
