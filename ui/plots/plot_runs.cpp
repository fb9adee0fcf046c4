#include "plots/plot_runs.hpp"

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
        p.params = std::move(r.params);
        if (auto it = sums.find(r.id); it != sums.end()) p.summaries = std::move(it->second);
        out.push_back(std::move(p));
    }
    return out;
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
    static const QColor base[] = {QColor(0, 114, 178),  QColor(230, 159, 0),  QColor(0, 158, 115),
                                  QColor(213, 94, 0),   QColor(204, 121, 167), QColor(86, 180, 233),
                                  QColor(153, 153, 153), QColor(240, 228, 66)};
    constexpr int n = sizeof(base) / sizeof(base[0]);
    const QColor c = base[index % n];
    return index < n ? c : c.darker(100 + 40 * (index / n));
}

}  // namespace sextant::ui
