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

    connect(grid_, &SweepAxesEditor::gridEdited, this, [this](const std::vector<GridAxis>& grid) {
        sweep_.grid = grid;
        edited(SweepPart::Grid);
    });
    connect(random_, &RandomSweepEditor::randomEdited, this, [this](const std::optional<RandomSweep>& random) {
        sweep_.random = random;
        edited(SweepPart::Random);
    });
    connect(points_, &SweepPointsEditor::pointsEdited, this, [this](const std::vector<nlohmann::json>& points) {
        sweep_.points = points;
        edited(SweepPart::Points);
    });
    updateTitles();
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
    sweep_ = read_sweep(sweep);
    grid_->setGrid(sweep_.grid);
    random_->setRandom(sweep_.random);
    points_->setPoints(sweep_.points);
    updateTitles();
}

void SweepEditor::edited(SweepPart part) {
    updateTitles();
    Q_EMIT partEdited(part, sweep_);
}

void SweepEditor::updateTitles() {
    const int axes = static_cast<int>(sweep_.grid.size());
    tabs_->setTabText(0, axes == 1 ? tr("Grid (1 axis)") : tr("Grid (%1 axes)").arg(axes));
    tabs_->setTabText(1, !sweep_.random             ? tr("Random (off)")
                         : sweep_.random->count > 0 ? tr("Random (%1 samples)").arg(sweep_.random->count)
                                                    : tr("Random"));
    tabs_->setTabText(2, tr("Points (%1)").arg(sweep_.points.size()));
}

}  // namespace sextant::ui
