#include "ui/studio_start.h"

#include "ui/app_settings.h"
#include "ui/demo_project.h"
#include "ui/main_window.h"
#include "ui/ui_log.h"
#include "ui/welcome_page.h"

#include "store/project_store.h"
#include "widgets/message_bar.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <exception>

namespace fewshot::ui {
namespace {

// Records the demo model in the copy of the demo project, so that
// `fewshot train --project` finds it without --model. The store keeps an
// absolute path, which is why the shipped project cannot carry it.
void recordModelFolder(const QString& projectFile, const QString& modelFolder)
{
    const QString absolute = QFileInfo(modelFolder).absoluteFilePath();
    try {
        const auto project = store::ProjectStore::open(projectFile);
        if (project->modelFolder() != absolute)
            project->setModelFolder(absolute);
    } catch (const std::exception& error) {
        // Only the command line reads it, so the demo still works without it.
        qCWarning(lcUi) << "could not record the demo model in" << projectFile << ":" << error.what();
    }
}

void startDemo(MainWindow& window)
{
    widgets::MessageBar* messages = window.context().messages;
    const DemoResources demo = findDemoResources();
    if (demo.modelFolder.isEmpty() || demo.projectFolder.isEmpty()) {
        qCWarning(lcUi) << "demo model or project not found in" << demo.searched;
        const QString text = QCoreApplication::translate("fewshot::ui::StudioStart",
                                                         "The demo model and project that come with FewShot "
                                                         "Studio were not found (searched %1). Choose a CLIP "
                                                         "model folder to start.");
        messages->showMessage(text.arg(demo.searched.join(QStringLiteral(", "))), widgets::MessageBar::Level::Warning);
        return;
    }

    window.welcomePage()->loadModel(demo.modelFolder);
    const DemoProjectCopy copy = copyDemoProject(demo.projectFolder, demoProjectCopyFolder());
    if (copy.projectFile.isEmpty()) {
        const QString text = QCoreApplication::translate("fewshot::ui::StudioStart", "Could not open the demo project: %1");
        messages->showMessage(text.arg(copy.error), widgets::MessageBar::Level::Error);
        return;
    }
    recordModelFolder(copy.projectFile, demo.modelFolder);
    window.openProject(copy.projectFile);
}

}  // namespace

void startSession(MainWindow& window, const QString& modelFolder, const QString& projectFile)
{
    QString model = modelFolder;
    const QStringList recentModels = AppSettings::recentModels();
    if (model.isEmpty() && !recentModels.isEmpty() && QFileInfo(recentModels.first()).isDir())
        model = recentModels.first();
    if (model.isEmpty() && projectFile.isEmpty()) {
        startDemo(window);
        return;
    }
    if (!model.isEmpty())
        window.welcomePage()->loadModel(model);
    if (!projectFile.isEmpty())
        window.openProject(QFileInfo(projectFile).absoluteFilePath());
}

}  // namespace fewshot::ui
