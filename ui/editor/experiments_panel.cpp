#include "editor/experiments_panel.hpp"
#include "project/experiment_defaults.hpp"

#include "catalog/plugin_catalog.hpp"
#include "document/project_document.hpp"
#include "editor/experiment_editor.hpp"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace sextant::ui {

ExperimentsPanel::ExperimentsPanel(ProjectDocument& document, PluginCatalog& catalog, QWidget* parent)
    : QWidget(parent), document_(document), catalog_(catalog) {
    list_ = new QListWidget(this);
    list_->setObjectName("experimentList");
    auto* add = new QPushButton(tr("Add…"), this);
    add->setToolTip(tr("Add an experiment of an installed plugin, every parameter at its default"));
    auto* duplicate = new QPushButton(tr("Duplicate"), this);
    auto* remove = new QPushButton(tr("Remove"), this);
    remove->setToolTip(tr("Remove the experiment from the project (its stored runs stay in the results)"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(duplicate);
    buttons->addWidget(remove);
    buttons->addStretch();

    auto* top = new QWidget(this);
    auto* top_layout = new QVBoxLayout(top);
    top_layout->setContentsMargins(0, 0, 0, 0);
    top_layout->addWidget(list_);
    top_layout->addLayout(buttons);

    editor_ = new ExperimentEditor(document_, catalog_);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(editor_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(scroll);
    split->setStretchFactor(1, 4);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(split);

    connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
        editor_->setExperiment(row);
        Q_EMIT currentChanged(row);
    });
    connect(add, &QPushButton::clicked, this, &ExperimentsPanel::chooseAndAdd);
    connect(duplicate, &QPushButton::clicked, this, [this] {
        if (const auto* x = document_.experiment(current())) {
            Experiment copy = *x;
            setCurrent(document_.addExperiment(copy));
        }
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const auto* x = document_.experiment(current());
        if (!x) return;
        if (QMessageBox::question(
                this, tr("Remove experiment"),
                tr("Remove '%1' from the project? Its stored runs are kept.").arg(QString::fromStdString(x->name))) !=
            QMessageBox::Yes)
            return;
        const int row = current();
        document_.removeExperiment(row);
        setCurrent(std::min(row, document_.experimentCount() - 1));
    });
    connect(&document_, &ProjectDocument::projectReplaced, this, [this] {
        fillList();
        setCurrent(document_.experimentCount() > 0 ? 0 : -1);
    });
    // Added or removed (also by undo/redo): the row may now hold another experiment.
    connect(&document_, &ProjectDocument::experimentsChanged, this, [this] {
        fillList();
        editor_->setExperiment(current());
        Q_EMIT currentChanged(current());
    });
    connect(&document_, &ProjectDocument::experimentChanged, this, [this](int index) {
        if (auto* item = list_->item(index)) item->setText(QString::fromStdString(document_.experiment(index)->name));
    });
    fillList();
}

void ExperimentsPanel::fillList() {
    const int row = list_->currentRow();
    const QSignalBlocker block(list_);
    list_->clear();
    for (int i = 0; i < document_.experimentCount(); ++i) {
        const auto* x = document_.experiment(i);
        auto* item = new QListWidgetItem(QString::fromStdString(x->name), list_);
        item->setToolTip(QString::fromStdString(x->plugin + (x->description.empty() ? "" : ": " + x->description)));
    }
    list_->setCurrentRow(std::min(row, list_->count() - 1));
}

int ExperimentsPanel::current() const { return list_->currentRow(); }

void ExperimentsPanel::setCurrent(int index) {
    if (list_->currentRow() == index) {
        editor_->setExperiment(index);
        Q_EMIT currentChanged(index);
        return;
    }
    list_->setCurrentRow(index);
}

int ExperimentsPanel::addExperiment(const std::string& plugin_id) {
    const Experiment x = experiment_at_defaults(plugin_id, catalog_.find(plugin_id));
    const int index = document_.addExperiment(x);
    setCurrent(index);
    return index;
}

void ExperimentsPanel::chooseAndAdd() {
    if (!catalog_.isLoaded()) {
        QMessageBox::information(this, tr("Add experiment"),
                                 catalog_.lastError().isEmpty() ? tr("The plugin declarations are still being read.")
                                                                : catalog_.lastError());
        return;
    }
    QStringList ids;
    for (const auto& p : catalog_.plugins()) ids << QString::fromStdString(p.id + " - " + p.name);
    if (ids.isEmpty()) {
        QMessageBox::information(this, tr("Add experiment"), tr("No plugin is installed."));
        return;
    }
    bool ok = false;
    const QString choice = QInputDialog::getItem(this, tr("Add experiment"), tr("Plugin:"), ids, 0, false, &ok);
    if (ok) addExperiment(choice.section(" - ", 0, 0).toStdString());
}

}  // namespace sextant::ui
