#include "document/recent_projects.hpp"

#include <QFileInfo>
#include <QSettings>

namespace sextant::ui {

namespace {
const char* kKey = "recentProjects";
}

QStringList RecentProjects::list() {
    QStringList out;
    for (const auto& p : QSettings().value(kKey).toStringList())
        if (QFileInfo::exists(p)) out << p;
    return out;
}

void RecentProjects::add(const QString& path) {
    const QString file = QFileInfo(path).absoluteFilePath();
    QStringList all = QSettings().value(kKey).toStringList();
    all.removeAll(file);
    all.prepend(file);
    while (all.size() > kMax) all.removeLast();
    QSettings().setValue(kKey, all);
}

void RecentProjects::clear() { QSettings().remove(kKey); }

}  // namespace sextant::ui
