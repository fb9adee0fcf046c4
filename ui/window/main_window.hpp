// The workbench window: experiments and their editor on the left, the runs table and the
// plots in the middle, details of the selected runs on the right, the run queue and its
// log at the bottom. The window only arranges and wires; each part lives in its own class.
#pragma once

#include "catalog/plugin_catalog.hpp"
#include "document/project_document.hpp"
#include "queue/run_queue.hpp"
#include "results/project_results.hpp"
#include "results/run_selection.hpp"

#include <QMainWindow>

class QMenu;
class QSplitter;

namespace sextant::ui {

class ExperimentsPanel;
class PlotPanel;
class RunDetailsPane;
class RunQueuePanel;
class RunsView;

struct MainWindowOptions {
    QString cli_program;  // default: sextant-cli beside this executable
    bool restore_layout = true;
};

class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(MainWindowOptions options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    bool openProject(const QString& path, QString* error = nullptr);
    // A new project file with one experiment of this plugin at its defaults (none when empty).
    bool newProject(const QString& path, const std::string& plugin_id, QString* error = nullptr);

    ProjectDocument& document() { return document_; }
    PluginCatalog& catalog() { return catalog_; }
    ProjectResults& results() { return results_; }
    RunSelection& selection() { return selection_; }
    RunQueue& queue() { return queue_; }
    ExperimentsPanel* experiments() const { return experiments_; }
    RunsView* runs() const { return runs_; }
    PlotPanel* plots() const { return plots_; }
    RunDetailsPane* details() const { return details_; }
    RunQueuePanel* queuePanel() const { return queue_panel_; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void updateTitle();
    void fillRecentMenu();
    bool maybeSave();
    bool save();
    bool saveAs();
    void askNewProject();
    void askOpenProject();
    bool prepareRun(RunRequestOptions& options, QString* error);
    std::pair<QString, QString> describeRun(std::int64_t run_id);
    void saveSettings() const;
    void restoreSettings();

    ProjectDocument document_;
    PluginCatalog catalog_;
    ProjectResults results_;
    RunSelection selection_;
    RunQueue queue_;
    ExperimentsPanel* experiments_ = nullptr;
    RunsView* runs_ = nullptr;
    PlotPanel* plots_ = nullptr;
    RunDetailsPane* details_ = nullptr;
    RunQueuePanel* queue_panel_ = nullptr;
    QSplitter* center_ = nullptr;
    QMenu* recent_ = nullptr;
};

}  // namespace sextant::ui
