#include "plots/plot_panel.hpp"

#include "document/project_document.hpp"
#include "plots/bar_plot_view.hpp"
#include "plots/csv_table.hpp"
#include "plots/parallel_plot_view.hpp"
#include "plots/plot_export.hpp"
#include "plots/series_plot_view.hpp"
#include "plots/tradeoff_plot_view.hpp"

#include <qcustomplot.h>

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace sextant::ui {

PlotPanel::PlotPanel(ProjectDocument& document, ProjectResults& results, RunSelection& selection,
                     const PluginCatalog& catalog, QWidget* parent)
    : QWidget(parent), document_(document) {
    tabs_ = new QTabWidget(this);
    series_ = new SeriesPlotView(results, selection, tabs_);
    tradeoff_ = new TradeoffPlotView(results, selection, catalog, tabs_);
    bars_ = new BarPlotView(results, tabs_);
    parallel_ = new ParallelPlotView(results, selection, catalog, tabs_);
    tabs_->addTab(tradeoff_, tr("Trade-off"));
    tabs_->addTab(series_, tr("Metric vs. step"));
    tabs_->addTab(bars_, tr("Compare"));
    tabs_->addTab(parallel_, tr("Parallel"));

    width_ = new QSpinBox(this);
    height_ = new QSpinBox(this);
    for (auto* s : {width_, height_}) {
        s->setRange(100, 10000);
        s->setSuffix(" px");
        s->setToolTip(tr("Size of the exported image (pixels for PNG, points for SVG and PDF)"));
    }
    width_->setValue(1200);
    height_->setValue(800);
    auto* image = new QPushButton(tr("Export image…"), this);
    image->setToolTip(tr("Save the plot as PNG, SVG or PDF at the size on the left"));
    auto* data = new QPushButton(tr("Export data…"), this);
    data->setToolTip(tr("Save the plotted data as CSV"));
    auto* bar = new QHBoxLayout;
    bar->addStretch();
    bar->addWidget(new QLabel(tr("Size"), this));
    bar->addWidget(width_);
    bar->addWidget(new QLabel(tr("×"), this));
    bar->addWidget(height_);
    bar->addWidget(image);
    bar->addWidget(data);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tabs_, 1);
    layout->addLayout(bar);

    connect(image, &QPushButton::clicked, this, &PlotPanel::chooseImageFile);
    connect(data, &QPushButton::clicked, this, &PlotPanel::chooseDataFile);
    for (PlotView* v : {static_cast<PlotView*>(series_), static_cast<PlotView*>(tradeoff_),
                        static_cast<PlotView*>(bars_), static_cast<PlotView*>(parallel_)})
        connect(v, &PlotView::configChanged, this, &PlotPanel::saveConfig);
}

PlotView* PlotPanel::current() const { return qobject_cast<PlotView*>(tabs_->currentWidget()); }

void PlotPanel::showPlot(const QString& kind) {
    for (int i = 0; i < tabs_->count(); ++i)
        if (auto* v = qobject_cast<PlotView*>(tabs_->widget(i)); v && v->kind() == kind) tabs_->setCurrentIndex(i);
}

void PlotPanel::setExperiment(int index) {
    experiment_ = index;
    const Experiment* x = document_.experiment(index);
    if (!x || !x->plots.is_array()) return;
    loading_ = true;
    for (const auto& c : x->plots) {
        const std::string kind = c.is_object() ? c.value("kind", "") : "";
        if (kind == "series") series_->applyConfig(c);
        else if (kind == "tradeoff") tradeoff_->applyConfig(c);
        else if (kind == "bars") bars_->applyConfig(c);
        else if (kind == "parallel") parallel_->applyConfig(c);
    }
    loading_ = false;
}

void PlotPanel::saveConfig() {
    if (loading_ || !document_.experiment(experiment_)) return;
    const nlohmann::json plots = {tradeoff_->config(), series_->config(), bars_->config(), parallel_->config()};
    document_.setExperimentPlots(experiment_, plots);
}

void PlotPanel::setExportSize(int width, int height) {
    width_->setValue(width);
    height_->setValue(height);
}

QSize PlotPanel::exportSize() const { return {width_->value(), height_->value()}; }

bool PlotPanel::exportImage(const QString& path, QString* error) {
    return export_plot(*current()->plot(), path, width_->value(), height_->value(), error);
}

bool PlotPanel::exportData(const QString& path, QString* error) {
    std::string message;
    const bool ok = write_csv(current()->plottedData(), path.toStdString(), &message);
    if (!ok && error) *error = QString::fromStdString(message);
    return ok;
}

void PlotPanel::chooseImageFile() {
    QString filter;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export plot"), current()->kind() + ".svg",
                                                      tr("SVG (*.svg);;PDF (*.pdf);;PNG (*.png)"), &filter);
    if (path.isEmpty()) return;
    QString error;
    if (!exportImage(path, &error)) QMessageBox::warning(this, tr("Export failed"), error);
}

void PlotPanel::chooseDataFile() {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export plotted data"), current()->kind() + ".csv", tr("CSV (*.csv)"));
    if (path.isEmpty()) return;
    QString error;
    if (!exportData(path, &error)) QMessageBox::warning(this, tr("Export failed"), error);
}

void PlotPanel::saveSettings() const {
    QSettings s;
    s.setValue("plots/tab", tabs_->currentIndex());
    s.setValue("plots/exportWidth", width_->value());
    s.setValue("plots/exportHeight", height_->value());
}

void PlotPanel::restoreSettings() {
    QSettings s;
    tabs_->setCurrentIndex(s.value("plots/tab", 0).toInt());
    width_->setValue(s.value("plots/exportWidth", 1200).toInt());
    height_->setValue(s.value("plots/exportHeight", 800).toInt());
}

}  // namespace sextant::ui
