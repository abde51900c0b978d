#include "ui/studio_app.h"

#include "ui/app_settings.h"
#include "ui/main_window.h"
#include "ui/screenshot_tour.h"
#include "ui/ui_log.h"
#include "ui/welcome_page.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QTemporaryDir>
#include <QTranslator>

namespace fewshot::ui {
namespace {

// Loads the application's and Qt's own translations for `language`. English
// loads only the plural forms of "%n" messages. Missing files leave the
// interface in English.
void installTranslators(QApplication& app, const QString& language)
{
    if (language != QLatin1String("en"))
        QLocale::setDefault(QLocale(language));
    const QString appDir = QCoreApplication::applicationDirPath();
    const QStringList folders = {QStringLiteral(":/translations"), appDir + QStringLiteral("/translations"),
                                 appDir + QStringLiteral("/../share/fewshot-studio/translations")};
    auto* own = new QTranslator(&app);
    bool loaded = false;
    for (const QString& folder : folders) {
        if (own->load(QStringLiteral("fewshot_") + language, folder)) {
            loaded = true;
            break;
        }
    }
    if (loaded)
        app.installTranslator(own);
    else
        qCInfo(lcUi) << "no translation for" << language << "in" << folders;
    if (language == QLatin1String("en"))
        return;  // Qt's own strings are English already
    auto* qt = new QTranslator(&app);
    if (qt->load(QStringLiteral("qtbase_") + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
}

}  // namespace

int runStudio(QApplication& app)
{
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

    installTranslators(app, AppSettings::language());
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
    QString modelFolder = parser.value(model);
    const QStringList recentModels = AppSettings::recentModels();
    if (modelFolder.isEmpty() && !recentModels.isEmpty() && QFileInfo(recentModels.first()).isDir())
        modelFolder = recentModels.first();
    if (!modelFolder.isEmpty())
        window.welcomePage()->loadModel(modelFolder);
    if (parser.isSet(project))
        window.openProject(QFileInfo(parser.value(project)).absoluteFilePath());
    return app.exec();
}

}  // namespace fewshot::ui
