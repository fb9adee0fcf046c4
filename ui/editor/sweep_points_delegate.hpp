// The editors of the sweep points' cells, generated from the plugin's declarations like the
// experiment's own fields (ParamField): a combo box of the declared choices for a choice, a
// true / false combo box for a bool, a spin box over the declared range for a bounded int and
// a number field (a C-locale double validator; out-of-range numbers are clamped to the
// declared range when committed) for a float. Every editor can say "empty": the first entry
// of a combo box, the spin box's lowest step ("fixed") or an emptied field, and an empty cell
// keeps the experiment's fixed value. The editors only write the cell's text, the text the
// table has always held, so what reaches the project file is unchanged: SweepPointsEditor
// reads and checks every cell as before. A cell whose text the typed editor cannot show (a
// choice the plugin does not declare, an int out of range, a column the plugin does not
// know, a string or list parameter) gets a plain text field, so nothing is lost by opening it.
#pragma once

#include "sextant/declarations.hpp"

#include <QStyledItemDelegate>

#include <functional>

namespace sextant::ui {

class SweepPointsDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    // The declaration of a cell's parameter; null when the plugin does not declare it.
    using DeclFor = std::function<const ParamDecl*(const QModelIndex&)>;
    explicit SweepPointsDelegate(DeclFor decl_for, QObject* parent = nullptr);

    // The spin box's lowest step, shown instead of a number: the cell is empty.
    static QString fixedText();

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;

private:
    DeclFor decl_for_;
};

}  // namespace sextant::ui
