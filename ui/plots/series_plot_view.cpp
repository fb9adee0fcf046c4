#include "plots/series_plot_view.hpp"

#include "plots/plot_runs.hpp"
#include "plots/series_levels.hpp"
#include "results/project_results.hpp"
#include "results/run_selection.hpp"
#include "store/run_export.hpp"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

#include <algorithm>
#include <limits>
#include <set>

namespace sextant::ui {

SeriesPlotView::SeriesPlotView(ProjectResults& results, RunSelection& selection, QWidget* parent)
    : PlotView(parent), results_(results), selection_(selection) {
    plot()->setObjectName("seriesPlot");
    metric_ = new QComboBox(this);
    metric_->setMinimumContentsLength(12);
    log_y_ = new QCheckBox(tr("log y"), this);
    controls()->addWidget(new QLabel(tr("Metric"), this));
    controls()->addWidget(metric_);
    controls()->addWidget(log_y_);
    controls()->addStretch();
    plot()->xAxis->setLabel(tr("step"));
    plot()->legend->setVisible(true);
    connect(metric_, &QComboBox::activated, this, [this] {
        wanted_metric_ = metric_->currentText().toStdString();
        draw(true);
        Q_EMIT configChanged();
    });
    connect(log_y_, &QCheckBox::toggled, this, [this](bool on) {
        plot()->yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
        if (on) plot()->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        else plot()->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        plot()->replot();
        Q_EMIT configChanged();
    });
    connect(plot()->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, &SeriesPlotView::showVisibleRange);
    connect(&selection_, &RunSelection::changed, this, &SeriesPlotView::refresh);
    connect(&results_, &ProjectResults::changed, this, [this] {
        // Only series that may still grow are read again.
        for (auto id : drawn_runs_)
            if (!finished_[id]) return refresh();
    });
    refresh();
}

void SeriesPlotView::fillMetrics() {
    std::set<std::string> names;
    if (auto* store = results_.reader())
        for (auto id : selection_.ids().mid(0, kMaxRuns))
            for (const auto& n : store->metric_names(id)) names.insert(n);
    const QSignalBlocker block(metric_);
    metric_->clear();
    for (const auto& n : names) metric_->addItem(QString::fromStdString(n));
    if (!wanted_metric_.empty() && names.count(wanted_metric_))
        metric_->setCurrentText(QString::fromStdString(wanted_metric_));
}

void SeriesPlotView::refresh() {
    fillMetrics();
    const bool same =
        selection_.ids().mid(0, kMaxRuns) == drawn_runs_ && metric_->currentText().toStdString() == drawn_metric_;
    draw(!same);
}

void SeriesPlotView::draw(bool rescale) {
    QCustomPlot* p = plot();
    p->clearGraphs();
    levels_.clear();
    drawn_runs_ = selection_.ids().mid(0, kMaxRuns);
    drawn_metric_ = metric_->currentText().toStdString();
    RunStore* store = results_.reader();
    if (!store || drawn_runs_.isEmpty() || drawn_metric_.empty()) {
        setMessage(drawn_runs_.isEmpty() ? tr("Select runs to plot their series")
                                         : tr("The selected runs have no series"));
        p->replot();
        return;
    }
    setMessage({});
    int index = 0;
    for (auto id : drawn_runs_) {
        const auto run = store->run(id);
        finished_[id] = run && run->status != RunStatus::Running && run->status != RunStatus::Queued;
        std::vector<double> keys, values;
        {
            const auto samples = store->metrics(id, drawn_metric_);  // sorted by step
            keys.reserve(samples.size());
            values.reserve(samples.size());
            for (const auto& s : samples) {
                keys.push_back(static_cast<double>(s.step));
                values.push_back(s.value);
            }
        }
        levels_.push_back(std::make_shared<SeriesLevels>(std::move(keys), std::move(values)));
        QCPGraph* g = p->addGraph();
        g->setAdaptiveSampling(true);

        const QColor colour = series_color(index++);
        // A long series is drawn as min/max pairs, several per pixel column: those near-vertical
        // segments rasterise on the fast path only as thin lines without anti-aliasing, and
        // wider or smoothed ones would show nothing more.
        const bool long_series = levels_.back()->levels() > 1;
        g->setPen(QPen(colour, long_series ? 1.0 : 1.5));
        g->setAntialiased(!long_series);
        if (levels_.back()->size() <= 200)  // short series: show the points themselves
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, colour, 6));
        g->setName(
            QStringLiteral("run %1%2").arg(id).arg(run ? " · " + QString::fromStdString(run->experiment) : QString()));
        g->setProperty("run", QVariant::fromValue<qlonglong>(id));
    }
    p->yAxis->setLabel(QString::fromStdString(drawn_metric_));
    p->legend->setVisible(drawn_runs_.size() <= 12);
    if (rescale) {
        // Every series' whole extent, at a coarse level, to find the y range. (QCustomPlot
        // ignores ranges wider than 1e250, so "everything" must be the data's own extent.)
        double first = std::numeric_limits<double>::infinity(), last = -first;
        for (const auto& l : levels_)
            if (l->size() > 0) first = std::min(first, l->keys().front()), last = std::max(last, l->keys().back());
        if (first <= last) {
            const QSignalBlocker block(p->xAxis);
            p->xAxis->setRange(first - 0.5, last + 0.5);
            showVisibleRange();
            p->rescaleAxes();
        }
    }
    showVisibleRange();
    p->replot();
}

void SeriesPlotView::showVisibleRange() {
    QCustomPlot* p = plot();
    const QCPRange range = p->xAxis->range();
    const std::size_t budget = static_cast<std::size_t>(std::max(400, 4 * p->axisRect()->width()));
    std::vector<double> keys, values;
    for (int i = 0; i < p->graphCount() && i < static_cast<int>(levels_.size()); ++i) {
        levels_[static_cast<std::size_t>(i)]->visible(range.lower, range.upper, budget, keys, values);
        p->graph(i)->setData(QVector<double>(keys.begin(), keys.end()), QVector<double>(values.begin(), values.end()),
                             true);
    }
}

int SeriesPlotView::pointCount() const {
    std::size_t n = 0;
    for (const auto& l : levels_) n += l->size();
    return static_cast<int>(n);
}

CsvTable SeriesPlotView::plottedData() const {
    CsvTable t;
    t.header = {"run", "metric", "step", "value"};
    // Every point, not the ones on screen.
    for (int i = 0; i < plot()->graphCount() && i < static_cast<int>(levels_.size()); ++i) {
        const std::string run = std::to_string(plot()->graph(i)->property("run").toLongLong());
        const auto& l = *levels_[static_cast<std::size_t>(i)];
        for (std::size_t k = 0; k < l.size(); ++k)
            t.rows.push_back({run, drawn_metric_, format_number(l.keys()[k]), format_number(l.values()[k])});
    }
    return t;
}

nlohmann::json SeriesPlotView::config() const {
    return {{"kind", "series"}, {"metric", metric_->currentText().toStdString()}, {"log_y", log_y_->isChecked()}};
}

void SeriesPlotView::applyConfig(const nlohmann::json& c) {
    if (!c.is_object()) return;
    wanted_metric_ = c.value("metric", wanted_metric_);
    const QSignalBlocker block(log_y_);
    log_y_->setChecked(c.value("log_y", false));
    plot()->yAxis->setScaleType(log_y_->isChecked() ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    refresh();
}

}  // namespace sextant::ui
