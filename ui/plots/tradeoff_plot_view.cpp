#include "plots/tradeoff_plot_view.hpp"
#include "plots/plot_choices.hpp"

#include "catalog/plugin_catalog.hpp"
#include "plots/pareto_front.hpp"
#include "results/project_results.hpp"
#include "results/run_selection.hpp"
#include "store/run_export.hpp"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

#include <cmath>
#include <map>
#include <set>

namespace sextant::ui {

namespace {
const char* kDirections[] = {"declared", "higher is better", "lower is better", "no direction"};
QString direction_name(Better b) {
    return b == Better::Higher ? "higher is better" : b == Better::Lower ? "lower is better" : "no direction";
}
}  // namespace

TradeoffPlotView::TradeoffPlotView(ProjectResults& results, RunSelection& selection, const PluginCatalog& catalog,
                                   QWidget* parent)
    : PlotView(parent), results_(results), selection_(selection), catalog_(catalog) {
    plot()->setObjectName("tradeoffPlot");
    scope_ = new QComboBox(this);
    x_ = new QComboBox(this);
    y_ = new QComboBox(this);
    x_better_ = new QComboBox(this);
    y_better_ = new QComboBox(this);
    for (auto* box : {x_better_, y_better_})
        for (const char* d : kDirections) box->addItem(d);
    x_better_->setToolTip(tr("Which x values are better, for the Pareto front (declared: as the plugin says)"));
    y_better_->setToolTip(tr("Which y values are better, for the Pareto front (declared: as the plugin says)"));
    color_by_ = new QComboBox(this);
    for (auto* box : {x_, y_}) box->setMinimumContentsLength(18);
    log_x_ = new QCheckBox(tr("log x"), this);
    log_y_ = new QCheckBox(tr("log y"), this);
    controls()->addWidget(scope_);
    controls()->addWidget(new QLabel(tr("x"), this));
    controls()->addWidget(x_);
    controls()->addWidget(x_better_);
    controls()->addWidget(new QLabel(tr("y"), this));
    controls()->addWidget(y_);
    controls()->addWidget(y_better_);
    controls()->addWidget(new QLabel(tr("colour by"), this));
    controls()->addWidget(color_by_);
    controls()->addWidget(log_x_);
    controls()->addWidget(log_y_);
    controls()->addStretch();
    plot()->legend->setVisible(true);
    plot()->setToolTip(tr("Click a point to select its run; Ctrl+click adds it to the selection"));

    auto changed = [this] {
        wanted_ = config();
        draw();
        Q_EMIT configChanged();
    };
    for (auto* box : {x_, y_, x_better_, y_better_, color_by_}) connect(box, &QComboBox::activated, this, changed);
    for (auto* box : {log_x_, log_y_}) connect(box, &QCheckBox::toggled, this, changed);
    connect(scope_, &QComboBox::activated, this, [this] {
        wanted_ = config();
        refresh();
        Q_EMIT configChanged();
    });
    connect(plot(), &QCustomPlot::mousePress, this, &TradeoffPlotView::clicked);
    connect(&selection_, &RunSelection::changed, this, &TradeoffPlotView::drawSelection);
    connect(&results_, &ProjectResults::changed, this, &TradeoffPlotView::refresh);
    connect(&results_, &ProjectResults::doneRunsReady, this, &TradeoffPlotView::refresh);
    refresh();
}

Better TradeoffPlotView::direction(const QComboBox* box, const std::string& metric) const {
    switch (box->currentIndex()) {
    case 1: return Better::Higher;
    case 2: return Better::Lower;
    case 3: return Better::Neither;
    default:
        return better_of(*runs_, metric, [this](const std::string& plugin, const std::string& m) {
            return catalog_.findMetric(plugin, m);
        });
    }
}

void TradeoffPlotView::fillChoices() {
    refill_choices(scope_, experiment_scopes(results_), QString::fromStdString(wanted_.value("scope", "")), 0);
    QStringList metrics, groups{"experiment"};
    for (const auto& m : summary_names(*runs_)) metrics << QString::fromStdString(m);
    for (const auto& p : param_names(*runs_)) groups << QString::fromStdString(p);
    refill_choices(x_, metrics, QString::fromStdString(wanted_.value("x", "")), 0);
    refill_choices(y_, metrics, QString::fromStdString(wanted_.value("y", "")), 1);
    refill_choices(color_by_, groups, QString::fromStdString(wanted_.value("color_by", "experiment")), 0);
    const QSignalBlocker bx(x_better_), by(y_better_), lx(log_x_), ly(log_y_);
    log_x_->setChecked(wanted_.value("log_x", false));
    log_y_->setChecked(wanted_.value("log_y", false));
    x_better_->setCurrentText(QString::fromStdString(wanted_.value("x_better", "declared")));
    y_better_->setCurrentText(QString::fromStdString(wanted_.value("y_better", "declared")));
}

void TradeoffPlotView::refresh() {
    runs_ = std::make_shared<const std::vector<PlotRun>>();
    if (results_.reader()) {
        const int s = scope_->currentIndex();
        const std::string scope = wanted_.value("scope", s > 0 ? scope_->currentText().toStdString() : std::string());
        runs_ = plot_runs_of(results_, scope);
    }
    fillChoices();
    draw();
}

void TradeoffPlotView::setMetrics(const std::string& x, const std::string& y) {
    wanted_["x"] = x;
    wanted_["y"] = y;
    fillChoices();
    draw();
}

void TradeoffPlotView::setScope(const std::string& experiment) {
    wanted_["scope"] = experiment;
    refresh();
}

void TradeoffPlotView::draw() {
    QCustomPlot* p = plot();
    p->clearGraphs();
    selected_graph_ = nullptr;
    points_.clear();
    front_.clear();
    const std::string xm = x_->currentText().toStdString(), ym = y_->currentText().toStdString();
    std::string color_by = color_by_->currentText().toStdString();
    {
        // A colour per value only while the legend stays readable.
        std::set<std::string> values;
        for (const auto& r : *runs_)
            if (values.insert(group_of(r, color_by)).second && values.size() > kMaxColours) break;
        if (values.size() > kMaxColours) color_by.clear();
    }
    for (const auto& r : *runs_) {
        const auto xi = r.summaries.find(xm), yi = r.summaries.find(ym);
        if (xi == r.summaries.end() || yi == r.summaries.end()) continue;
        if (!std::isfinite(xi->second) || !std::isfinite(yi->second)) continue;
        points_.push_back({r.id, xi->second, yi->second, r.experiment, group_of(r, color_by)});
    }
    if (points_.empty()) {
        setMessage(runs_->empty() ? no_done_runs_text(results_) : tr("Choose two summary metrics"));
        p->replot();
        return;
    }
    setMessage({});
    // One graph per group, filled at once (adding points one by one is quadratic).
    std::map<std::string, std::pair<QVector<double>, QVector<double>>> groups;
    std::vector<std::string> order;
    for (const auto& pt : points_) {
        auto [it, fresh] = groups.try_emplace(pt.group);
        if (fresh) order.push_back(pt.group);
        it->second.first << pt.x;
        it->second.second << pt.y;
    }
    for (std::size_t i = 0; i < order.size(); ++i) {
        QCPGraph* g = p->addGraph();
        g->setLineStyle(QCPGraph::lsNone);
        const QColor c = series_color(static_cast<int>(i));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, c, c, 7));
        g->setName(QString::fromStdString(order[i].empty() ? "runs" : order[i]));
        const auto& [xs, ys] = groups[order[i]];
        g->setData(xs, ys);
    }
    const Better xb = direction(x_better_, xm), yb = direction(y_better_, ym);
    std::vector<TradeoffPoint> tp;
    for (const auto& pt : points_) tp.push_back({pt.x, pt.y});
    front_ = pareto_front(tp, xb, yb);
    if (!front_.empty()) {
        QCPGraph* g = p->addGraph();
        g->setName(tr("Pareto front (x %1, y %2)").arg(direction_name(xb), direction_name(yb)));
        g->setPen(QPen(QColor(198, 40, 40), 1.5, Qt::DashLine));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(198, 40, 40), 1.5), Qt::NoBrush, 12));
        QVector<double> xs, ys;
        for (auto i : front_) {
            xs << points_[i].x;
            ys << points_[i].y;
        }
        g->setData(xs, ys, true);
    }
    const auto find = [this](const std::string& plugin, const std::string& m) {
        return catalog_.findMetric(plugin, m);
    };
    const MetricDecl* xd = metric_of(*runs_, xm, find);
    const MetricDecl* yd = metric_of(*runs_, ym, find);
    auto label = [](const std::string& name, const MetricDecl* d) {
        return QString::fromStdString(name + (d && !d->unit.empty() ? " [" + d->unit + "]" : ""));
    };
    p->xAxis->setLabel(label(xm, xd));
    p->yAxis->setLabel(label(ym, yd));
    applyScales();
    p->rescaleAxes();
    for (QCPAxis* axis : {p->xAxis, p->yAxis}) {  // a margin so edge points stay whole
        QCPRange r = axis->range();
        if (axis->scaleType() == QCPAxis::stLogarithmic && r.lower > 0) axis->setRange(r.lower / 1.25, r.upper * 1.25);
        else axis->scaleRange(1.08);
    }
    drawSelection();
}

void TradeoffPlotView::applyScales() {
    // Throughputs and ratios often span decades: either axis can be logarithmic.
    for (auto [axis, box] : {std::pair{plot()->xAxis, log_x_}, std::pair{plot()->yAxis, log_y_}}) {
        const bool log = box->isChecked();
        axis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
        if (log) axis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        else axis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }
}

void TradeoffPlotView::drawSelection() {
    QCustomPlot* p = plot();
    if (selected_graph_) p->removeGraph(selected_graph_);
    selected_graph_ = nullptr;
    QVector<double> xs, ys;
    for (const auto& pt : points_)
        if (selection_.contains(pt.id)) {
            xs << pt.x;
            ys << pt.y;
        }
    if (!xs.isEmpty()) {
        selected_graph_ = p->addGraph();
        selected_graph_->setName(tr("selected"));
        selected_graph_->setLineStyle(QCPGraph::lsNone);
        selected_graph_->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssSquare, QPen(Qt::black, 2), Qt::NoBrush, 14));
        selected_graph_->setData(xs, ys);
    }
    p->replot();
}

std::int64_t TradeoffPlotView::runAt(const QPointF& pixel, double max_px) const {
    std::int64_t best = 0;
    double best_d2 = max_px * max_px;
    for (const auto& pt : points_) {
        const double dx = plot()->xAxis->coordToPixel(pt.x) - pixel.x();
        const double dy = plot()->yAxis->coordToPixel(pt.y) - pixel.y();
        if (dx * dx + dy * dy <= best_d2) {
            best_d2 = dx * dx + dy * dy;
            best = pt.id;
        }
    }
    return best;
}

void TradeoffPlotView::clicked(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    const std::int64_t id = runAt(event->position());
    if (!id) return;
    if (event->modifiers() & Qt::ControlModifier) selection_.toggle(id);
    else selection_.set({id});
}

QList<std::int64_t> TradeoffPlotView::frontRuns() const {
    QList<std::int64_t> out;
    for (auto i : front_) out << points_[i].id;
    return out;
}

CsvTable TradeoffPlotView::plottedData() const {
    CsvTable t;
    const std::string xm = x_->currentText().toStdString(), ym = y_->currentText().toStdString();
    t.header = {"run", "experiment", color_by_->currentText().toStdString(), xm, ym, "pareto_front"};
    std::vector<bool> on_front(points_.size(), false);
    for (auto i : front_) on_front[i] = true;
    for (std::size_t i = 0; i < points_.size(); ++i) {
        const auto& pt = points_[i];
        t.rows.push_back({std::to_string(pt.id), pt.experiment, pt.group, format_number(pt.x), format_number(pt.y),
                          on_front[i] ? "1" : "0"});
    }
    return t;
}

nlohmann::json TradeoffPlotView::config() const {
    return {{"kind", "tradeoff"},
            {"scope", scope_->currentIndex() > 0 ? scope_->currentText().toStdString() : std::string()},
            {"x", x_->currentText().toStdString()},
            {"y", y_->currentText().toStdString()},
            {"x_better", x_better_->currentText().toStdString()},
            {"y_better", y_better_->currentText().toStdString()},
            {"color_by", color_by_->currentText().toStdString()},
            {"log_x", log_x_->isChecked()},
            {"log_y", log_y_->isChecked()}};
}

void TradeoffPlotView::applyConfig(const nlohmann::json& c) {
    if (!c.is_object()) return;
    wanted_ = c;
    refresh();
}

}  // namespace sextant::ui
