// sextant: the desktop workbench. `sextant [PROJECT]` opens a project; everything else
// lives in the sextant_ui library (ui/).
#include "window/main_window.hpp"
#include "window/screenshot_tour.hpp"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Sextant");
    QApplication::setApplicationName("sextant");
    QApplication::setApplicationDisplayName("Sextant");
    QApplication::setApplicationVersion(SEXTANT_VERSION);
    QApplication::setWindowIcon(QIcon(":/sextant/sextant.svg"));
    QApplication::setDesktopFileName("sextant");

    QCommandLineParser cli;
    cli.setApplicationDescription("Sextant: a desktop workbench for ML-systems experiments.");
    cli.addHelpOption();
    cli.addVersionOption();
    cli.addPositionalArgument("project", "Project file to open (NAME.sextant)", "[project]");
    QCommandLineOption tour("screenshots", "Take the documentation's screenshots into DIR, then quit.", "DIR");
    cli.addOption(tour);
    cli.process(app);

    sextant::ui::MainWindow window;
    if (!cli.positionalArguments().isEmpty()) {
        QString error;
        if (!window.openProject(cli.positionalArguments().first(), &error))
            QMessageBox::warning(&window, "Cannot open the project", error);
    }
    window.show();
    if (cli.isSet(tour)) sextant::ui::run_screenshot_tour(window, cli.value(tour));
    return app.exec();
}
