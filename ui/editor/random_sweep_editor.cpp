#include "editor/random_sweep_editor.hpp"

#include "params/param_values.hpp"
#include "results/runs_table_model.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>
#include <set>

namespace sextant::ui {

namespace {
enum { ParamColumn, DistributionColumn, ValuesColumn };
const char* kDistributions[] = {"uniform", "log_uniform", "choice"};

// "4" stays an integer in the file, "0.5" a float: the file reads as the user wrote it.
nlohmann::json number_json(const QString& text, bool* ok) {
    const QString t = text.trimmed();
    const long long i = t.toLongLong(ok);
    if (*ok) return i;
    const double d = t.toDouble(ok);
    *ok = *ok && std::isfinite(d);
    return d;
}
}  // namespace

RandomSweepEditor::RandomSweepEditor(QWidget* parent) : QWidget(parent) {
    on_ = new QCheckBox(tr("Draw random samples"), this);
    on_->setObjectName("randomOn");
    on_->setToolTip(tr("Every grid point is combined with each sample; the same seed draws the same samples"));
    count_ = new QSpinBox(this);
    count_->setObjectName("randomCount");
    count_->setRange(1, 1000000);
    count_->setValue(10);
    count_->setKeyboardTracking(false);
    count_->setToolTip(tr("How many samples are drawn"));
    seed_ = new QSpinBox(this);
    seed_->setObjectName("randomSeed");
    seed_->setRange(0, INT_MAX);
    seed_->setKeyboardTracking(false);
    seed_->setToolTip(tr("The samples are drawn reproducibly from this seed (not the runs' seeds)"));
    table_ = new QTableWidget(0, 3, this);
    table_->setObjectName("randomAxes");
    table_->setHorizontalHeaderLabels({tr("Parameter"), tr("Distribution"), tr("Range or choices")});
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setMinimumHeight(80);
    table_->setToolTip(tr("uniform / log_uniform: from, to (0.001, 0.1)\n"
                          "choice: a comma-separated list (lhc, topk)"));
    buttons_ = new QWidget(this);
    auto* add = new QPushButton(tr("Add axis"), buttons_);
    auto* remove = new QPushButton(tr("Remove axis"), buttons_);
    auto* buttons = new QHBoxLayout(buttons_);
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();

    // Two short rows rather than one long one: the editor lives in a narrow dock.
    auto* numbers = new QHBoxLayout;
    numbers->addWidget(new QLabel(tr("Samples"), this));
    numbers->addWidget(count_, 1);
    numbers->addWidget(new QLabel(tr("Seed"), this));
    numbers->addWidget(seed_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(on_);
    layout->addLayout(numbers);
    layout->addWidget(table_);
    layout->addWidget(buttons_);

    connect(on_, &QCheckBox::toggled, this, [this](bool on) {
        if (updating_) return;
        if (on && table_->rowCount() == 0) {
            updating_ = true;   // one edit, not two
            addAxis();
            updating_ = false;
        }
        enableParts();
        edited();
    });
    connect(count_, &QSpinBox::valueChanged, this, &RandomSweepEditor::edited);
    connect(seed_, &QSpinBox::valueChanged, this, &RandomSweepEditor::edited);
    connect(add, &QPushButton::clicked, this, [this] { addAxis(); });
    connect(remove, &QPushButton::clicked, this, &RandomSweepEditor::removeSelectedAxes);
    enableParts();
}

void RandomSweepEditor::setPlugin(const PluginInfo* plugin) { plugin_ = plugin; }

bool RandomSweepEditor::isOn() const { return on_->isChecked(); }

void RandomSweepEditor::enableParts() {
    for (QWidget* w : {static_cast<QWidget*>(count_), static_cast<QWidget*>(seed_), static_cast<QWidget*>(table_), buttons_})
        w->setEnabled(on_->isChecked());
}

QString RandomSweepEditor::axisText(const nlohmann::json& axis) {
    if (axis.contains("choice") && axis["choice"].is_array()) {
        QStringList items;
        for (const auto& v : axis["choice"]) items << param_text(v);
        return items.join(", ");
    }
    for (const char* key : {"uniform", "log_uniform"})
        if (axis.contains(key) && axis[key].is_object())
            return QStringLiteral("%1, %2").arg(param_text(axis[key].value("from", nlohmann::json())),
                                                param_text(axis[key].value("to", nlohmann::json())));
    return {};
}

void RandomSweepEditor::setRandom(const nlohmann::json& random) {
    updating_ = true;
    table_->setRowCount(0);
    const bool on = random.is_object();
    on_->setChecked(on);
    if (on) {
        if (random.contains("count") && random["count"].is_number_integer()) count_->setValue(random["count"].get<int>());
        seed_->setValue(random.contains("seed") && random["seed"].is_number_integer() ? random["seed"].get<int>() : 0);
        if (random.contains("axes") && random["axes"].is_array())
            for (const auto& axis : random["axes"]) addRow(axis);
    }
    enableParts();
    updating_ = false;
}

void RandomSweepEditor::addRow(const nlohmann::json& axis) {
    const int row = table_->rowCount();
    table_->insertRow(row);
    auto* param = new QComboBox(table_);
    if (plugin_)
        for (const auto& p : plugin_->params) param->addItem(QString::fromStdString(p.name));
    const QString name = QString::fromStdString(axis.value("param", ""));
    if (param->findText(name) < 0 && !name.isEmpty()) param->addItem(name);
    param->setCurrentText(name);
    auto* distribution = new QComboBox(table_);
    for (const char* d : kDistributions) distribution->addItem(d);
    for (const char* d : kDistributions)
        if (axis.contains(d)) distribution->setCurrentText(d);
    auto* values = new QLineEdit(axisText(axis), table_);
    values->setFrame(false);
    table_->setCellWidget(row, ParamColumn, param);
    table_->setCellWidget(row, DistributionColumn, distribution);
    table_->setCellWidget(row, ValuesColumn, values);
    connect(param, &QComboBox::currentTextChanged, this, &RandomSweepEditor::edited);
    connect(distribution, &QComboBox::currentTextChanged, this, &RandomSweepEditor::edited);
    connect(values, &QLineEdit::textEdited, this, &RandomSweepEditor::edited);
}

void RandomSweepEditor::addAxis(const std::string& param) {
    std::string name = param;
    if (name.empty() && plugin_) {
        std::set<std::string> taken;
        for (int row = 0; row < table_->rowCount(); ++row)
            taken.insert(qobject_cast<QComboBox*>(table_->cellWidget(row, ParamColumn))->currentText().toStdString());
        for (const auto& p : plugin_->params)
            if (!taken.count(p.name)) {
                name = p.name;
                break;
            }
    }
    nlohmann::json axis = {{"param", name}, {"uniform", {{"from", 0}, {"to", 1}}}};
    if (const ParamDecl* d = plugin_ ? find_param(*plugin_, name) : nullptr) {
        const bool numeric = d->type == ParamType::Int || d->type == ParamType::Float;
        if (numeric && d->min && d->max) {
            const bool log = d->log_scale && *d->min > 0;
            auto bound = [d](double v) { return d->type == ParamType::Int ? nlohmann::json(std::llround(v)) : nlohmann::json(v); };
            axis = {{"param", name}, {log ? "log_uniform" : "uniform", {{"from", bound(*d->min)}, {"to", bound(*d->max)}}}};
        } else if (d->type == ParamType::Choice) {
            axis = {{"param", name}, {"choice", d->choices}};
        } else if (d->type == ParamType::Bool) {
            axis = {{"param", name}, {"choice", {false, true}}};
        } else {
            axis = {{"param", name}, {"choice", {d->default_value}}};
        }
    }
    addRow(axis);
    edited();
}

void RandomSweepEditor::removeSelectedAxes() {
    std::set<int> rows;
    for (const auto& index : table_->selectionModel()->selectedIndexes()) rows.insert(index.row());
    if (rows.empty() && table_->currentRow() >= 0) rows.insert(table_->currentRow());
    if (rows.empty() && table_->rowCount() > 0) rows.insert(table_->rowCount() - 1);
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) table_->removeRow(*it);
    edited();
}

nlohmann::json RandomSweepEditor::readRow(int row, QString* error) const {
    const auto* param = qobject_cast<QComboBox*>(table_->cellWidget(row, ParamColumn));
    const auto* distribution = qobject_cast<QComboBox*>(table_->cellWidget(row, DistributionColumn));
    const auto* values = qobject_cast<QLineEdit*>(table_->cellWidget(row, ValuesColumn));
    const std::string name = param->currentText().toStdString();
    const std::string kind = distribution->currentText().toStdString();
    const ParamDecl* decl = plugin_ ? find_param(*plugin_, name) : nullptr;
    const QStringList items = values->text().split(',', Qt::SkipEmptyParts);
    nlohmann::json axis = {{"param", name}};
    if (kind == "choice") {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& item : items) {
            const std::string text = item.trimmed().toStdString();
            try {
                list.push_back(decl ? parse_param_text(*decl, text) : nlohmann::json(text));
            } catch (const std::exception&) {
                list.push_back(text);  // the sweep check reports it with the accepted values
            }
        }
        axis["choice"] = list;
        return axis;
    }
    bool ok = items.size() == 2, a = false, b = false;
    const nlohmann::json from = ok ? number_json(items[0], &a) : nlohmann::json();
    const nlohmann::json to = ok ? number_json(items[1], &b) : nlohmann::json();
    if (!ok || !a || !b) {
        if (error) *error = tr("write from, to - e.g. 0.001, 0.1");
        return nullptr;
    }
    axis[kind] = {{"from", from}, {"to", to}};
    return axis;
}

void RandomSweepEditor::edited() {
    if (updating_) return;
    if (!on_->isChecked()) {
        Q_EMIT randomEdited(nullptr);
        return;
    }
    nlohmann::json axes = nlohmann::json::array();
    bool complete = true;
    for (int row = 0; row < table_->rowCount(); ++row) {
        QString error;
        const auto axis = readRow(row, &error);
        auto* values = table_->cellWidget(row, ValuesColumn);
        values->setStyleSheet(error.isEmpty() ? QString() : QStringLiteral("color: #c62828;"));
        values->setToolTip(error);
        if (axis.is_null()) complete = false;
        else axes.push_back(axis);
    }
    if (!complete) return;  // keep the last good samples until the row reads well
    Q_EMIT randomEdited({{"count", count_->value()}, {"seed", seed_->value()}, {"axes", axes}});
}

}  // namespace sextant::ui
