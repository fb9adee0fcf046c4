// Shared by the workbench tests: one QApplication per test process, the fixture plugin on
// the plugin path, settings and caches kept away from the user's.
#pragma once

#include "project/project.hpp"
#include "window/main_window.hpp"

#include <QString>
#include <QTemporaryDir>

#include <filesystem>
#include <functional>

namespace sextant::ui::test {

// Creates the application (offscreen) once; safe to call from every test.
void ensure_app();
// Processes events until ready() or the timeout; returns ready().
bool wait_until(const std::function<bool()>& ready, int timeout_ms = 20000);

// A project with one fixture-plugin experiment "sweep": steps 20, a grid over scale
// {1, 2, 4}, two repeats - 6 runs.
Project fixture_project();
std::filesystem::path write_project(const QTemporaryDir& dir, const Project& project,
                                    const char* name = "test.sextant");

int count_lines(const QString& path);

// A workbench window running sweeps through the built sextant-cli; the saved layout is
// restored only when a test is about it.
MainWindowOptions window_options(bool restore_layout = false);

// While it lives, QSettings() reads and writes a fresh temporary folder under its own
// organisation name; afterwards the process's throwaway settings folder is back.
class ScopedSettings {
public:
    ScopedSettings();
    ~ScopedSettings();
    QString path() const { return dir_.path(); }

private:
    QTemporaryDir dir_;
    QString organisation_;
};

}  // namespace sextant::ui::test
