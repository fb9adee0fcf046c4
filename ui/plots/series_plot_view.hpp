// Metric against step for the selected runs, overlaid. Large series (1,000,000 points)
// stay fluid: each is kept as level-of-detail copies (SeriesLevels) and the graph gets only
// the points of the visible range at the finest level that fits a few points per pixel
// column; QCustomPlot's adaptive sampling and no antialiasing while dragging do the rest.
#pragma once

#include "plots/plot_view.hpp"

#include <QList>

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;

namespace sextant::ui {

class ProjectResults;
class SeriesLevels;
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
    void showVisibleRange();

    ProjectResults& results_;
    RunSelection& selection_;
    QComboBox* metric_ = nullptr;
    QCheckBox* log_y_ = nullptr;
    std::string wanted_metric_;
    QList<std::int64_t> drawn_runs_;
    std::string drawn_metric_;
    std::map<std::int64_t, bool> finished_;              // runs whose series can no longer grow
    std::vector<std::shared_ptr<SeriesLevels>> levels_;  // one per graph, full data
};

}  // namespace sextant::ui
