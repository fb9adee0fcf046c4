// Draws a run's progress as a progress bar inside the live runs table.
#pragma once

#include <QStyledItemDelegate>

namespace sextant::ui {

class ProgressDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

}  // namespace sextant::ui
