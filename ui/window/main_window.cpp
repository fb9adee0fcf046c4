#include "window/main_window.hpp"
#include "plugins/headline_metrics.hpp"
#include "project/experiment_defaults.hpp"

#include "document/recent_projects.hpp"
#include "params/sweep.hpp"
#include "editor/experiments_panel.hpp"
#include "plots/plot_panel.hpp"
#include "queue/run_queue_panel.hpp"
#include "results/run_details_pane.hpp"
#include "results/runs_table_model.hpp"
#include "results/runs_view.hpp"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>

// Resources of a static library are registered by hand (outside any namespace).
static void register_resources() { Q_INIT_RESOURCE(sextant); }

namespace sextant::ui {

MainWindow::MainWindow(MainWindowOptions options, QWidget* parent)
    : QMainWindow(parent), catalog_(options.cli_program), queue_(options.cli_program) {
    register_resources();
    setObjectName("SextantMainWindow");
    setWindowIcon(QIcon(":/sextant/sextant.svg"));
    setDockNestingEnabled(true);

    experiments_ = new ExperimentsPanel(document_, catalog_, this);
    runs_ = new RunsView(results_, selection_, this);
    // The table shows each experiment's headline metrics first (declared by its own plugin);
    // asked again once the declarations arrive.
    const auto headline_of = [this](const std::string& plugin_id) {
        const PluginInfo* info = catalog_.find(plugin_id);
        return info ? headline_metrics(*info) : std::vector<std::string>{};
    };
    runs_->setHeadlineLookup(headline_of);
    connect(&catalog_, &PluginCatalog::loaded, runs_, [this, headline_of] { runs_->setHeadlineLookup(headline_of); });
    plots_ = new PlotPanel(document_, results_, selection_, catalog_, this);
    details_ = new RunDetailsPane(results_, selection_, this);
    queue_panel_ = new RunQueuePanel(queue_, this);
    queue_panel_->setPrepare([this](RunRequestOptions& o, QString* e) { return prepareRun(o, e); });
    queue_panel_->model().setDescribe([this](std::int64_t id) { return describeRun(id); });

    center_ = new QSplitter(Qt::Vertical, this);
    center_->setObjectName("centerSplitter");
    center_->addWidget(runs_);
    center_->addWidget(plots_);
    center_->setStretchFactor(0, 2);
    center_->setStretchFactor(1, 3);
    setCentralWidget(center_);

    auto dock = [this](QWidget* w, const QString& title, const char* name, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(w);
        addDockWidget(area, d);
        return d;
    };
    dock(experiments_, tr("Experiments"), "experimentsDock", Qt::LeftDockWidgetArea);
    dock(details_, tr("Run details"), "detailsDock", Qt::RightDockWidgetArea);
    dock(queue_panel_, tr("Run queue and log"), "queueDock", Qt::BottomDockWidgetArea);
    resize(1500, 950);
    resizeDocks(findChildren<QDockWidget*>("experimentsDock"), {420}, Qt::Horizontal);
    resizeDocks(findChildren<QDockWidget*>("detailsDock"), {360}, Qt::Horizontal);
    resizeDocks(findChildren<QDockWidget*>("queueDock"), {230}, Qt::Vertical);

    buildMenus();
    statusBar();

    connect(&document_, &ProjectDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(&document_, &ProjectDocument::saved, this, &MainWindow::updateTitle);
    connect(&document_, &ProjectDocument::projectReplaced, this, [this] {
        results_.setDatabase(document_.databasePath());
        selection_.set({});
        updateTitle();
    });
    connect(experiments_, &ExperimentsPanel::currentChanged, plots_, &PlotPanel::setExperiment);
    connect(&queue_, &RunQueue::runEvent, &results_, [this](const RunEvent&) { results_.notifyChanged(); });
    connect(&queue_, &RunQueue::started, this, [this] {
        results_.notifyChangedNow();
        statusBar()->showMessage(tr("Sweep started"), 3000);
    });
    connect(&queue_, &RunQueue::finished, this, [this](int code, const QString&) {
        results_.notifyChangedNow();
        statusBar()->showMessage(code == 0   ? tr("Sweep finished: every run done")
                                 : code == 1 ? tr("Sweep finished: some runs failed or were cancelled")
                                             : tr("The sweep did not run"),
                                 8000);
    });
    connect(queue_panel_, &RunQueuePanel::runSelected, &selection_, [this](std::int64_t id) { selection_.set({id}); });
    connect(&catalog_, &PluginCatalog::failed, this, [this](const QString& message) {
        statusBar()->showMessage(tr("Plugin declarations unavailable: %1").arg(message));
    });

    if (options.restore_layout) restoreSettings();
    updateTitle();
    catalog_.refresh();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(QIcon::fromTheme("document-new"), tr("&New project…"), QKeySequence::New, this,
                    &MainWindow::askNewProject);
    file->addAction(QIcon::fromTheme("document-open"), tr("&Open project…"), QKeySequence::Open, this,
                    &MainWindow::askOpenProject);
    recent_ = file->addMenu(tr("Open &recent"));
    connect(recent_, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addAction(QIcon::fromTheme("document-save"), tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
    file->addAction(tr("Save &as…"), QKeySequence::SaveAs, this, &MainWindow::saveAs);
    file->addSeparator();
    file->addAction(tr("Export runs as CSV…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export runs"), "runs.csv", tr("CSV (*.csv)"));
        QString error;
        if (!path.isEmpty() && !runs_->exportCsv(path, &error)) QMessageBox::warning(this, tr("Export failed"), error);
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    // Undo/redo of project edits; a text field's own Ctrl+Z still undoes its typing first.
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = document_.undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcuts(QKeySequence::Undo);
    undo->setObjectName("undoAction");
    QAction* redo = document_.undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts(QKeySequence::Redo);
    redo->setObjectName("redoAction");
    edit->addAction(undo);
    edit->addAction(redo);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(tr("&Start sweep"), QKeySequence(Qt::CTRL | Qt::Key_R), this,
                   [this] { queue_panel_->startRuns(false); });
    run->addAction(tr("&Retry failed runs"), this, [this] { queue_panel_->startRuns(true); });
    run->addAction(tr("&Cancel sweep"), QKeySequence(Qt::CTRL | Qt::Key_Period), this,
                   [this] { queue_panel_->cancelRuns(); });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (auto* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
    view->addSeparator();
    view->addAction(tr("Read plugin declarations again"), this, [this] { catalog_.refresh(true); });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Sextant"), this, [this] {
        QMessageBox::about(this, tr("About Sextant"),
                           tr("<h3>Sextant</h3><p>A desktop workbench for ML-systems experiments.</p>"
                              "<p>Runs execute in sextant-cli worker processes; results are stored in "
                              "NAME.sextant.db beside the project.</p>"));
    });
}

void MainWindow::updateTitle() {
    const QString name = document_.isOpen() ? QFileInfo(document_.path()).fileName() : tr("no project");
    setWindowTitle(QStringLiteral("%1[*] - Sextant").arg(name));
    setWindowModified(document_.isModified());
}

void MainWindow::fillRecentMenu() {
    recent_->clear();
    for (const auto& path : RecentProjects::list())
        recent_->addAction(path, this, [this, path] {
            QString error;
            if (maybeSave() && !openProject(path, &error)) QMessageBox::warning(this, tr("Cannot open"), error);
        });
    if (recent_->isEmpty()) recent_->addAction(tr("(none)"))->setEnabled(false);
    else {
        recent_->addSeparator();
        recent_->addAction(tr("Clear"), this, [] { RecentProjects::clear(); });
    }
}

bool MainWindow::openProject(const QString& path, QString* error) {
    if (!document_.open(path, error)) return false;
    RecentProjects::add(document_.path());
    return true;
}

bool MainWindow::newProject(const QString& path, const std::string& plugin_id, QString* error) {
    Project p;
    p.name = QFileInfo(path).completeBaseName().toStdString();
    if (!plugin_id.empty()) {
        p.experiments.push_back(experiment_at_defaults(plugin_id, catalog_.find(plugin_id)));
    }
    if (!document_.create(path, p, error)) return false;
    RecentProjects::add(document_.path());
    return true;
}

void MainWindow::askNewProject() {
    if (!maybeSave()) return;
    QString path =
        QFileDialog::getSaveFileName(this, tr("New project"), "experiment.sextant", tr("Sextant projects (*.sextant)"));
    if (path.isEmpty()) return;
    if (!path.endsWith(".sextant")) path += ".sextant";
    std::string plugin;
    if (catalog_.isLoaded() && !catalog_.plugins().empty()) {
        QStringList ids;
        for (const auto& p : catalog_.plugins()) ids << QString::fromStdString(p.id + " - " + p.name);
        bool ok = false;
        const QString choice =
            QInputDialog::getItem(this, tr("New project"), tr("First experiment's plugin:"), ids, 0, false, &ok);
        if (!ok) return;
        plugin = choice.section(" - ", 0, 0).toStdString();
    }
    QString error;
    if (!newProject(path, plugin, &error)) QMessageBox::warning(this, tr("Cannot create the project"), error);
}

void MainWindow::askOpenProject() {
    if (!maybeSave()) return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), QString(),
                                                      tr("Sextant projects (*.sextant);;All files (*)"));
    QString error;
    if (!path.isEmpty() && !openProject(path, &error)) QMessageBox::warning(this, tr("Cannot open the project"), error);
}

bool MainWindow::save() {
    if (!document_.isOpen()) return saveAs();
    QString error;
    if (document_.save(&error)) return true;
    QMessageBox::warning(this, tr("Cannot save"), error);
    return false;
}

bool MainWindow::saveAs() {
    QString path =
        QFileDialog::getSaveFileName(this, tr("Save project as"), document_.path(), tr("Sextant projects (*.sextant)"));
    if (path.isEmpty()) return false;
    if (!path.endsWith(".sextant")) path += ".sextant";
    QString error;
    if (!document_.saveAs(path, &error)) {
        QMessageBox::warning(this, tr("Cannot save"), error);
        return false;
    }
    // Results live beside the project file: the new name has its own (empty) store.
    results_.setDatabase(document_.databasePath());
    RecentProjects::add(document_.path());
    return true;
}

bool MainWindow::maybeSave() {
    if (!document_.isModified()) return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved changes"), tr("%1 has unsaved changes. Save them?").arg(document_.displayName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel) return false;
    if (answer == QMessageBox::Save) return save();
    return true;
}

bool MainWindow::prepareRun(RunRequestOptions& options, QString* error) {
    if (!document_.isOpen()) {
        *error = tr("Open or create a project first.");
        return false;
    }
    const Experiment* x = document_.experiment(experiments_->current());
    if (!queue_panel_->allExperiments() && !x) {
        *error = tr("The project has no experiment to run.");
        return false;
    }
    // sextant-cli runs what is in the file: save first.
    if (document_.isModified() && !document_.save(error)) return false;
    options.project = document_.path();
    if (!queue_panel_->allExperiments()) options.experiments = {QString::fromStdString(x->name)};
    return true;
}

// A queued run in words: its experiment and the values of the parameters its sweep varies.
std::pair<QString, QString> MainWindow::describeRun(std::int64_t id) {
    RunStore* store = results_.reader();
    const auto run = store ? store->run(id) : std::nullopt;
    if (!run) return {};
    std::vector<std::string> varied;
    if (const Experiment* x = document_.experiment(document_.indexOf(run->experiment)))
        varied = varied_params(read_sweep(x->sweep));
    QStringList parts;
    for (const auto& name : varied)
        if (const auto it = run->params.find(name); it != run->params.end())
            parts << QString::fromStdString(name) + "=" + param_text(*it);
    parts << QStringLiteral("seed=%1").arg(run->seed);
    return {QString::fromStdString(run->experiment), parts.join("  ")};
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (queue_.isRunning()) {
        if (QMessageBox::question(this, tr("A sweep is running"),
                                  tr("Cancel the running sweep and quit? Runs already done are kept.")) !=
            QMessageBox::Yes) {
            event->ignore();
            return;
        }
        queue_.cancel();
        queue_.waitForFinished(15000);
    }
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
}

void MainWindow::saveSettings() const {
    QSettings s;
    s.setValue("window/geometry", saveGeometry());
    s.setValue("window/state", saveState());
    s.setValue("window/center", center_->saveState());
    runs_->saveSettings();
    plots_->saveSettings();
    queue_panel_->saveSettings();
}

void MainWindow::restoreSettings() {
    QSettings s;
    restoreGeometry(s.value("window/geometry").toByteArray());
    restoreState(s.value("window/state").toByteArray());
    center_->restoreState(s.value("window/center").toByteArray());
    runs_->restoreSettings();
    plots_->restoreSettings();
    queue_panel_->restoreSettings();
}

}  // namespace sextant::ui
