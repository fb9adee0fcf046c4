// The plots: metric vs. step, the trade-off scatter with its Pareto front, grouped bars
// and parallel coordinates of the selected runs, in tabs, with export of the image (PNG/SVG/PDF at a chosen size) and of the plotted
// data (CSV). Plot choices are saved with the current experiment (Experiment::plots).
#pragma once

#include <QWidget>

class QSpinBox;
class QTabWidget;

namespace sextant::ui {

class BarPlotView;
class ParallelPlotView;
class PlotView;
class PluginCatalog;
class ProjectDocument;
class ProjectResults;
class RunSelection;
class SeriesPlotView;
class TradeoffPlotView;

class PlotPanel final : public QWidget {
    Q_OBJECT
public:
    PlotPanel(ProjectDocument& document, ProjectResults& results, RunSelection& selection, const PluginCatalog& catalog,
              QWidget* parent = nullptr);

    SeriesPlotView* series() const { return series_; }
    TradeoffPlotView* tradeoff() const { return tradeoff_; }
    BarPlotView* bars() const { return bars_; }
    ParallelPlotView* parallel() const { return parallel_; }
    PlotView* current() const;
    void showPlot(const QString& kind);

    // Loads the plot choices saved with this experiment; later changes are saved there.
    void setExperiment(int index);
    bool exportImage(const QString& path, QString* error = nullptr);
    bool exportData(const QString& path, QString* error = nullptr);
    void setExportSize(int width, int height);
    QSize exportSize() const;

    void saveSettings() const;
    void restoreSettings();

private:
    void saveConfig();
    void chooseImageFile();
    void chooseDataFile();

    ProjectDocument& document_;
    QTabWidget* tabs_ = nullptr;
    SeriesPlotView* series_ = nullptr;
    TradeoffPlotView* tradeoff_ = nullptr;
    BarPlotView* bars_ = nullptr;
    ParallelPlotView* parallel_ = nullptr;
    QSpinBox* width_ = nullptr;
    QSpinBox* height_ = nullptr;
    int experiment_ = -1;
    bool loading_ = false;
};

}  // namespace sextant::ui
