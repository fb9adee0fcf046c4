// The trade-off scatter: any two summary metrics of the finished runs (e.g. throughput
// against accuracy), coloured by experiment or by a parameter, with the Pareto front drawn
// from each metric's declared direction. Clicking a point selects its run (Ctrl adds).
#pragma once

#include "plots/plot_runs.hpp"
#include "plots/plot_view.hpp"
#include "sextant/declarations.hpp"

#include <QList>

class QCheckBox;
class QComboBox;
class QCPGraph;
class QMouseEvent;

namespace sextant::ui {

class PluginCatalog;
class ProjectResults;
class RunSelection;

class TradeoffPlotView final : public PlotView {
    Q_OBJECT
public:
    TradeoffPlotView(ProjectResults& results, RunSelection& selection, const PluginCatalog& catalog,
                     QWidget* parent = nullptr);

    QString kind() const override { return "tradeoff"; }
    CsvTable plottedData() const override;
    nlohmann::json config() const override;
    void applyConfig(const nlohmann::json& config) override;
    void refresh() override;
    int pointCount() const override { return static_cast<int>(points_.size()); }

    // Choose the metrics (and optionally override their directions) programmatically.
    void setMetrics(const std::string& x, const std::string& y);
    void setScope(const std::string& experiment);
    QList<std::int64_t> frontRuns() const;
    static constexpr std::size_t kMaxColours = 16;
    // The run drawn nearest to this pixel position, within max_px; 0 when none.
    std::int64_t runAt(const QPointF& pixel, double max_px = 10) const;

private:
    struct Point {
        std::int64_t id;
        double x, y;
        std::string experiment, group;
    };
    void fillChoices();
    void draw();
    void drawSelection();
    void clicked(QMouseEvent* event);
    void applyScales();
    Better direction(const QComboBox* box, const std::string& metric) const;

    ProjectResults& results_;
    RunSelection& selection_;
    const PluginCatalog& catalog_;
    QComboBox* scope_ = nullptr;
    QComboBox* x_ = nullptr;
    QComboBox* y_ = nullptr;
    QComboBox* x_better_ = nullptr;
    QComboBox* y_better_ = nullptr;
    QComboBox* color_by_ = nullptr;
    QCheckBox* log_x_ = nullptr;
    QCheckBox* log_y_ = nullptr;
    nlohmann::json wanted_ = nlohmann::json::object();
    PlotRuns runs_ = std::make_shared<const std::vector<PlotRun>>();
    std::vector<Point> points_;
    std::vector<std::size_t> front_;
    QCPGraph* selected_graph_ = nullptr;
};

}  // namespace sextant::ui
