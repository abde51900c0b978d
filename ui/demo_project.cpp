#include "ui/demo_project.h"

#include "ui/ui_log.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace fewshot::ui {

const QString kDemoProjectFileName = QStringLiteral("defect-demo.fewshot");

namespace {

const QString kModelFolderName = QStringLiteral("models/fewshot-demo-clip");
const QString kProjectFolderName = QStringLiteral("demo-project");

// Both set by ui/CMakeLists.txt: the data folder relative to the installed
// program, and the resources/ folder of the source tree.
const QString kDataFromBinary = QStringLiteral(FEWSHOT_INSTALLED_DATA_FROM_BIN);
const QString kSourceResources = QStringLiteral(FEWSHOT_SOURCE_RESOURCES_DIR);

bool isModelFolder(const QString& folder)
{
    return QFileInfo::exists(QDir(folder).filePath(QStringLiteral("config.json")));
}

bool isProjectFolder(const QString& folder)
{
    return QFileInfo::exists(QDir(folder).filePath(kDemoProjectFileName));
}

// Copies every file under `source` to the same relative path under
// `target`, owner-writable. Returns an error sentence, or an empty string.
QString copyTree(const QString& source, const QString& target)
{
    const QDir sourceDir(source);
    QDirIterator files(source, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString from = files.next();
        const QString to = QDir(target).filePath(sourceDir.relativeFilePath(from));
        if (!QDir().mkpath(QFileInfo(to).absolutePath()))
            return QCoreApplication::translate("fewshot::ui::DemoProject", "Could not create the folder %1.")
                .arg(QFileInfo(to).absolutePath());
        QFile file(from);
        if (!file.copy(to))
            return QCoreApplication::translate("fewshot::ui::DemoProject", "Could not copy %1 to %2: %3")
                .arg(from, to, file.errorString());
        // Installed files may be read-only, and SQLite must write the project file.
        QFile::setPermissions(to, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                      | QFileDevice::ReadOther);
    }
    return QString();
}

}  // namespace

DemoResources findDemoResources()
{
    const QDir binary(QCoreApplication::applicationDirPath());
    const QStringList roots{QDir::cleanPath(binary.filePath(kDataFromBinary)), kSourceResources};
    DemoResources found;
    for (const QString& root : roots) {
        found.searched.append(root);
        const QString model = QDir(root).filePath(kModelFolderName);
        const QString project = QDir(root).filePath(kProjectFolderName);
        if (found.modelFolder.isEmpty() && isModelFolder(model))
            found.modelFolder = model;
        if (found.projectFolder.isEmpty() && isProjectFolder(project))
            found.projectFolder = project;
    }
    return found;
}

bool isDemoModel(const QString& folder)
{
    QFile file(QDir(folder).filePath(QStringLiteral("training.json")));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QJsonObject record = QJsonDocument::fromJson(file.readAll()).object();
    return record.value(QStringLiteral("generator")).toString() == QLatin1String("demo");
}

QString demoProjectCopyFolder()
{
    const QString data = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return data.isEmpty() ? QString() : QDir(data).filePath(kProjectFolderName);
}

DemoProjectCopy copyDemoProject(const QString& shippedFolder, const QString& copyFolder)
{
    DemoProjectCopy result;
    const QString copiedFile = QDir(copyFolder).filePath(kDemoProjectFileName);
    if (QFileInfo::exists(copiedFile)) {
        result.projectFile = copiedFile;
        return result;
    }
    if (QFileInfo::exists(copyFolder)) {
        result.error = QCoreApplication::translate("fewshot::ui::DemoProject",
                                                   "The folder %1 exists but does not contain the demo project "
                                                   "%2. Remove or rename that folder to get a fresh copy of the "
                                                   "demo project.")
                           .arg(copyFolder, kDemoProjectFileName);
        return result;
    }
    if (!isProjectFolder(shippedFolder)) {
        result.error = QCoreApplication::translate("fewshot::ui::DemoProject",
                                                   "The demo project %1 is missing. Reinstall FewShot Studio.")
                           .arg(QDir(shippedFolder).filePath(kDemoProjectFileName));
        return result;
    }

    const QString parent = QFileInfo(copyFolder).absolutePath();
    const QString cannotCreate = QCoreApplication::translate(
        "fewshot::ui::DemoProject", "Could not create a folder in %1 for the copy of the demo project: %2");
    if (!QDir().mkpath(parent)) {
        result.error = cannotCreate.arg(parent, QCoreApplication::translate("fewshot::ui::DemoProject",
                                                                            "the parent folder cannot be created."));
        return result;
    }
    QTemporaryDir partial(QDir(parent).filePath(QFileInfo(copyFolder).fileName() + QStringLiteral("-partial-XXXXXX")));
    if (!partial.isValid()) {
        result.error = cannotCreate.arg(parent, partial.errorString());
        return result;
    }
    result.error = copyTree(shippedFolder, partial.path());
    if (!result.error.isEmpty())
        return result;
    if (!QDir().rename(partial.path(), copyFolder)) {
        result.error = QCoreApplication::translate("fewshot::ui::DemoProject",
                                                   "Could not rename %1 to %2 after copying the demo project.")
                           .arg(partial.path(), copyFolder);
        return result;
    }
    partial.setAutoRemove(false);
    qCInfo(lcUi) << "copied the demo project from" << shippedFolder << "to" << copyFolder;
    result.projectFile = copiedFile;
    return result;
}

}  // namespace fewshot::ui
