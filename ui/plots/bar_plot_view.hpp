// Grouped bars comparing the values of one parameter (e.g. the schemes) on a summary
// metric, averaged over seeds, optionally within groups of another parameter; error bars
// show the standard deviation.
#pragma once

#include "plots/bar_table.hpp"
#include "plots/plot_runs.hpp"
#include "plots/plot_view.hpp"

class QComboBox;
class QCPBarsGroup;

namespace sextant::ui {

class ProjectResults;

class BarPlotView final : public PlotView {
    Q_OBJECT
public:
    explicit BarPlotView(ProjectResults& results, QWidget* parent = nullptr);

    QString kind() const override { return "bars"; }
    CsvTable plottedData() const override;
    nlohmann::json config() const override;
    void applyConfig(const nlohmann::json& config) override;
    void refresh() override;
    int pointCount() const override;
    const BarTable& table() const { return table_; }
    // Beyond these a bar chart is unreadable (and slow to lay out): the plot says so instead.
    static constexpr int kMaxBars = 24;
    static constexpr int kMaxGroups = 60;

private:
    void fillChoices();
    void draw();

    ProjectResults& results_;
    QComboBox* scope_ = nullptr;
    QComboBox* metric_ = nullptr;
    QComboBox* compare_ = nullptr;
    QComboBox* group_by_ = nullptr;
    nlohmann::json wanted_ = nlohmann::json::object();
    PlotRuns runs_ = std::make_shared<const std::vector<PlotRun>>();
    BarTable table_;
    QCPBarsGroup* bars_group_ = nullptr;
};

}  // namespace sextant::ui
