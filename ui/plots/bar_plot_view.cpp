#include "plots/bar_plot_view.hpp"
#include "plots/plot_choices.hpp"

#include "results/project_results.hpp"
#include "store/run_export.hpp"

#include <qcustomplot.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

#include <cmath>
#include <set>

namespace sextant::ui {

BarPlotView::BarPlotView(ProjectResults& results, QWidget* parent) : PlotView(parent), results_(results) {
    plot()->setObjectName("barPlot");
    plot()->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot()->axisRect()->setRangeDrag(Qt::Vertical);
    plot()->axisRect()->setRangeZoom(Qt::Vertical);
    scope_ = new QComboBox(this);
    metric_ = new QComboBox(this);
    compare_ = new QComboBox(this);
    compare_->setToolTip(tr("One bar per value of this parameter (e.g. the scheme)"));
    group_by_ = new QComboBox(this);
    group_by_->setToolTip(tr("One group of bars per value of this parameter"));
    controls()->addWidget(scope_);
    controls()->addWidget(new QLabel(tr("Metric"), this));
    controls()->addWidget(metric_);
    controls()->addWidget(new QLabel(tr("compare"), this));
    controls()->addWidget(compare_);
    controls()->addWidget(new QLabel(tr("grouped by"), this));
    controls()->addWidget(group_by_);
    controls()->addStretch();
    plot()->legend->setVisible(true);
    auto changed = [this] {
        wanted_ = config();
        draw();
        Q_EMIT configChanged();
    };
    for (auto* box : {metric_, compare_, group_by_}) connect(box, &QComboBox::activated, this, changed);
    connect(scope_, &QComboBox::activated, this, [this] {
        wanted_ = config();
        refresh();
        Q_EMIT configChanged();
    });
    connect(&results_, &ProjectResults::changed, this, &BarPlotView::refresh);
    connect(&results_, &ProjectResults::doneRunsReady, this, &BarPlotView::refresh);
    refresh();
}

void BarPlotView::fillChoices() {
    refill_choices(scope_, experiment_scopes(results_), QString::fromStdString(wanted_.value("scope", "")), 0);
    QStringList metrics, params{"experiment"}, groups{tr("(none)"), "experiment"};
    for (const auto& m : summary_names(*runs_)) metrics << QString::fromStdString(m);
    for (const auto& p : param_names(*runs_)) {
        params << QString::fromStdString(p);
        groups << QString::fromStdString(p);
    }
    refill_choices(metric_, metrics, QString::fromStdString(wanted_.value("metric", "")), 0);
    // Default comparison: the first parameter that varies, preferring text values (a choice
    // such as a scheme) to numbers.
    int choice_index = 0, numeric_index = 0;
    for (int i = 1; i < params.size() && choice_index == 0; ++i) {
        std::set<std::string> values;
        bool text = false;
        for (const auto& r : *runs_)
            if (const auto it = r.params.find(params[i].toStdString()); it != r.params.end()) {
                values.insert(it->dump());
                text = text || it->is_string();
            }
        if (values.size() < 2 || values.size() > static_cast<std::size_t>(kMaxBars)) continue;
        if (text) choice_index = i;
        else if (numeric_index == 0) numeric_index = i;
    }
    if (choice_index == 0) choice_index = numeric_index;
    refill_choices(compare_, params, QString::fromStdString(wanted_.value("compare", "")), choice_index);
    refill_choices(group_by_, groups, QString::fromStdString(wanted_.value("group_by", "")), 0);
}

void BarPlotView::refresh() {
    runs_ = std::make_shared<const std::vector<PlotRun>>();
    if (results_.reader()) runs_ = plot_runs_of(results_, wanted_.value("scope", ""));
    fillChoices();
    draw();
}

void BarPlotView::draw() {
    QCustomPlot* p = plot();
    p->clearPlottables();
    delete bars_group_;
    bars_group_ = nullptr;
    const std::string metric = metric_->currentText().toStdString();
    const std::string compare = compare_->currentText().toStdString();
    const std::string group_by = group_by_->currentIndex() > 0 ? group_by_->currentText().toStdString() : std::string();
    std::vector<BarSample> samples;
    for (const auto& r : *runs_) {
        const auto it = r.summaries.find(metric);
        if (it == r.summaries.end()) continue;
        samples.push_back({group_of(r, compare), group_of(r, group_by), it->second});
    }
    table_ = make_bar_table(samples);
    if (table_.bars.empty()) {
        setMessage(runs_->empty() ? no_done_runs_text(results_) : tr("Choose a summary metric"));
        p->replot();
        return;
    }
    if (static_cast<int>(table_.bars.size()) > kMaxBars || static_cast<int>(table_.groups.size()) > kMaxGroups) {
        setMessage(tr("Too many values to compare as bars (%1 × %2); choose other parameters")
                       .arg(table_.bars.size())
                       .arg(table_.groups.size()));
        p->replot();
        return;
    }
    setMessage({});
    auto* group = bars_group_ = new QCPBarsGroup(p);
    group->setSpacingType(QCPBarsGroup::stAbsolute);
    group->setSpacing(2);
    const double width = 0.8 / static_cast<double>(table_.bars.size());
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (std::size_t g = 0; g < table_.groups.size(); ++g)
        ticker->addTick(static_cast<double>(g + 1),
                        QString::fromStdString(table_.groups[g].empty() ? metric : table_.groups[g]));
    for (std::size_t b = 0; b < table_.bars.size(); ++b) {
        auto* bars = new QCPBars(p->xAxis, p->yAxis);
        const QColor c = series_color(static_cast<int>(b));
        bars->setPen(QPen(c.darker(130)));
        bars->setBrush(c);
        bars->setWidth(width);
        bars->setBarsGroup(group);
        bars->setName(QString::fromStdString(compare + " = " + table_.bars[b]));
        auto* errors = new QCPErrorBars(p->xAxis, p->yAxis);
        errors->removeFromLegend();
        errors->setDataPlottable(bars);
        errors->setPen(QPen(QColor(60, 60, 60)));
        QVector<double> keys, values, spread;
        for (std::size_t g = 0; g < table_.groups.size(); ++g) {
            if (std::isnan(table_.mean[b][g])) continue;
            keys << static_cast<double>(g + 1);
            values << table_.mean[b][g];
            spread << table_.spread[b][g];
        }
        bars->setData(keys, values, true);
        errors->setData(spread);
    }
    p->xAxis->setTicker(ticker);
    p->xAxis->setTickLabelRotation(table_.groups.size() > 6 ? 30 : 0);
    p->xAxis->setLabel(group_by.empty() ? QString() : QString::fromStdString(group_by));
    p->yAxis->setLabel(tr("%1 (mean ± sd over runs)").arg(QString::fromStdString(metric)));
    p->xAxis->setRange(0.3, static_cast<double>(table_.groups.size()) + 0.7);
    p->rescaleAxes(true);
    p->xAxis->setRange(0.3, static_cast<double>(table_.groups.size()) + 0.7);
    QCPRange y = p->yAxis->range();
    y.lower = std::min(0.0, y.lower);
    y.upper = y.upper + 0.1 * std::abs(y.upper - y.lower);
    p->yAxis->setRange(y);
    p->replot();
}

int BarPlotView::pointCount() const {
    int n = 0;
    for (const auto& row : table_.count)
        for (int c : row) n += c > 0;
    return n;
}

CsvTable BarPlotView::plottedData() const {
    CsvTable t;
    const std::string group_by = group_by_->currentIndex() > 0 ? group_by_->currentText().toStdString() : "group";
    t.header = {group_by, compare_->currentText().toStdString(), metric_->currentText().toStdString() + "_mean", "sd",
                "runs"};
    for (std::size_t g = 0; g < table_.groups.size(); ++g)
        for (std::size_t b = 0; b < table_.bars.size(); ++b)
            if (table_.count[b][g] > 0)
                t.rows.push_back({table_.groups[g], table_.bars[b], format_number(table_.mean[b][g]),
                                  format_number(table_.spread[b][g]), std::to_string(table_.count[b][g])});
    return t;
}

nlohmann::json BarPlotView::config() const {
    return {{"kind", "bars"},
            {"scope", scope_->currentIndex() > 0 ? scope_->currentText().toStdString() : std::string()},
            {"metric", metric_->currentText().toStdString()},
            {"compare", compare_->currentText().toStdString()},
            {"group_by", group_by_->currentIndex() > 0 ? group_by_->currentText().toStdString() : std::string()}};
}

void BarPlotView::applyConfig(const nlohmann::json& c) {
    if (!c.is_object()) return;
    wanted_ = c;
    refresh();
}

}  // namespace sextant::ui
