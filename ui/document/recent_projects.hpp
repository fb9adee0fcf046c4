// The recently opened projects, newest first, kept in QSettings.
#pragma once

#include <QStringList>

namespace sextant::ui {

class RecentProjects final {
public:
    static constexpr int kMax = 10;
    static QStringList list();  // only files that still exist
    static void add(const QString& path);
    static void clear();
};

}  // namespace sextant::ui
