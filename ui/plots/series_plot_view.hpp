// Metric against step for the selected runs, overlaid. Large series (1,000,000 points)
// stay fluid: QCustomPlot draws a sorted graph through adaptive sampling (at most a few
// points per pixel column), and antialiasing is off while dragging.
#pragma once

#include "plots/plot_view.hpp"

#include <QList>

#include <cstdint>
#include <map>

class QCheckBox;
class QComboBox;

namespace sextant::ui {

class ProjectResults;
class RunSelection;

class SeriesPlotView final : public PlotView {
    Q_OBJECT
public:
    SeriesPlotView(ProjectResults& results, RunSelection& selection, QWidget* parent = nullptr);

    QString kind() const override { return "series"; }
    CsvTable plottedData() const override;
    nlohmann::json config() const override;
    void applyConfig(const nlohmann::json& config) override;
    void refresh() override;
    int pointCount() const override;
    QComboBox* metricBox() const { return metric_; }

    static constexpr int kMaxRuns = 30;

private:
    void fillMetrics();
    void draw(bool rescale);

    ProjectResults& results_;
    RunSelection& selection_;
    QComboBox* metric_ = nullptr;
    QCheckBox* log_y_ = nullptr;
    std::string wanted_metric_;
    QList<std::int64_t> drawn_runs_;
    std::string drawn_metric_;
    std::map<std::int64_t, bool> finished_;   // runs whose series can no longer grow
};

}  // namespace sextant::ui
