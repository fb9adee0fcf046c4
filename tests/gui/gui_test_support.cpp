#include "gui_test_support.hpp"

#include <QApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>

#include <cstdlib>

namespace sextant::ui::test {

namespace {
// Every test's QSettings live here, never in the user's ~/.config.
const QString& settings_dir() {
    static QTemporaryDir dir;
    static const QString path = dir.path();
    return path;
}
void use_settings_dir(const QString& path) {
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, path);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, path);
}
}  // namespace

void ensure_app() {
    if (QApplication::instance()) return;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("SEXTANT_PLUGIN_PATH", FIXTURE_PLUGIN_DIR);
    QStandardPaths::setTestModeEnabled(true);  // settings and caches under ~/.qttest
    static int argc = 1;
    static char name[] = "gui_tests";
    static char* argv[] = {name, nullptr};
    // Never destroyed: tearing Qt down during static destruction crashes at exit.
    new QApplication(argc, argv);
    QApplication::setOrganizationName("SextantTests");
    QApplication::setApplicationName("gui_tests");
    use_settings_dir(settings_dir());
}

ScopedSettings::ScopedSettings() : organisation_(QCoreApplication::organizationName()) {
    use_settings_dir(dir_.path());
    QCoreApplication::setOrganizationName("SextantSettingsTest");
}

ScopedSettings::~ScopedSettings() {
    QCoreApplication::setOrganizationName(organisation_);
    use_settings_dir(settings_dir());
}

bool wait_until(const std::function<bool()>& ready, int timeout_ms) {
    QDeadlineTimer deadline(timeout_ms);
    while (!ready() && !deadline.hasExpired()) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return ready();
}

Project fixture_project() {
    Project p;
    p.name = "test";
    Experiment x;
    x.name = "sweep";
    x.plugin = "fixture";
    x.params = {{"steps", 20}};
    x.sweep = {{"grid", {{{"param", "scale"}, {"values", {1, 2, 4}}}}}};
    x.repeats = 2;
    p.experiments.push_back(x);
    return p;
}

std::filesystem::path write_project(const QTemporaryDir& dir, const Project& project, const char* name) {
    const auto path = std::filesystem::path(dir.path().toStdString()) / name;
    project.save(path);
    return path;
}

int count_lines(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return -1;
    int n = 0;
    while (!f.atEnd()) {
        f.readLine();
        ++n;
    }
    return n;
}

MainWindowOptions window_options(bool restore_layout) {
    MainWindowOptions o;
    o.cli_program = SEXTANT_CLI;
    o.restore_layout = restore_layout;
    return o;
}

}  // namespace sextant::ui::test
