#include "editor/sweep_points_delegate.hpp"

#include "editor/param_field.hpp"
#include "params/param_values.hpp"
#include "results/runs_table_model.hpp"

#include <QComboBox>
#include <QDoubleValidator>
#include <QLineEdit>
#include <QLocale>
#include <QSpinBox>

#include <algorithm>
#include <climits>
#include <cmath>
#include <optional>

namespace sextant::ui {

namespace {

// The declared int range when a spin box holds it with one step below it for "empty".
std::optional<std::pair<int, int>> spin_range(const ParamDecl& d) {
    if (!d.min || !d.max) return std::nullopt;
    const double lo = std::ceil(*d.min), hi = std::floor(*d.max);
    if (lo <= static_cast<double>(INT_MIN) || hi > static_cast<double>(INT_MAX) || lo > hi) return std::nullopt;
    return std::pair{static_cast<int>(lo), static_cast<int>(hi)};
}

// The value of a cell's text for its declaration (null when it does not read or fit).
nlohmann::json read_cell(const ParamDecl& d, const QString& text) {
    const auto read = read_param_text(d, text.trimmed().toStdString());
    return read.error.empty() ? read.value : nlohmann::json();
}

// An int spin box whose lowest step, shown as the special text, is "empty"; clearing the
// text also means empty.
class OptionalSpinBox final : public QSpinBox {
public:
    using QSpinBox::QSpinBox;
    QValidator::State validate(QString& input, int& pos) const override {
        return input.trimmed().isEmpty() ? QValidator::Acceptable : QSpinBox::validate(input, pos);
    }
    int valueFromText(const QString& text) const override {
        return text.trimmed().isEmpty() ? minimum() : QSpinBox::valueFromText(text);
    }
};

// A float's text: empty, or a number in C notation (1e-5 too); fixup clamps a number
// outside the declared range to its nearest end.
class NumberValidator final : public QDoubleValidator {
public:
    explicit NumberValidator(const ParamDecl& d, QObject* parent) : QDoubleValidator(parent) {
        QLocale c = QLocale::c();
        c.setNumberOptions(QLocale::RejectGroupSeparator);
        setLocale(c);
        setNotation(QDoubleValidator::ScientificNotation);
        if (d.min) setBottom(*d.min);
        if (d.max) setTop(*d.max);
    }
    State validate(QString& input, int& pos) const override {
        return input.trimmed().isEmpty() ? Acceptable : QDoubleValidator::validate(input, pos);
    }
    void fixup(QString& input) const override {
        bool ok = false;
        const double v = locale().toDouble(input.trimmed(), &ok);
        if (ok && std::isfinite(v)) input = param_text(std::clamp(v, bottom(), top()));
    }
};

enum class Kind { Text, Choice, Bool, Int, Float };

// The editor a cell gets: the typed one when it can show the cell's text, else plain text.
Kind kind_for(const ParamDecl* d, const QString& text) {
    if (!d) return Kind::Text;
    const bool empty = text.trimmed().isEmpty();
    switch (d->type) {
    case ParamType::Choice: return empty || read_cell(*d, text).is_string() ? Kind::Choice : Kind::Text;
    case ParamType::Bool: return empty || read_cell(*d, text).is_boolean() ? Kind::Bool : Kind::Text;
    case ParamType::Int:
        return spin_range(*d) && (empty || read_cell(*d, text).is_number_integer()) ? Kind::Int : Kind::Text;
    case ParamType::Float: return Kind::Float;
    case ParamType::String:
    case ParamType::List: return Kind::Text;
    }
    return Kind::Text;
}

}  // namespace

SweepPointsDelegate::SweepPointsDelegate(DeclFor decl_for, QObject* parent)
    : QStyledItemDelegate(parent), decl_for_(std::move(decl_for)) {}

QString SweepPointsDelegate::fixedText() { return tr("fixed value"); }

QWidget* SweepPointsDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                                           const QModelIndex& index) const {
    const ParamDecl* d = decl_for_ ? decl_for_(index) : nullptr;
    const QString text = index.data(Qt::EditRole).toString();
    QWidget* editor = nullptr;
    switch (kind_for(d, text)) {
    case Kind::Text: return QStyledItemDelegate::createEditor(parent, option, index);
    case Kind::Choice:
    case Kind::Bool: {
        auto* combo = new QComboBox(parent);
        combo->addItem(QString());  // empty: the experiment's fixed value
        if (d->type == ParamType::Bool) combo->addItems({QStringLiteral("true"), QStringLiteral("false")});
        else
            for (const auto& c : d->choices) combo->addItem(QString::fromStdString(c));
        combo->setItemData(0, fixedText(), Qt::ToolTipRole);
        // A choice is a value at once: written when picked, not only when the editor closes.
        auto* self = const_cast<SweepPointsDelegate*>(this);
        connect(combo, &QComboBox::activated, self, [self, combo] { Q_EMIT self->commitData(combo); });
        editor = combo;
        break;
    }
    case Kind::Int: {
        const auto [lo, hi] = *spin_range(*d);
        auto* spin = new OptionalSpinBox(parent);
        spin->setRange(lo - 1, hi);  // the step below the range is "empty"
        spin->setSpecialValueText(fixedText());
        if (!d->unit.empty()) spin->setSuffix(" " + QString::fromStdString(d->unit));
        editor = spin;
        break;
    }
    case Kind::Float: {
        auto* edit = new QLineEdit(parent);
        edit->setValidator(new NumberValidator(*d, edit));
        edit->setPlaceholderText(fixedText());
        editor = edit;
        break;
    }
    }
    editor->setObjectName("pointCellEditor");
    editor->setToolTip(ParamField::tooltipFor(*d));
    editor->setAutoFillBackground(true);
    return editor;
}

void SweepPointsDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
    const QString text = index.data(Qt::EditRole).toString();
    const ParamDecl* d = decl_for_ ? decl_for_(index) : nullptr;
    if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        const auto value = d ? read_cell(*d, text) : nlohmann::json();
        combo->setCurrentIndex(value.is_null() ? 0 : std::max(0, combo->findText(param_text(value))));
    } else if (auto* spin = qobject_cast<QSpinBox*>(editor)) {
        const auto value = d ? read_cell(*d, text) : nlohmann::json();
        spin->setValue(value.is_number_integer() ? value.get<int>() : spin->minimum());
    } else if (auto* edit = qobject_cast<QLineEdit*>(editor); edit && edit->validator()) {
        edit->setText(text.trimmed());
    } else {
        QStyledItemDelegate::setEditorData(editor, index);
    }
}

void SweepPointsDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const {
    QString text;
    if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        text = combo->currentText();
    } else if (auto* spin = qobject_cast<QSpinBox*>(editor)) {
        spin->interpretText();
        if (spin->value() != spin->minimum()) text = QString::number(spin->value());
    } else if (auto* edit = qobject_cast<QLineEdit*>(editor); edit && edit->validator()) {
        text = edit->text().trimmed();
        if (!edit->hasAcceptableInput()) edit->validator()->fixup(text);  // clamps into the range
    } else {
        QStyledItemDelegate::setModelData(editor, model, index);
        return;
    }
    if (model->data(index, Qt::EditRole).toString() != text) model->setData(index, text, Qt::EditRole);
}

}  // namespace sextant::ui
