#include "editor/sweep_editor.hpp"

#include "editor/random_sweep_editor.hpp"
#include "editor/sweep_axes_editor.hpp"
#include "editor/sweep_points_editor.hpp"

#include <QSettings>
#include <QTabWidget>
#include <QVBoxLayout>

namespace sextant::ui {

SweepEditor::SweepEditor(QWidget* parent) : QWidget(parent) {
    tabs_ = new QTabWidget(this);
    tabs_->setObjectName("sweepTabs");
    grid_ = new SweepAxesEditor(tabs_);
    random_ = new RandomSweepEditor(tabs_);
    points_ = new SweepPointsEditor(tabs_);
    tabs_->addTab(grid_, {});
    tabs_->addTab(random_, {});
    tabs_->addTab(points_, {});
    tabs_->setTabToolTip(0, tr("Every combination of the axes' values"));
    tabs_->setTabToolTip(1, tr("Samples drawn from a seed, each combined with every grid point"));
    tabs_->setTabToolTip(2, tr("Extra points, each a few parameter values"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tabs_);

    auto part = [this](const char* name) {
        return [this, name](const nlohmann::json& value) {
            if (value.is_null()) sweep_.erase(name);
            else sweep_[name] = value;
            updateTitles(read_sweep(sweep_));
            Q_EMIT partEdited(QString::fromLatin1(name), value);
        };
    };
    connect(grid_, &SweepAxesEditor::gridEdited, this, part("grid"));
    connect(random_, &RandomSweepEditor::randomEdited, this, part("random"));
    connect(points_, &SweepPointsEditor::pointsEdited, this, part("points"));
    updateTitles({});
    // The kind of sweep the researcher works with stays in front.
    tabs_->setCurrentIndex(QSettings().value("editor/sweepTab", 0).toInt());
    connect(tabs_, &QTabWidget::currentChanged, this, [](int tab) { QSettings().setValue("editor/sweepTab", tab); });
}

void SweepEditor::setPlugin(const PluginInfo* plugin) {
    grid_->setPlugin(plugin);
    random_->setPlugin(plugin);
    points_->setPlugin(plugin);
}

void SweepEditor::setSweep(const nlohmann::json& sweep) {
    sweep_ = sweep.is_object() ? sweep : nlohmann::json::object();
    const Sweep typed = read_sweep(sweep_);
    grid_->setGrid(typed.grid);
    random_->setRandom(typed.random);
    points_->setPoints(typed.points);
    updateTitles(typed);
}

void SweepEditor::updateTitles(const Sweep& sweep) {
    const int axes = static_cast<int>(sweep.grid.size());
    tabs_->setTabText(0, axes == 1 ? tr("Grid (1 axis)") : tr("Grid (%1 axes)").arg(axes));
    tabs_->setTabText(1, !sweep.random             ? tr("Random (off)")
                         : sweep.random->count > 0 ? tr("Random (%1 samples)").arg(sweep.random->count)
                                                   : tr("Random"));
    tabs_->setTabText(2, tr("Points (%1)").arg(sweep.points.size()));
}

}  // namespace sextant::ui
