// The table both sweep-axis editors show (grid axes and random-sample axes): one row per
// axis with the parameter it varies, how its values are given (a choice of kinds, e.g.
// values / linear / log or uniform / log_uniform / choice) and the values as text. The
// editors turn rows into the project file's JSON; this holds the rows.
#pragma once

#include "sextant/declarations.hpp"

#include <nlohmann/json.hpp>

#include <QStringList>
#include <QTableWidget>

#include <string>

namespace sextant::ui {

class AxisTable final : public QTableWidget {
    Q_OBJECT
public:
    enum Column { ParamColumn, KindColumn, ValuesColumn };

    // `kinds`: the ways an axis can give its values, as the project file names them.
    AxisTable(const QString& kind_header, const QString& values_header, QStringList kinds, QWidget* parent = nullptr);

    void setPlugin(const PluginInfo* plugin) { plugin_ = plugin; }
    const PluginInfo* plugin() const { return plugin_; }

    // A row for an axis over `param` whose values are given as `kind` (one of the kinds).
    void addAxisRow(const std::string& param, const std::string& kind, const QString& values_text);
    // The first declared parameter without a row yet (or empty when all have one).
    std::string firstFreeParam() const;
    // The selected rows, else the current one, else the last.
    void removeSelectedRows();

    std::string paramOf(int row) const;
    std::string kindOf(int row) const;
    // The values text split at commas, each trimmed.
    QStringList itemsOf(int row) const;
    // Shows (or clears, with an empty text) what is wrong with a row's values.
    void markRow(int row, const QString& error);

    // A comma-separated list read as the declaration of `param` reads values; an item it
    // does not accept stays text, so the sweep check can name it with what is accepted.
    nlohmann::json valueList(const std::string& param, const QStringList& items) const;

Q_SIGNALS:
    void rowEdited();

private:
    QStringList kinds_;
    const PluginInfo* plugin_ = nullptr;
};

}  // namespace sextant::ui
