#include "ui/studio_app.h"

#include "i18n/translations.h"
#include "ui/app_settings.h"
#include "ui/main_window.h"
#include "ui/screenshot_tour.h"
#include "ui/studio_start.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QTemporaryDir>

namespace fewshot::ui {

int runStudio(QApplication& app)
{
    // Before the parser, so that --help is translated too.
    i18n::installTranslators(AppSettings::interfaceLanguage());
    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("fewshot::ui::StudioApp",
                                                             "Label images with a few examples per class."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption model(QStringLiteral("model"),
                                   QApplication::translate("fewshot::ui::StudioApp", "Load the CLIP model in DIR at start."),
                                   QStringLiteral("DIR"));
    const QCommandLineOption project(QStringLiteral("project"),
                                     QApplication::translate("fewshot::ui::StudioApp", "Open the project FILE at start."),
                                     QStringLiteral("FILE"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save screenshots of each view to DIR."),
                                  QStringLiteral("DIR"));
    screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({model, project, screenshot});
    parser.process(app);

    // Declared before the window so that the sample project is closed before its folder goes.
    QTemporaryDir work;
    MainWindow window;

    if (parser.isSet(screenshot)) {
        ScreenshotTour tour(&window, {parser.value(screenshot), parser.value(model), work.path()});
        int status = 0;
        QObject::connect(&tour, &ScreenshotTour::finished, &app, [&app, &status](int failures) {
            status = failures == 0 ? 0 : 1;
            app.quit();
        });
        tour.start();
        app.exec();
        return status;
    }

    window.show();
    startSession(window, parser.value(model), parser.value(project));
    return app.exec();
}

}  // namespace fewshot::ui
