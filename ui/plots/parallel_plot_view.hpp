// Parallel coordinates of the selected runs: one vertical axis per chosen parameter or
// summary metric, one line per run across them. Metric axes with a declared better
// direction are drawn better-up (a lower-is-better axis is flipped, and says so), so a
// line that stays high is a run that is good on everything. Each axis is labelled with
// the values at its ends.
#pragma once

#include "plots/parallel_axes.hpp"
#include "plots/plot_runs.hpp"
#include "plots/plot_view.hpp"

class QLabel;
class QToolButton;

namespace sextant::ui {

class PluginCatalog;
class ProjectResults;
class RunSelection;

class ParallelPlotView final : public PlotView {
    Q_OBJECT
public:
    ParallelPlotView(ProjectResults& results, RunSelection& selection, const PluginCatalog& catalog,
                     QWidget* parent = nullptr);

    QString kind() const override { return "parallel"; }
    CsvTable plottedData() const override;
    nlohmann::json config() const override;
    void applyConfig(const nlohmann::json& config) override;
    void refresh() override;
    int pointCount() const override;

    // "param:NAME" / "summary:NAME"; empty: the parameters that differ, then every metric.
    void setAxes(const std::vector<std::string>& axis_ids);
    const ParallelData& data() const { return data_; }
    int lineCount() const;
    const std::vector<PlotRun>& drawnRuns() const { return drawn_; }
    static constexpr int kMaxRuns = 500;

private:
    void fillAxisMenu();
    void draw();

    ProjectResults& results_;
    RunSelection& selection_;
    const PluginCatalog& catalog_;
    QToolButton* axes_button_ = nullptr;
    QLabel* count_ = nullptr;
    PlotRuns all_runs_ = std::make_shared<const std::vector<PlotRun>>();
    std::vector<PlotRun> drawn_;
    std::vector<std::string> wanted_axes_;  // empty: defaults
    ParallelData data_;
};

}  // namespace sextant::ui
