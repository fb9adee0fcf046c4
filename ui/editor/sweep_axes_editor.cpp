#include "editor/sweep_axes_editor.hpp"

#include "params/param_values.hpp"
#include "results/runs_table_model.hpp"
#include "store/run_export.hpp"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <set>

namespace sextant::ui {

namespace {
enum { ParamColumn, SpacingColumn, ValuesColumn };
const char* kSpacings[] = {"values", "linear", "log"};
}  // namespace

SweepAxesEditor::SweepAxesEditor(QWidget* parent) : QWidget(parent) {
    table_ = new QTableWidget(0, 3, this);
    table_->setHorizontalHeaderLabels({tr("Parameter"), tr("Spacing"), tr("Values")});
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setMinimumHeight(90);
    table_->setToolTip(tr("values: a comma-separated list (1, 2, 4 or lhc, dense)\n"
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
}

void SweepAxesEditor::setPlugin(const PluginInfo* plugin) { plugin_ = plugin; }

QString SweepAxesEditor::axisText(const nlohmann::json& axis) {
    if (axis.contains("values") && axis["values"].is_array()) {
        QStringList items;
        for (const auto& v : axis["values"]) items << param_text(v);
        return items.join(", ");
    }
    for (const char* key : {"linear", "log"})
        if (axis.contains(key) && axis[key].is_object()) {
            const auto& r = axis[key];
            return QStringLiteral("%1, %2, %3")
                .arg(param_text(r.value("from", nlohmann::json())), param_text(r.value("to", nlohmann::json())),
                     param_text(r.value("count", nlohmann::json())));
        }
    return {};
}

void SweepAxesEditor::setGrid(const nlohmann::json& grid) {
    updating_ = true;
    table_->setRowCount(0);
    if (grid.is_array())
        for (const auto& axis : grid) addRow(axis);
    updating_ = false;
}

int SweepAxesEditor::axisCount() const { return table_->rowCount(); }

void SweepAxesEditor::addRow(const nlohmann::json& axis) {
    const int row = table_->rowCount();
    table_->insertRow(row);
    auto* param = new QComboBox(table_);
    if (plugin_)
        for (const auto& p : plugin_->params) param->addItem(QString::fromStdString(p.name));
    const QString name = QString::fromStdString(axis.value("param", ""));
    if (param->findText(name) < 0 && !name.isEmpty()) param->addItem(name);
    param->setCurrentText(name);
    auto* spacing = new QComboBox(table_);
    for (const char* s : kSpacings) spacing->addItem(s);
    for (const char* s : kSpacings)
        if (axis.contains(s)) spacing->setCurrentText(s);
    auto* values = new QLineEdit(axisText(axis), table_);
    values->setFrame(false);
    table_->setCellWidget(row, ParamColumn, param);
    table_->setCellWidget(row, SpacingColumn, spacing);
    table_->setCellWidget(row, ValuesColumn, values);
    connect(param, &QComboBox::currentTextChanged, this, &SweepAxesEditor::rowEdited);
    connect(spacing, &QComboBox::currentTextChanged, this, &SweepAxesEditor::rowEdited);
    connect(values, &QLineEdit::textEdited, this, &SweepAxesEditor::rowEdited);
}

void SweepAxesEditor::addAxis(const std::string& param) {
    std::string name = param;
    if (name.empty() && plugin_) {
        std::vector<std::string> swept;
        for (int row = 0; row < table_->rowCount(); ++row)
            swept.push_back(qobject_cast<QComboBox*>(table_->cellWidget(row, ParamColumn))->currentText().toStdString());
        for (const auto& p : plugin_->params)
            if (std::find(swept.begin(), swept.end(), p.name) == swept.end()) {
                name = p.name;
                break;
            }
    }
    nlohmann::json axis = {{"param", name}, {"values", nlohmann::json::array()}};
    if (plugin_)
        if (const auto* d = find_param(*plugin_, name)) {
            if (d->type == ParamType::Choice) axis["values"] = d->choices;
            else axis["values"].push_back(d->default_value);
        }
    addRow(axis);
    rowEdited();
}

void SweepAxesEditor::removeSelectedAxes() {
    std::set<int> rows;
    for (const auto& index : table_->selectionModel()->selectedIndexes()) rows.insert(index.row());
    if (rows.empty() && table_->currentRow() >= 0) rows.insert(table_->currentRow());
    if (rows.empty() && table_->rowCount() > 0) rows.insert(table_->rowCount() - 1);
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) table_->removeRow(*it);
    rowEdited();
}

nlohmann::json SweepAxesEditor::readRow(int row, QString* error) const {
    const auto* param = qobject_cast<QComboBox*>(table_->cellWidget(row, ParamColumn));
    const auto* spacing = qobject_cast<QComboBox*>(table_->cellWidget(row, SpacingColumn));
    const auto* values = qobject_cast<QLineEdit*>(table_->cellWidget(row, ValuesColumn));
    const std::string name = param->currentText().toStdString();
    const ParamDecl* decl = plugin_ ? find_param(*plugin_, name) : nullptr;
    const QStringList items = values->text().split(',', Qt::SkipEmptyParts);
    nlohmann::json axis = {{"param", name}};
    if (spacing->currentText() == "values") {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& item : items) {
            const std::string text = item.trimmed().toStdString();
            try {
                list.push_back(decl ? parse_param_text(*decl, text) : nlohmann::json(text));
            } catch (const std::exception&) {
                list.push_back(text);  // the sweep check reports it with the accepted values
            }
        }
        axis["values"] = list;
        return axis;
    }
    bool ok = items.size() == 3;
    double from = 0, to = 0;
    int count = 0;
    if (ok) {
        bool a = false, b = false, c = false;
        from = items[0].trimmed().toDouble(&a);
        to = items[1].trimmed().toDouble(&b);
        count = items[2].trimmed().toInt(&c);
        ok = a && b && c;
    }
    if (!ok) {
        if (error) *error = tr("write from, to, count - e.g. 0.001, 0.1, 3");
        return nullptr;
    }
    axis[spacing->currentText().toStdString()] = {{"from", from}, {"to", to}, {"count", count}};
    return axis;
}

void SweepAxesEditor::rowEdited() {
    if (updating_) return;
    nlohmann::json grid = nlohmann::json::array();
    bool complete = true;
    for (int row = 0; row < table_->rowCount(); ++row) {
        QString error;
        const auto axis = readRow(row, &error);
        auto* values = table_->cellWidget(row, ValuesColumn);
        values->setStyleSheet(error.isEmpty() ? QString() : QStringLiteral("color: #c62828;"));
        values->setToolTip(error);
        if (axis.is_null()) complete = false;
        else grid.push_back(axis);
    }
    if (!complete) return;  // keep the last good grid until the row reads well
    Q_EMIT gridEdited(grid.empty() ? nlohmann::json() : grid);
}

}  // namespace sextant::ui
