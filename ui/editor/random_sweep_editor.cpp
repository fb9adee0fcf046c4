#include "editor/random_sweep_editor.hpp"

#include "editor/axis_table.hpp"

#include "params/param_values.hpp"
#include "results/runs_table_model.hpp"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>

namespace sextant::ui {

namespace {
using Distribution = RandomAxis::Distribution;
constexpr Distribution kDistributions[] = {Distribution::Uniform, Distribution::LogUniform, Distribution::Choice};

// The distribution a row's combo box names (it offers only these).
Distribution distribution_named(const std::string& name) {
    for (auto d : kDistributions)
        if (to_string(d) == name) return d;
    return Distribution::Uniform;
}

// "4" stays an integer in the file, "0.5" a float: the file reads as the user wrote it.
RangeEnd range_end(const QString& text, bool* ok) {
    const QString t = text.trimmed();
    const long long i = t.toLongLong(ok);
    if (*ok) return RangeEnd::as_written(i);
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
    QStringList distributions;
    for (auto d : kDistributions) distributions << QString::fromStdString(to_string(d));
    table_ = new AxisTable(tr("Distribution"), tr("Range or choices"), distributions, this);
    table_->setObjectName("randomAxes");
    table_->setMinimumHeight(80);
    table_->setToolTip(
        tr("uniform / log_uniform: from, to (0.001, 0.1)\n"
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
            updating_ = true;  // one edit, not two
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
    connect(table_, &AxisTable::rowEdited, this, &RandomSweepEditor::edited);
    enableParts();
}

void RandomSweepEditor::setPlugin(const PluginInfo* plugin) { table_->setPlugin(plugin); }

QTableWidget* RandomSweepEditor::table() const { return table_; }

bool RandomSweepEditor::isOn() const { return on_->isChecked(); }

void RandomSweepEditor::enableParts() {
    for (QWidget* w :
         {static_cast<QWidget*>(count_), static_cast<QWidget*>(seed_), static_cast<QWidget*>(table_), buttons_})
        w->setEnabled(on_->isChecked());
}

QString RandomSweepEditor::axisText(const RandomAxis& axis) {
    if (axis.distribution == Distribution::Choice) {
        QStringList items;
        for (const auto& v : axis.choices) items << param_text(v);
        return items.join(", ");
    }
    return QStringLiteral("%1, %2").arg(param_text(axis.from.value()), param_text(axis.to.value()));
}

void RandomSweepEditor::setRandom(const std::optional<RandomSweep>& random) {
    updating_ = true;
    table_->setRowCount(0);
    on_->setChecked(random.has_value());
    if (random) {
        if (random->count > 0) count_->setValue(static_cast<int>(std::min<long long>(random->count, INT_MAX)));
        seed_->setValue(static_cast<int>(std::min<std::uint64_t>(random->seed, INT_MAX)));
        for (const auto& axis : random->axes)
            table_->addAxisRow(axis.param, to_string(axis.distribution), axisText(axis));
    }
    enableParts();
    updating_ = false;
}

void RandomSweepEditor::addAxis(const std::string& param) {
    const std::string name = param.empty() ? table_->firstFreeParam() : param;
    RandomAxis axis{name, Distribution::Uniform, 0, 1, {}};
    if (const ParamDecl* d = table_->plugin() ? find_param(*table_->plugin(), name) : nullptr) {
        const bool numeric = d->type == ParamType::Int || d->type == ParamType::Float;
        if (numeric && d->min && d->max) {
            const bool log = d->log_scale && *d->min > 0;
            auto bound = [d](double v) { return d->type == ParamType::Int ? std::round(v) : v; };
            axis = {name, log ? Distribution::LogUniform : Distribution::Uniform, bound(*d->min), bound(*d->max), {}};
        } else if (d->type == ParamType::Choice) {
            axis = {name, Distribution::Choice, 0, 0, {d->choices.begin(), d->choices.end()}};
        } else if (d->type == ParamType::Bool) {
            axis = {name, Distribution::Choice, 0, 0, {false, true}};
        } else {
            axis = {name, Distribution::Choice, 0, 0, {d->default_value}};
        }
    }
    table_->addAxisRow(axis.param, to_string(axis.distribution), axisText(axis));
    edited();
}

void RandomSweepEditor::removeSelectedAxes() {
    table_->removeSelectedRows();
    edited();
}

std::optional<RandomAxis> RandomSweepEditor::readRow(int row, QString* error) const {
    RandomAxis axis;
    axis.param = table_->paramOf(row);
    axis.distribution = distribution_named(table_->kindOf(row));
    const QStringList items = table_->itemsOf(row);
    if (axis.distribution == Distribution::Choice) {
        const auto choices = table_->valueList(axis.param, items);
        axis.choices.assign(choices.begin(), choices.end());
        return axis;
    }
    bool ok = items.size() == 2, a = false, b = false;
    if (ok) {
        axis.from = range_end(items[0], &a);
        axis.to = range_end(items[1], &b);
    }
    if (!ok || !a || !b) {
        if (error) *error = tr("write from, to - e.g. 0.001, 0.1");
        return std::nullopt;
    }
    return axis;
}

void RandomSweepEditor::edited() {
    if (updating_) return;
    if (!on_->isChecked()) {
        Q_EMIT randomEdited(std::nullopt);
        return;
    }
    RandomSweep random{count_->value(), static_cast<std::uint64_t>(seed_->value()), {}};
    bool complete = true;
    for (int row = 0; row < table_->rowCount(); ++row) {
        QString error;
        auto axis = readRow(row, &error);
        table_->markRow(row, error);
        if (!axis) complete = false;
        else random.axes.push_back(std::move(*axis));
    }
    if (!complete) return;  // keep the last good samples until the row reads well
    Q_EMIT randomEdited(random);
}

}  // namespace sextant::ui
