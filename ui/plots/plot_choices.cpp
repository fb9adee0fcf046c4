#include "plots/plot_choices.hpp"

#include "results/project_results.hpp"

#include <QComboBox>
#include <QCoreApplication>
#include <QSignalBlocker>

#include <algorithm>

namespace sextant::ui {

void refill_choices(QComboBox* box, const QStringList& items, const QString& wanted, int fallback) {
    const QSignalBlocker block(box);
    box->clear();
    box->addItems(items);
    const int i = box->findText(wanted);
    box->setCurrentIndex(i >= 0 ? i : std::min(fallback, static_cast<int>(items.size()) - 1));
}

QStringList experiment_scopes(ProjectResults& results) {
    QStringList scopes{QCoreApplication::translate("sextant::ui::PlotChoices", "All experiments")};
    if (auto* store = results.reader())
        for (const auto& n : store->experiment_names()) scopes << QString::fromStdString(n);
    return scopes;
}

}  // namespace sextant::ui
