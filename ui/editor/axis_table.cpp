#include "editor/axis_table.hpp"

#include "params/param_values.hpp"

#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>

#include <set>

namespace sextant::ui {

AxisTable::AxisTable(const QString& kind_header, const QString& values_header, QStringList kinds, QWidget* parent)
    : QTableWidget(0, 3, parent), kinds_(std::move(kinds)) {
    setHorizontalHeaderLabels({tr("Parameter"), kind_header, values_header});
    horizontalHeader()->setStretchLastSection(true);
    verticalHeader()->hide();
    setSelectionBehavior(QAbstractItemView::SelectRows);
}

void AxisTable::addAxisRow(const std::string& param_name, const std::string& kind_name, const QString& values_text) {
    const int row = rowCount();
    insertRow(row);
    auto* param = new QComboBox(this);
    if (plugin_)
        for (const auto& p : plugin_->params) param->addItem(QString::fromStdString(p.name));
    const QString name = QString::fromStdString(param_name);
    if (param->findText(name) < 0 && !name.isEmpty()) param->addItem(name);
    param->setCurrentText(name);
    auto* kind = new QComboBox(this);
    kind->addItems(kinds_);
    kind->setCurrentText(QString::fromStdString(kind_name));
    auto* values = new QLineEdit(values_text, this);
    values->setFrame(false);
    setCellWidget(row, ParamColumn, param);
    setCellWidget(row, KindColumn, kind);
    setCellWidget(row, ValuesColumn, values);
    connect(param, &QComboBox::currentTextChanged, this, &AxisTable::rowEdited);
    connect(kind, &QComboBox::currentTextChanged, this, &AxisTable::rowEdited);
    connect(values, &QLineEdit::textEdited, this, &AxisTable::rowEdited);
}

std::string AxisTable::firstFreeParam() const {
    if (!plugin_) return {};
    std::set<std::string> taken;
    for (int row = 0; row < rowCount(); ++row) taken.insert(paramOf(row));
    for (const auto& p : plugin_->params)
        if (!taken.count(p.name)) return p.name;
    return {};
}

void AxisTable::removeSelectedRows() {
    std::set<int> rows;
    for (const auto& index : selectionModel()->selectedIndexes()) rows.insert(index.row());
    if (rows.empty() && currentRow() >= 0) rows.insert(currentRow());
    if (rows.empty() && rowCount() > 0) rows.insert(rowCount() - 1);
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) removeRow(*it);
}

std::string AxisTable::paramOf(int row) const {
    return qobject_cast<QComboBox*>(cellWidget(row, ParamColumn))->currentText().toStdString();
}

std::string AxisTable::kindOf(int row) const {
    return qobject_cast<QComboBox*>(cellWidget(row, KindColumn))->currentText().toStdString();
}

QStringList AxisTable::itemsOf(int row) const {
    QStringList items;
    for (const auto& item :
         qobject_cast<QLineEdit*>(cellWidget(row, ValuesColumn))->text().split(',', Qt::SkipEmptyParts))
        items << item.trimmed();
    return items;
}

void AxisTable::markRow(int row, const QString& error) {
    QWidget* values = cellWidget(row, ValuesColumn);
    values->setStyleSheet(error.isEmpty() ? QString() : QStringLiteral("color: #c62828;"));
    values->setToolTip(error);
}

nlohmann::json AxisTable::valueList(const std::string& param, const QStringList& items) const {
    const ParamDecl* decl = plugin_ ? find_param(*plugin_, param) : nullptr;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& item : items) {
        // A value that does not read stays text (read_param_text's value then).
        list.push_back(decl ? read_param_text(*decl, item.toStdString()).value : nlohmann::json(item.toStdString()));
    }
    return list;
}

}  // namespace sextant::ui
