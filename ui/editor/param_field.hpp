// One parameter's editor, chosen from its declaration: a spin box for a bounded int, a text
// field checked as you type for a float, a check box for a bool, a combo box for a choice,
// check boxes for a list of known items. The tooltip carries the help, the accepted values,
// the default and where the default comes from (the declaration's `source`).
#pragma once

#include "sextant/declarations.hpp"

#include <nlohmann/json.hpp>

#include <QWidget>

class QLabel;

namespace sextant::ui {

class ParamField final : public QWidget {
    Q_OBJECT
public:
    ParamField(const ParamDecl& decl, QWidget* parent = nullptr);

    const ParamDecl& decl() const { return decl_; }
    // Shows a value without emitting edited().
    void setValue(const nlohmann::json& value);
    // Inline message under the editor (empty hides it).
    void setError(const QString& message);
    QString error() const;
    // A sweep axis varies this parameter: the fixed value is not used.
    void setSwept(bool swept);
    QWidget* editor() const { return editor_; }
    static QString tooltipFor(const ParamDecl& decl);

Q_SIGNALS:
    // The user entered a value that fits the declaration (already in canonical form).
    void edited(const nlohmann::json& value);

private:
    void build();
    void accept(const nlohmann::json& value);
    void acceptText(const QString& text);

    ParamDecl decl_;
    QWidget* editor_ = nullptr;
    QLabel* error_ = nullptr;
    QLabel* swept_ = nullptr;
    bool updating_ = false;
};

}  // namespace sextant::ui
