#include "editor/param_field.hpp"

#include "params/param_values.hpp"
#include "results/runs_table_model.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <climits>

namespace sextant::ui {

namespace {
bool fits_spin_box(const ParamDecl& d) { return d.min && d.max && *d.min >= INT_MIN && *d.max <= INT_MAX; }
QString html_escape(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }
}  // namespace

ParamField::ParamField(const ParamDecl& decl, QWidget* parent) : QWidget(parent), decl_(decl) { build(); }

QString ParamField::tooltipFor(const ParamDecl& d) {
    QString t = QStringLiteral("<b>%1</b> <i>(%2)</i>").arg(html_escape(d.name), to_string(d.type));
    if (!d.help.empty()) t += "<br>" + html_escape(d.help);
    t += "<br>" + tr("Accepts: %1").arg(html_escape(describe_expected(d)));
    if (!d.unit.empty()) t += "<br>" + tr("Unit: %1").arg(html_escape(d.unit));
    t += "<br>" + tr("Default: %1").arg(param_text(d.default_value).toHtmlEscaped());
    if (!d.source.empty()) t += "<br>" + tr("Source: %1").arg(html_escape(d.source));
    return t;
}

void ParamField::build() {
    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    const QString unit = QString::fromStdString(decl_.unit);
    switch (decl_.type) {
    case ParamType::Int:
        if (fits_spin_box(decl_)) {
            auto* spin = new QSpinBox(this);
            spin->setRange(static_cast<int>(*decl_.min), static_cast<int>(*decl_.max));
            spin->setKeyboardTracking(false);
            if (!unit.isEmpty()) spin->setSuffix(" " + unit);
            connect(spin, &QSpinBox::valueChanged, this, [this](int v) { accept(v); });
            editor_ = spin;
            break;
        }
        [[fallthrough]];
    case ParamType::Float: {
        auto* edit = new QLineEdit(this);
        edit->setPlaceholderText(QString::fromStdString(describe_expected(decl_)));
        connect(edit, &QLineEdit::textEdited, this, &ParamField::acceptText);
        editor_ = edit;
        break;
    }
    case ParamType::Bool: {
        auto* box = new QCheckBox(this);
        connect(box, &QCheckBox::toggled, this, [this](bool on) { accept(on); });
        editor_ = box;
        break;
    }
    case ParamType::Choice: {
        auto* combo = new QComboBox(this);
        for (const auto& c : decl_.choices) combo->addItem(QString::fromStdString(c));
        connect(combo, &QComboBox::currentTextChanged, this, [this](const QString& t) { accept(t.toStdString()); });
        editor_ = combo;
        break;
    }
    case ParamType::String: {
        auto* edit = new QLineEdit(this);
        connect(edit, &QLineEdit::textEdited, this, [this](const QString& t) { accept(t.toStdString()); });
        editor_ = edit;
        break;
    }
    case ParamType::List:
        if (!decl_.choices.empty()) {
            auto* box = new QWidget(this);
            auto* items = new QHBoxLayout(box);
            items->setContentsMargins(0, 0, 0, 0);
            for (const auto& c : decl_.choices) {
                auto* item = new QCheckBox(QString::fromStdString(c), box);
                items->addWidget(item);
                connect(item, &QCheckBox::toggled, this, [this, box] {
                    nlohmann::json list = nlohmann::json::array();
                    for (auto* b : box->findChildren<QCheckBox*>())
                        if (b->isChecked()) list.push_back(b->text().toStdString());
                    accept(list);
                });
            }
            items->addStretch();
            editor_ = box;
        } else {
            auto* edit = new QLineEdit(this);
            edit->setPlaceholderText(tr("comma-separated items"));
            connect(edit, &QLineEdit::textEdited, this, &ParamField::acceptText);
            editor_ = edit;
        }
        break;
    }
    editor_->setObjectName(QString::fromStdString("param_" + decl_.name));
    row->addWidget(editor_, 1);
    if (!unit.isEmpty() && !qobject_cast<QSpinBox*>(editor_)) row->addWidget(new QLabel(unit, this));
    swept_ = new QLabel(tr("<i>swept</i>"), this);
    swept_->setToolTip(tr("A sweep axis varies this parameter; this fixed value is not used"));
    swept_->hide();
    row->addWidget(swept_);

    error_ = new QLabel(this);
    error_->setWordWrap(true);
    error_->setStyleSheet("color: #c62828;");
    error_->hide();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    layout->addLayout(row);
    layout->addWidget(error_);
    setToolTip(tooltipFor(decl_));
    editor_->setToolTip(toolTip());
    setValue(decl_.default_value);
}

void ParamField::setValue(const nlohmann::json& value) {
    updating_ = true;
    if (auto* spin = qobject_cast<QSpinBox*>(editor_)) {
        if (value.is_number()) spin->setValue(static_cast<int>(value.get<double>()));
    } else if (auto* box = qobject_cast<QCheckBox*>(editor_)) {
        box->setChecked(value.is_boolean() && value.get<bool>());
    } else if (auto* combo = qobject_cast<QComboBox*>(editor_)) {
        combo->setCurrentText(param_text(value));
    } else if (auto* edit = qobject_cast<QLineEdit*>(editor_)) {
        edit->setText(param_text(value));
    } else if (decl_.type == ParamType::List) {
        for (auto* b : editor_->findChildren<QCheckBox*>()) {
            bool on = false;
            if (value.is_array())
                for (const auto& item : value)
                    on = on || (item.is_string() && item.get<std::string>() == b->text().toStdString());
            b->setChecked(on);
        }
    }
    updating_ = false;
    setError({});
}

void ParamField::accept(const nlohmann::json& value) {
    if (updating_) return;
    const auto checked = check_param_value(decl_, value);
    setError(QString::fromStdString(checked.error_text()));
    if (checked.error.empty()) Q_EMIT edited(checked.value);
}

void ParamField::acceptText(const QString& text) {
    if (updating_) return;
    const auto read = read_param_text(decl_, text.trimmed().toStdString());
    if (read.error.empty()) accept(read.value);
    else setError(QString::fromStdString(read.error_text()));
}

void ParamField::setError(const QString& message) {
    error_->setText(message);
    error_->setVisible(!message.isEmpty());
    editor_->setStyleSheet(message.isEmpty() ? QString() : QStringLiteral("border: 1px solid #c62828;"));
}

QString ParamField::error() const { return error_->text(); }

void ParamField::setSwept(bool swept) {
    editor_->setEnabled(!swept);
    swept_->setVisible(swept);
}

}  // namespace sextant::ui
