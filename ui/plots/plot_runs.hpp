// The finished runs a plot draws: their experiment, parameters and summary metrics, read
// with two queries however many runs there are.
#pragma once

#include "sextant/declarations.hpp"
#include "store/run_store.hpp"

#include <QColor>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sextant::ui {

struct PlotRun {
    std::int64_t id = 0;
    std::string experiment;
    std::string plugin;  // the experiment's plugin id: where its metrics are declared
    nlohmann::json params;
    std::map<std::string, double> summaries;
};

class ProjectResults;

// Done runs of one experiment (every experiment when empty).
std::vector<PlotRun> load_plot_runs(RunStore& store, const std::string& experiment);
// The same from the project's shared snapshot (ProjectResults::doneRuns), read once for all
// the plots; never null.
using PlotRuns = std::shared_ptr<const std::vector<PlotRun>>;
PlotRuns plot_runs_of(ProjectResults& results, const std::string& experiment);
// What a plot with no done runs says: they are still being read, or there are none yet.
QString no_done_runs_text(const ProjectResults& results);
// Parameter names and summary names present in these runs, sorted.
std::vector<std::string> param_names(const std::vector<PlotRun>& runs);
std::vector<std::string> summary_names(const std::vector<PlotRun>& runs);
// The value a run is grouped by: its experiment ("experiment") or a parameter's text.
std::string group_of(const PlotRun& run, const std::string& color_by);

// A metric as declared for these runs: through each run's own plugin (the first of their
// plugins that declares it), never by its name across every plugin. nullptr when none does.
const MetricDecl* metric_of(
    const std::vector<PlotRun>& runs, const std::string& metric,
    const std::function<const MetricDecl*(const std::string& plugin, const std::string& metric)>& find);
// Its direction ("neither" when undeclared).
Better better_of(const std::vector<PlotRun>& runs, const std::string& metric,
                 const std::function<const MetricDecl*(const std::string& plugin, const std::string& metric)>& find);

// Distinct colours for overlaid series (Okabe-Ito, then darker variants).
QColor series_color(int index);

}  // namespace sextant::ui
