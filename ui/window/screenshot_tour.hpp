// The documentation's screenshots: steps through the workbench (a sweep running, the
// trade-off plot, series, grouped bars) and saves what the screen shows at each step, then
// quits. scripts/screenshots runs it under Xvfb, so these are real X screenshots.
#pragma once

#include <QString>

namespace sextant::ui {

class MainWindow;

void run_screenshot_tour(MainWindow& window, const QString& out_dir);

}  // namespace sextant::ui
