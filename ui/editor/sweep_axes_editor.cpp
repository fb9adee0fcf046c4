#include "editor/sweep_axes_editor.hpp"

#include "editor/axis_table.hpp"
#include "params/param_values.hpp"
#include "results/runs_table_model.hpp"
#include "store/run_export.hpp"

#include <QHBoxLayout>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sextant::ui {

namespace {
constexpr GridAxis::Spacing kSpacings[] = {GridAxis::Spacing::Values, GridAxis::Spacing::Linear,
                                           GridAxis::Spacing::Log};

// The spacing a row's combo box names (it offers only these).
GridAxis::Spacing spacing_named(const std::string& name) {
    for (auto s : kSpacings)
        if (to_string(s) == name) return s;
    return GridAxis::Spacing::Values;
}
}  // namespace

SweepAxesEditor::SweepAxesEditor(QWidget* parent) : QWidget(parent) {
    QStringList spacings;
    for (auto s : kSpacings) spacings << QString::fromStdString(to_string(s));
    table_ = new AxisTable(tr("Spacing"), tr("Values"), spacings, this);
    table_->setMinimumHeight(90);
    table_->setToolTip(
        tr("values: a comma-separated list (1, 2, 4 or lhc, dense)\n"
           "linear / log: from, to, count (0.001, 0.1, 3) - ends included"));
    auto* add = new QPushButton(tr("Add axis"), this);
    auto* remove = new QPushButton(tr("Remove axis"), this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table_);
    layout->addLayout(buttons);
    connect(add, &QPushButton::clicked, this, [this] { addAxis(); });
    connect(remove, &QPushButton::clicked, this, &SweepAxesEditor::removeSelectedAxes);
    connect(table_, &AxisTable::rowEdited, this, &SweepAxesEditor::rowEdited);
}

void SweepAxesEditor::setPlugin(const PluginInfo* plugin) { table_->setPlugin(plugin); }

QTableWidget* SweepAxesEditor::table() const { return table_; }

QString SweepAxesEditor::axisText(const GridAxis& axis) {
    if (axis.spacing == GridAxis::Spacing::Values) {
        QStringList items;
        for (const auto& v : axis.values) items << param_text(v);
        return items.join(", ");
    }
    return QStringLiteral("%1, %2, %3")
        .arg(param_text(axis.from.value()), param_text(axis.to.value()), param_text(axis.count));
}

void SweepAxesEditor::setGrid(const std::vector<GridAxis>& grid) {
    updating_ = true;
    table_->setRowCount(0);
    for (const auto& axis : grid) table_->addAxisRow(axis.param, to_string(axis.spacing), axisText(axis));
    updating_ = false;
}

int SweepAxesEditor::axisCount() const { return table_->rowCount(); }

void SweepAxesEditor::addAxis(const std::string& param) {
    const std::string name = param.empty() ? table_->firstFreeParam() : param;
    GridAxis axis{name, GridAxis::Spacing::Values, {}, 0, 0, 0};
    if (const PluginInfo* plugin = table_->plugin())
        if (const auto* d = find_param(*plugin, name)) {
            if (d->type == ParamType::Choice) axis.values.assign(d->choices.begin(), d->choices.end());
            else axis.values.push_back(d->default_value);
        }
    table_->addAxisRow(axis.param, to_string(axis.spacing), axisText(axis));
    rowEdited();
}

void SweepAxesEditor::removeSelectedAxes() {
    table_->removeSelectedRows();
    rowEdited();
}

std::optional<GridAxis> SweepAxesEditor::readRow(int row, QString* error) const {
    GridAxis axis;
    axis.param = table_->paramOf(row);
    axis.spacing = spacing_named(table_->kindOf(row));
    const QStringList items = table_->itemsOf(row);
    if (axis.spacing == GridAxis::Spacing::Values) {
        const auto values = table_->valueList(axis.param, items);
        axis.values.assign(values.begin(), values.end());
        return axis;
    }
    bool ok = items.size() == 3;
    if (ok) {
        bool a = false, b = false, c = false;
        axis.from = items[0].toDouble(&a);
        axis.to = items[1].toDouble(&b);
        axis.count = items[2].toInt(&c);
        ok = a && b && c;
    }
    if (!ok) {
        if (error) *error = tr("write from, to, count - e.g. 0.001, 0.1, 3");
        return std::nullopt;
    }
    return axis;
}

void SweepAxesEditor::rowEdited() {
    if (updating_) return;
    std::vector<GridAxis> grid;
    bool complete = true;
    for (int row = 0; row < table_->rowCount(); ++row) {
        QString error;
        auto axis = readRow(row, &error);
        table_->markRow(row, error);
        if (!axis) complete = false;
        else grid.push_back(std::move(*axis));
    }
    if (!complete) return;  // keep the last good grid until the row reads well
    Q_EMIT gridEdited(grid);
}

}  // namespace sextant::ui
