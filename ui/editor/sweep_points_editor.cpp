#include "editor/sweep_points_editor.hpp"

#include "editor/param_field.hpp"
#include "editor/sweep_points_delegate.hpp"
#include "params/param_values.hpp"
#include "results/runs_table_model.hpp"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <set>

namespace sextant::ui {

namespace {
const QColor kBad(255, 205, 210);
}

SweepPointsEditor::SweepPointsEditor(QWidget* parent) : QWidget(parent) {
    table_ = new QTableWidget(0, 0, this);
    table_->setObjectName("sweepPoints");
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setMinimumHeight(80);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setToolTip(tr("One row per extra sweep point; an empty cell keeps the experiment's fixed value"));
    delegate_ = new SweepPointsDelegate([this](const QModelIndex& index) { return declOf(index.column()); }, table_);
    table_->setItemDelegate(delegate_);
    auto* add_point = new QPushButton(tr("Add point"), this);
    auto* remove_point = new QPushButton(tr("Remove point"), this);
    new_column_ = new QComboBox(this);
    new_column_->setObjectName("pointsNewColumn");
    new_column_->setToolTip(tr("A parameter the points set"));
    auto* add_column = new QPushButton(tr("Add column"), this);
    auto* remove_column = new QPushButton(tr("Remove column"), this);
    remove_column->setToolTip(tr("Remove the current cell's parameter from every point"));
    problems_label_ = new QLabel(this);
    problems_label_->setObjectName("pointProblems");
    problems_label_->setWordWrap(true);
    problems_label_->setStyleSheet("color: #c62828;");
    problems_label_->hide();
    auto* hint = new QLabel(tr("<small>Run besides the grid × random points (one point of fixed values when there is "
                               "no grid), once per seed.</small>"),
                            this);
    hint->setWordWrap(true);

    // Rows and columns on two short lines: the editor lives in a narrow dock.
    auto* rows = new QHBoxLayout;
    rows->addWidget(add_point);
    rows->addWidget(remove_point);
    rows->addStretch();
    auto* columns = new QHBoxLayout;
    columns->addWidget(new_column_, 1);
    columns->addWidget(add_column);
    columns->addWidget(remove_column);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table_);
    layout->addLayout(rows);
    layout->addLayout(columns);
    layout->addWidget(problems_label_);
    layout->addWidget(hint);

    connect(add_point, &QPushButton::clicked, this, &SweepPointsEditor::addPoint);
    connect(remove_point, &QPushButton::clicked, this, &SweepPointsEditor::removeSelectedPoints);
    connect(add_column, &QPushButton::clicked, this, [this] {
        if (!new_column_->currentText().isEmpty()) addColumn(new_column_->currentText().toStdString());
    });
    connect(remove_column, &QPushButton::clicked, this, [this] {
        const int c = table_->currentColumn();
        if (c >= 0 && c < static_cast<int>(columns_.size())) removeColumn(columns_[static_cast<std::size_t>(c)]);
    });
    connect(table_, &QTableWidget::itemChanged, this, [this] {
        if (!updating_) edited();
    });
}

void SweepPointsEditor::setPlugin(const PluginInfo* plugin) {
    plugin_ = plugin;
    setHeaders();
    fillColumnChoice();
}

int SweepPointsEditor::columnOf(const std::string& param) const {
    const auto it = std::find(columns_.begin(), columns_.end(), param);
    return it == columns_.end() ? -1 : static_cast<int>(it - columns_.begin());
}

const ParamDecl* SweepPointsEditor::declOf(int column) const {
    if (!plugin_ || column < 0 || column >= static_cast<int>(columns_.size())) return nullptr;
    return find_param(*plugin_, columns_[static_cast<std::size_t>(column)]);
}

void SweepPointsEditor::setHeaders() {
    table_->setColumnCount(static_cast<int>(columns_.size()));
    for (std::size_t c = 0; c < columns_.size(); ++c) {
        auto* header = new QTableWidgetItem(QString::fromStdString(columns_[c]));
        if (const ParamDecl* d = declOf(static_cast<int>(c))) header->setToolTip(ParamField::tooltipFor(*d));
        table_->setHorizontalHeaderItem(static_cast<int>(c), header);
    }
}

void SweepPointsEditor::fillColumnChoice() {
    new_column_->clear();
    if (plugin_)
        for (const auto& p : plugin_->params)
            if (columnOf(p.name) < 0) new_column_->addItem(QString::fromStdString(p.name));
}

void SweepPointsEditor::setPoints(const std::vector<nlohmann::json>& points) {
    updating_ = true;
    columns_.clear();
    // Columns in the plugin's order, then names it does not declare (the check names them).
    std::set<std::string> used;
    for (const auto& p : points)
        if (p.is_object())
            for (const auto& [name, value] : p.items()) used.insert(name);
    if (plugin_)
        for (const auto& d : plugin_->params)
            if (used.erase(d.name)) columns_.push_back(d.name);
    columns_.insert(columns_.end(), used.begin(), used.end());
    table_->setRowCount(0);
    setHeaders();
    for (const auto& p : points) {
        const int row = table_->rowCount();
        table_->insertRow(row);
        for (std::size_t c = 0; c < columns_.size(); ++c) {
            QString text;
            if (p.is_object() && p.contains(columns_[c])) text = param_text(p[columns_[c]]);
            table_->setItem(row, static_cast<int>(c), new QTableWidgetItem(text));
        }
    }
    fillColumnChoice();
    updating_ = false;
    edited(false);  // marks the cells' problems
}

void SweepPointsEditor::addColumn(const std::string& param) {
    if (param.empty() || columnOf(param) >= 0) return;
    updating_ = true;
    columns_.push_back(param);
    setHeaders();
    for (int row = 0; row < table_->rowCount(); ++row)
        table_->setItem(row, static_cast<int>(columns_.size()) - 1, new QTableWidgetItem());
    fillColumnChoice();
    updating_ = false;
    edited();
}

void SweepPointsEditor::removeColumn(const std::string& param) {
    const int c = columnOf(param);
    if (c < 0) return;
    updating_ = true;
    table_->removeColumn(c);
    columns_.erase(columns_.begin() + c);
    setHeaders();
    fillColumnChoice();
    updating_ = false;
    edited();
}

void SweepPointsEditor::addPoint() {
    updating_ = true;
    if (columns_.empty() && new_column_->count() > 0) {
        columns_.push_back(new_column_->itemText(0).toStdString());
        setHeaders();
        fillColumnChoice();
    }
    const int row = table_->rowCount();
    table_->insertRow(row);
    for (int c = 0; c < static_cast<int>(columns_.size()); ++c) table_->setItem(row, c, new QTableWidgetItem());
    updating_ = false;
    table_->setCurrentCell(row, 0);
    edited();
}

void SweepPointsEditor::removeSelectedPoints() {
    std::set<int> rows;
    for (const auto& index : table_->selectionModel()->selectedIndexes()) rows.insert(index.row());
    if (rows.empty() && table_->currentRow() >= 0) rows.insert(table_->currentRow());
    if (rows.empty() && table_->rowCount() > 0) rows.insert(table_->rowCount() - 1);
    updating_ = true;
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) table_->removeRow(*it);
    updating_ = false;
    edited();
}

void SweepPointsEditor::setCell(int row, const std::string& param, const QString& text) {
    const int c = columnOf(param);
    if (c < 0 || row < 0 || row >= table_->rowCount()) return;
    table_->item(row, c)->setText(text);  // itemChanged, as when typed
}

// Reads every cell: checks it against its declaration, marks the bad ones and, unless the
// table was just filled from the file, emits the points. A value that does not read stays
// in the file as typed, so the run count below says what is wrong rather than hiding it.
void SweepPointsEditor::edited(bool emit_points) {
    updating_ = true;  // marking cells changes items: no re-entry
    std::vector<nlohmann::json> points;
    problems_.clear();
    for (int row = 0; row < table_->rowCount(); ++row) {
        nlohmann::json point = nlohmann::json::object();
        for (std::size_t c = 0; c < columns_.size(); ++c) {
            QTableWidgetItem* item = table_->item(row, static_cast<int>(c));
            if (!item) continue;
            const std::string& name = columns_[c];
            const std::string text = item->text().trimmed().toStdString();
            QString error;
            if (!text.empty()) {
                const ParamDecl* decl = plugin_ ? find_param(*plugin_, name) : nullptr;
                if (!decl) {
                    error = tr("not a parameter of this plugin");
                    point[name] = text;
                } else {
                    const auto read = read_param_text(*decl, text);
                    error = QString::fromStdString(read.error_text());
                    point[name] = read.value;  // a value that does not read stays text: the check names it
                }
            }
            item->setBackground(error.isEmpty() ? QBrush() : QBrush(kBad));
            item->setToolTip(error);
            if (!error.isEmpty())
                problems_ << tr("point %1, %2: %3").arg(row + 1).arg(QString::fromStdString(name), error);
        }
        points.push_back(point);
    }
    problems_label_->setText(problems_.join('\n'));
    problems_label_->setVisible(!problems_.isEmpty());
    updating_ = false;
    if (emit_points) Q_EMIT pointsEdited(points);
}

}  // namespace sextant::ui
