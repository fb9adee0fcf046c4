#include "plots/plot_view.hpp"

#include <qcustomplot.h>

#include <QHBoxLayout>
#include <QVBoxLayout>

namespace sextant::ui {

PlotView::PlotView(QWidget* parent) : QWidget(parent) {
    plot_ = new QCustomPlot(this);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->setNoAntialiasingOnDrag(true);  // panning large series stays fluid
    plot_->setMinimumSize(200, 150);
    plot_->legend->setVisible(false);
    plot_->legend->setFont(QFont(font().family(), 8));
    // The legend sits beside the axes, never over the data.
    auto* side = new QCPLayoutGrid;
    plot_->plotLayout()->addElement(0, 1, side);
    side->addElement(0, 0, plot_->legend);
    side->addElement(1, 0, new QCPLayoutElement(plot_));  // pushes the legend to the top
    side->setRowStretchFactor(1, 100);
    side->setMargins(QMargins(0, 8, 8, 0));
    plot_->plotLayout()->setColumnStretchFactor(1, 0.001);
    plot_->legend->setBorderPen(Qt::NoPen);
    controls_ = new QHBoxLayout;
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(controls_);
    layout->addWidget(plot_, 1);
    connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this] {
        plot_->rescaleAxes();
        plot_->replot();
    });
}

void PlotView::setMessage(const QString& text) {
    // A label in the axis rect's centre; removed when there is data again.
    if (!message_) {
        message_ = new QCPTextElement(plot_);
        message_->setLayer("overlay");
        message_->setTextColor(QColor(110, 110, 110));
        message_->setVisible(false);
        plot_->axisRect()->insetLayout()->addElement(message_, Qt::AlignCenter);
    }
    message_->setText(text);
    message_->setVisible(!text.isEmpty());
}

}  // namespace sextant::ui
