// DESIGN.md: Debian's libtorch drags OpenCV's highgui and with it Qt 5 into any process that
// loads it, so the GUI process must never link or load libtorch. The workbench learns plugin
// declarations and runs sweeps through sextant-cli child processes instead.
#include "gui_test_support.hpp"
#include "window/main_window.hpp"

#include <QProcess>

#include <gtest/gtest.h>

#include <fstream>
#include <string>

using namespace sextant::ui;

namespace {
bool forbidden(const std::string& text) {
    for (const char* lib : {"libtorch", "libc10", "libQt5", "libopencv_highgui"})
        if (text.find(lib) != std::string::npos) return true;
    return false;
}
}  // namespace

TEST(NoLibtorch, NotMappedIntoTheGuiProcess) {
    test::ensure_app();
    QTemporaryDir dir;
    const auto file = test::write_project(dir, test::fixture_project());
    MainWindow w(test::window_options());
    ASSERT_TRUE(w.openProject(QString::fromStdString(file.string())));
    w.show();
    // The catalog asks the CLI, which loads every plugin - in its own process.
    w.catalog().refresh(/*force=*/true);
    ASSERT_TRUE(w.catalog().waitForLoaded(30000));
    std::ifstream maps("/proc/self/maps");
    std::string line;
    int lines = 0;
    while (std::getline(maps, line)) {
        ++lines;
        EXPECT_FALSE(forbidden(line)) << line;
        EXPECT_EQ(line.find("sextant-plugin-"), std::string::npos) << "a plugin library was loaded: " << line;
    }
    EXPECT_GT(lines, 10);
}

TEST(NoLibtorch, NotLinkedIntoTheSextantBinary) {
    QProcess ldd;
    ldd.start("ldd", {SEXTANT_GUI});
    ASSERT_TRUE(ldd.waitForFinished(30000));
    const std::string out = ldd.readAllStandardOutput().toStdString();
    ASSERT_NE(out.find("libQt6Widgets"), std::string::npos) << out;
    EXPECT_FALSE(forbidden(out)) << out;
}
