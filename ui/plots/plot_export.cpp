#include "plots/plot_export.hpp"

#include <qcustomplot.h>

#include <QFileInfo>
#include <QSvgGenerator>

namespace sextant::ui {

bool export_plot(QCustomPlot& plot, const QString& path, int width, int height, QString* error) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool ok = false;
    if (suffix == "png") {
        ok = plot.savePng(path, width, height, 1.0, -1, 96);
    } else if (suffix == "pdf") {
        ok = plot.savePdf(path, width, height, QCP::epNoCosmetic, "Sextant", plot.objectName());
    } else if (suffix == "svg") {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(QSize(width, height));
        svg.setViewBox(QRect(0, 0, width, height));
        svg.setTitle(plot.objectName());
        svg.setDescription("Sextant plot");
        QCPPainter painter;
        if (painter.begin(&svg)) {
            plot.toPainter(&painter, width, height);
            painter.end();
            ok = QFileInfo(path).size() > 0;
        }
    } else {
        if (error) *error = QObject::tr("unknown image format '%1': use .png, .svg or .pdf").arg(suffix);
        return false;
    }
    if (!ok && error) *error = QObject::tr("%1: cannot write the image").arg(path);
    return ok;
}

}  // namespace sextant::ui
