// What the three plots share: a QCustomPlot, the data they draw as a table (for CSV), and
// a configuration that is saved in the project (Experiment::plots).
#pragma once

#include "plots/csv_table.hpp"

#include <nlohmann/json.hpp>

#include <QWidget>

class QCustomPlot;
class QCPTextElement;
class QHBoxLayout;

namespace sextant::ui {

class PlotView : public QWidget {
    Q_OBJECT
public:
    explicit PlotView(QWidget* parent = nullptr);

    QCustomPlot* plot() const { return plot_; }
    virtual QString kind() const = 0;  // "series", "tradeoff", "bars"
    virtual CsvTable plottedData() const = 0;
    virtual nlohmann::json config() const = 0;
    virtual void applyConfig(const nlohmann::json& config) = 0;
    // Reads the data again and redraws.
    virtual void refresh() = 0;
    // Number of data points drawn (before adaptive sampling).
    virtual int pointCount() const = 0;

Q_SIGNALS:
    void configChanged();

protected:
    QHBoxLayout* controls() const { return controls_; }
    // Shown in the middle of the plot when there is nothing to draw.
    void setMessage(const QString& text);

private:
    QCustomPlot* plot_ = nullptr;
    QHBoxLayout* controls_ = nullptr;
    QCPTextElement* message_ = nullptr;
};

}  // namespace sextant::ui
