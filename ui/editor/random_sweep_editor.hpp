// The seeded random samples of an experiment's sweep ("random" in the project file): how
// many samples, the seed they are drawn from, and one row per axis - the parameter, its
// distribution (uniform or log_uniform over a range, or a choice among values) and the
// range or the values. The engine draws the samples (expand_sweep), so the editor's count
// and sextant-cli's runs are the same draws.
#pragma once

#include "params/sweep.hpp"
#include "sextant/declarations.hpp"

#include <QWidget>

#include <optional>

class QCheckBox;
class QSpinBox;
class QTableWidget;

namespace sextant::ui {

class AxisTable;

class RandomSweepEditor final : public QWidget {
    Q_OBJECT
public:
    explicit RandomSweepEditor(QWidget* parent = nullptr);

    void setPlugin(const PluginInfo* plugin);
    // Shows the sweep's random samples (none: off) without emitting randomEdited().
    void setRandom(const std::optional<RandomSweep>& random);
    bool isOn() const;
    QCheckBox* onBox() const { return on_; }
    QSpinBox* countBox() const { return count_; }
    QSpinBox* seedBox() const { return seed_; }
    QTableWidget* table() const;
    // A new axis over `param` (default: the first parameter without one), with the range the
    // declaration allows or its choices.
    void addAxis(const std::string& param = {});
    void removeSelectedAxes();

    // A row's text as the project file spells it: "0.001, 0.1" (from, to) or "lhc, topk".
    static QString axisText(const RandomAxis& axis);

Q_SIGNALS:
    // The samples' count, seed and axes, or none when random sampling is off; the engine
    // writes them (to_json).
    void randomEdited(const std::optional<RandomSweep>& random);

private:
    std::optional<RandomAxis> readRow(int row, QString* error) const;
    void edited();
    void enableParts();

    QCheckBox* on_ = nullptr;
    QSpinBox* count_ = nullptr;
    QSpinBox* seed_ = nullptr;
    AxisTable* table_ = nullptr;
    QWidget* buttons_ = nullptr;
    bool updating_ = false;
};

}  // namespace sextant::ui
