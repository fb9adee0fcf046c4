#include "results/run_selection.hpp"

namespace sextant::ui {

void RunSelection::set(const QList<std::int64_t>& ids) {
    if (ids == ids_) return;
    ids_ = ids;
    Q_EMIT changed();
}

void RunSelection::toggle(std::int64_t id) {
    if (!ids_.removeOne(id)) ids_.append(id);
    Q_EMIT changed();
}

}  // namespace sextant::ui
