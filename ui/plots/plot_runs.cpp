#include "plots/plot_runs.hpp"

#include "results/project_results.hpp"
#include "results/runs_table_model.hpp"

#include <set>

namespace sextant::ui {

std::vector<PlotRun> load_plot_runs(RunStore& store, const std::string& experiment) {
    RunQuery q;
    q.experiment = experiment;
    q.status = RunStatus::Done;
    auto sums = store.all_summaries(experiment);
    std::vector<PlotRun> out;
    for (auto& r : store.runs(q)) {
        PlotRun p;
        p.id = r.id;
        p.experiment = std::move(r.experiment);
        p.plugin = std::move(r.plugin_id);
        p.params = std::move(r.params);
        if (auto it = sums.find(r.id); it != sums.end()) p.summaries = std::move(it->second);
        out.push_back(std::move(p));
    }
    return out;
}

PlotRuns plot_runs_of(ProjectResults& results, const std::string& experiment) {
    PlotRuns all = results.doneRuns();
    if (experiment.empty()) return all;
    auto one = std::make_shared<std::vector<PlotRun>>();
    for (const auto& r : *all)
        if (r.experiment == experiment) one->push_back(r);
    return one;
}

QString no_done_runs_text(const ProjectResults& results) {
    return results.doneRunsLoading() ? QObject::tr("Reading the finished runs…") : QObject::tr("No finished runs yet");
}

const MetricDecl* metric_of(const std::vector<PlotRun>& runs, const std::string& metric,
                            const std::function<const MetricDecl*(const std::string&, const std::string&)>& find) {
    std::set<std::string> asked;
    for (const auto& r : runs)
        if (asked.insert(r.plugin).second)
            if (const MetricDecl* m = find(r.plugin, metric)) return m;
    return nullptr;
}

Better better_of(const std::vector<PlotRun>& runs, const std::string& metric,
                 const std::function<const MetricDecl*(const std::string&, const std::string&)>& find) {
    const MetricDecl* m = metric_of(runs, metric, find);
    return m ? m->better : Better::Neither;
}

std::vector<std::string> param_names(const std::vector<PlotRun>& runs) {
    std::set<std::string> names;
    for (const auto& r : runs)
        for (auto it = r.params.begin(); it != r.params.end(); ++it) names.insert(it.key());
    return {names.begin(), names.end()};
}

std::vector<std::string> summary_names(const std::vector<PlotRun>& runs) {
    std::set<std::string> names;
    for (const auto& r : runs)
        for (const auto& [k, v] : r.summaries) names.insert(k);
    return {names.begin(), names.end()};
}

std::string group_of(const PlotRun& run, const std::string& color_by) {
    if (color_by.empty()) return {};
    if (color_by == "experiment") return run.experiment;
    const auto it = run.params.find(color_by);
    return it == run.params.end() ? std::string("-") : param_text(*it).toStdString();
}

QColor series_color(int index) {
    static const QColor base[] = {QColor(0, 114, 178),   QColor(230, 159, 0),   QColor(0, 158, 115),
                                  QColor(213, 94, 0),    QColor(204, 121, 167), QColor(86, 180, 233),
                                  QColor(153, 153, 153), QColor(240, 228, 66)};
    constexpr int n = sizeof(base) / sizeof(base[0]);
    const QColor c = base[index % n];
    return index < n ? c : c.darker(100 + 40 * (index / n));
}

}  // namespace sextant::ui
