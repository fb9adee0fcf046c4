#include "plots/parallel_plot_view.hpp"

#include "catalog/plugin_catalog.hpp"
#include "results/project_results.hpp"
#include "results/run_selection.hpp"
#include "store/run_export.hpp"

#include <qcustomplot.h>

#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QToolButton>

#include <cmath>
#include <unordered_map>

namespace sextant::ui {

namespace {
QString axis_label(const ParallelAxis& a) {
    QString text = QString::fromStdString(a.name);
    if (a.better == Better::Higher) text += "\n" + QObject::tr("better ↑ (higher)");
    else if (a.better == Better::Lower) text += "\n" + QObject::tr("better ↑ (lower, flipped)");
    return text;
}
}  // namespace

ParallelPlotView::ParallelPlotView(ProjectResults& results, RunSelection& selection, const PluginCatalog& catalog,
                                   QWidget* parent)
    : PlotView(parent), results_(results), selection_(selection), catalog_(catalog) {
    plot()->setObjectName("parallelPlot");
    plot()->setInteractions({});  // positions are normalised: nothing to pan
    axes_button_ = new QToolButton(this);
    axes_button_->setText(tr("Axes"));
    axes_button_->setToolTip(tr("The parameters and summary metrics drawn as axes"));
    axes_button_->setPopupMode(QToolButton::InstantPopup);
    axes_button_->setMenu(new QMenu(axes_button_));
    count_ = new QLabel(this);
    controls()->addWidget(axes_button_);
    controls()->addWidget(count_);
    controls()->addStretch();
    plot()->yAxis->setTicks(false);
    plot()->yAxis->setTickLabels(false);
    plot()->yAxis->grid()->setVisible(false);
    plot()->xAxis->grid()->setVisible(false);
    plot()->yAxis->setRange(-0.1, 1.1);
    connect(&selection_, &RunSelection::changed, this, &ParallelPlotView::draw);
    connect(&results_, &ProjectResults::changed, this, &ParallelPlotView::refresh);
    connect(&results_, &ProjectResults::doneRunsReady, this, &ParallelPlotView::refresh);
    refresh();
}

nlohmann::json ParallelPlotView::config() const { return {{"kind", "parallel"}, {"axes", wanted_axes_}}; }

void ParallelPlotView::applyConfig(const nlohmann::json& c) {
    if (!c.is_object()) return;
    std::vector<std::string> axes;
    if (c.contains("axes") && c["axes"].is_array())
        for (const auto& a : c["axes"])
            if (a.is_string()) axes.push_back(a);
    wanted_axes_ = axes;
    fillAxisMenu();
    draw();
}

void ParallelPlotView::setAxes(const std::vector<std::string>& axis_ids) {
    wanted_axes_ = axis_ids;
    fillAxisMenu();
    draw();
    Q_EMIT configChanged();
}

void ParallelPlotView::refresh() {
    all_runs_ = std::make_shared<const std::vector<PlotRun>>();
    if (results_.reader()) all_runs_ = plot_runs_of(results_, "");
    fillAxisMenu();
    draw();
}

void ParallelPlotView::fillAxisMenu() {
    QMenu* menu = axes_button_->menu();
    menu->clear();
    std::vector<std::string> ids;
    for (const auto& p : param_names(*all_runs_)) ids.push_back("param:" + p);
    for (const auto& s : summary_names(*all_runs_)) ids.push_back("summary:" + s);
    const auto shown = data_.axes;
    for (const auto& id : ids) {
        QAction* a = menu->addAction(QString::fromStdString(id));
        a->setCheckable(true);
        bool on = false;
        for (const auto& axis : shown) on = on || axis.id == id;
        if (!wanted_axes_.empty()) on = std::find(wanted_axes_.begin(), wanted_axes_.end(), id) != wanted_axes_.end();
        a->setChecked(on);
        connect(a, &QAction::toggled, this, [this, id](bool checked) {
            std::vector<std::string> axes;
            for (const auto& axis : data_.axes) axes.push_back(axis.id);
            if (checked) axes.push_back(id);
            else axes.erase(std::remove(axes.begin(), axes.end(), id), axes.end());
            setAxes(axes);
        });
    }
}

void ParallelPlotView::draw() {
    // The selected runs that are finished, in selection order.
    std::unordered_map<std::int64_t, const PlotRun*> by_id;
    for (const auto& r : *all_runs_) by_id[r.id] = &r;
    drawn_.clear();
    for (auto id : selection_.ids())
        if (const auto it = by_id.find(id); it != by_id.end() && static_cast<int>(drawn_.size()) < kMaxRuns)
            drawn_.push_back(*it->second);
    const auto axes = wanted_axes_.empty() ? default_parallel_axes(drawn_.empty() ? *all_runs_ : drawn_) : wanted_axes_;
    data_ = parallel_data(drawn_, axes, [this](const std::string& m) {
        return better_of(drawn_, m, [this](const std::string& plugin, const std::string& m) {
            return catalog_.findMetric(plugin, m);
        });
    });

    QCustomPlot* p = plot();
    p->clearGraphs();
    p->clearItems();
    const int n = static_cast<int>(data_.axes.size());
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int i = 0; i < n; ++i) {
        const auto& axis = data_.axes[static_cast<std::size_t>(i)];
        // Every other label a line lower, so long metric names side by side do not overlap.
        ticker->addTick(i, (i % 2 ? QStringLiteral("\n\n") : QString()) + axis_label(axis));
        auto* line = new QCPItemLine(p);
        line->start->setCoords(i, 0);
        line->end->setCoords(i, 1);
        line->setPen(QPen(QColor(120, 120, 120), 1.5));
        auto end_label = [&](double y, const std::string& text, Qt::Alignment align) {
            auto* label = new QCPItemText(p);
            label->position->setCoords(i, y);
            label->setPositionAlignment(align | Qt::AlignHCenter);
            label->setText(QString::fromStdString(text));
            label->setFont(QFont(font().family(), 8));
            label->setColor(QColor(80, 80, 80));
        };
        end_label(1.01, axis.topText(), Qt::AlignBottom);
        end_label(-0.01, axis.bottomText(), Qt::AlignTop);
        // A category axis names every value at its place, not only the two ends.
        const auto cats = axis.categories.size();
        for (std::size_t c = 1; c + 1 < cats; ++c) {
            auto* label = new QCPItemText(p);
            label->position->setCoords(i, static_cast<double>(c) / static_cast<double>(cats - 1));
            label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
            label->setPadding(QMargins(4, 0, 0, 0));
            label->setText(QString::fromStdString(axis.categories[c]));
            label->setFont(QFont(font().family(), 8));
            label->setColor(QColor(80, 80, 80));
        }
    }
    p->xAxis->setTicker(ticker);
    p->xAxis->setRange(-0.5, std::max(n, 1) - 0.5);
    QVector<double> xs(n);
    for (int i = 0; i < n; ++i) xs[i] = i;
    for (std::size_t r = 0; r < drawn_.size(); ++r) {
        QCPGraph* g = p->addGraph();
        const auto& pos = data_.positions[r];
        g->setData(xs, QVector<double>(pos.begin(), pos.end()), true);
        QColor c = series_color(static_cast<int>(r));
        g->setPen(QPen(c, 1.6));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, c, c, 4));
        g->setName(tr("run %1 (%2)").arg(drawn_[r].id).arg(QString::fromStdString(drawn_[r].experiment)));
    }
    p->legend->setVisible(!drawn_.empty() && drawn_.size() <= 12);
    count_->setText(tr("%n selected run(s) drawn", nullptr, static_cast<int>(drawn_.size())));
    if (drawn_.empty() && results_.doneRunsLoading()) setMessage(no_done_runs_text(results_));
    else if (drawn_.empty()) setMessage(tr("Select finished runs (in the table or a plot) to compare them here"));
    else if (n == 0) setMessage(tr("Choose axes: parameters and metrics"));
    else setMessage({});
    p->replot();
}

int ParallelPlotView::lineCount() const { return plot()->graphCount(); }

int ParallelPlotView::pointCount() const { return lineCount() * static_cast<int>(data_.axes.size()); }

CsvTable ParallelPlotView::plottedData() const {
    CsvTable t;
    t.header = {"run", "experiment"};
    for (const auto& a : data_.axes) t.header.push_back(a.id);
    for (const auto& run : drawn_) {
        std::vector<std::string> row{std::to_string(run.id), run.experiment};
        for (const auto& a : data_.axes) {
            const bool param = a.id.rfind("param:", 0) == 0;
            if (param) {
                const auto v =
                    run.params.is_object() && run.params.contains(a.name) ? run.params[a.name] : nlohmann::json();
                row.push_back(v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump());
            } else {
                const auto it = run.summaries.find(a.name);
                row.push_back(it == run.summaries.end() ? "" : format_number(it->second));
            }
        }
        t.rows.push_back(std::move(row));
    }
    return t;
}

}  // namespace sextant::ui
