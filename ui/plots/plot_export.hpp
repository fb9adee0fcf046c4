// Saving a plot for a paper: PNG (pixels), SVG and PDF (vectors) at a chosen size. Large
// series go through QCustomPlot's adaptive sampling, so a 1,000,000-point line does not
// become a 100 MB SVG.
#pragma once

#include <QString>

class QCustomPlot;

namespace sextant::ui {

// The format follows the file's suffix (.png, .svg, .pdf). width/height: pixels for PNG,
// points for SVG and PDF.
bool export_plot(QCustomPlot& plot, const QString& path, int width, int height, QString* error = nullptr);

}  // namespace sextant::ui
