// The finished runs a plot draws: their experiment, parameters and summary metrics, read
// with two queries however many runs there are.
#pragma once

#include "store/run_store.hpp"

#include <QColor>
#include <QString>

#include <map>
#include <string>
#include <vector>

namespace sextant::ui {

struct PlotRun {
    std::int64_t id = 0;
    std::string experiment;
    nlohmann::json params;
    std::map<std::string, double> summaries;
};

// Done runs of one experiment (every experiment when empty).
std::vector<PlotRun> load_plot_runs(RunStore& store, const std::string& experiment);
// Parameter names and summary names present in these runs, sorted.
std::vector<std::string> param_names(const std::vector<PlotRun>& runs);
std::vector<std::string> summary_names(const std::vector<PlotRun>& runs);
// The value a run is grouped by: its experiment ("experiment") or a parameter's text.
std::string group_of(const PlotRun& run, const std::string& color_by);

// Distinct colours for overlaid series (Okabe-Ito, then darker variants).
QColor series_color(int index);

}  // namespace sextant::ui
