#include "store/project_export.h"

#include "base/error.h"
#include "store/csv.h"
#include "store/store_log.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>

namespace fewshot::store {
namespace {

struct LabeledImage {
    ImageInfo image;
    Label label;
    const ClassInfo* classInfo = nullptr;
};

struct LabeledImages {
    std::vector<ClassInfo> classes;
    std::vector<LabeledImage> images;  // by image id
};

LabeledImages collectLabeled(const ProjectStore& store)
{
    LabeledImages result;
    result.classes = store.classes();
    QHash<qint64, const ClassInfo*> classById;
    for (const ClassInfo& info : result.classes)
        classById.insert(info.id, &info);
    QHash<qint64, Label> labelByImage;
    for (const Label& label : store.labels())
        labelByImage.insert(label.imageId, label);
    for (ImageInfo& image : store.images()) {
        const auto label = labelByImage.constFind(image.id);
        if (label == labelByImage.cend())
            continue;
        result.images.push_back({std::move(image), *label, classById.value(label->classId)});
    }
    return result;
}

// The image's path as written into an export file in `outputFolder`.
QString exportedPath(const ProjectStore& store, const ImageInfo& image, const QDir& outputFolder)
{
    const QString absolute = store.absolutePath(image);
    const QString relative = outputFolder.relativeFilePath(absolute);
    return QDir::isRelativePath(relative) ? relative : absolute;
}

void writeAtomically(const QString& output, const QByteArray& bytes)
{
    QSaveFile file(output);
    if (!file.open(QIODevice::WriteOnly))
        throw Error(QStringLiteral("Could not write %1: %2. Choose a folder you can write to.")
                        .arg(output, file.errorString())
                        .toStdString());
    // QFileDevice reports a short write (a full disk) only through the
    // returned count, and commit() would then install the truncated file.
    const qint64 written = file.write(bytes);
    if (written != bytes.size()) {
        const QString reason = written < 0 ? file.errorString()
                                           : QStringLiteral("only %1 of %2 bytes could be written")
                                                 .arg(written)
                                                 .arg(bytes.size());
        file.cancelWriting();
        throw Error(QStringLiteral("Could not write %1: %2. Check the free disk space; any "
                                   "earlier file of that name was left unchanged.")
                        .arg(output, reason)
                        .toStdString());
    }
    if (!file.commit())
        throw Error(QStringLiteral("Could not write %1: %2. Check the free disk space; any "
                                   "earlier file of that name was left unchanged.")
                        .arg(output, file.errorString())
                        .toStdString());
}

// QFileInfo::operator== reports two different missing files as equal (seen
// with Qt 6.4), so the paths are compared here.
bool isSameFile(const QString& first, const QString& second)
{
    const QFileInfo a(first);
    const QFileInfo b(second);
    if (a.exists() && b.exists())
        return a.canonicalFilePath() == b.canonicalFilePath();
    return QDir::cleanPath(a.absoluteFilePath()) == QDir::cleanPath(b.absoluteFilePath());
}

// Stops an export from replacing the project file or its companions.
void rejectProjectFile(const ProjectStore& store, const QString& output)
{
    const QString project = store.file();
    for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"),
                                  QStringLiteral(".lock")}) {
        if (isSameFile(output, project + suffix))
            throw Error(QStringLiteral("Could not export to %1: that is the project file itself "
                                       "or one of its companion files. Choose another output.")
                            .arg(output)
                            .toStdString());
    }
}

// A class name made safe as a folder name on Linux, macOS and Windows.
QString folderNameFor(const QString& className)
{
    QString name;
    for (const QChar c : className)
        name += (c.unicode() < 0x20 || QStringLiteral("/\\:*?\"<>|").contains(c)) ? QChar(u'_') : c;
    while (name.endsWith(QLatin1Char('.')) || name.endsWith(QLatin1Char(' ')))
        name.chop(1);
    return name.isEmpty() ? QStringLiteral("_") : name;
}

QString uniqueFileName(const ImageInfo& image, QSet<QString>& usedNames)
{
    const QFileInfo info(image.path);
    QString name = info.fileName();
    if (usedNames.contains(name.toLower())) {
        const QString suffix = info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix();
        const QString stem = info.completeBaseName() + QLatin1Char('-') + image.sha256.left(8);
        name = stem + suffix;
        for (int n = 2; usedNames.contains(name.toLower()); ++n)
            name = QStringLiteral("%1-%2%3").arg(stem).arg(n).arg(suffix);
    }
    // Compared without case, so the folder also works on case-insensitive file systems.
    usedNames.insert(name.toLower());
    return name;
}

void prepareOutputFolder(const QString& output)
{
    const QFileInfo info(output);
    if (info.exists() && !info.isDir())
        throw Error(QStringLiteral("Could not export to %1: it is a file, not a folder. Choose a "
                                   "new folder name.")
                        .arg(output)
                        .toStdString());
    if (info.isDir() && !QDir(output).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
        throw Error(QStringLiteral("Could not export to %1: the folder is not empty. Choose a new "
                                   "folder, or empty this one first.")
                        .arg(output)
                        .toStdString());
    if (!info.absoluteDir().exists())
        throw Error(QStringLiteral("Could not export to %1: the folder %2 does not exist. Create "
                                   "it first.")
                        .arg(output, info.absolutePath())
                        .toStdString());
}

// Assigns each class a distinct folder name, warning where it differs from the class name.
QHash<qint64, QString> classFolderNames(const std::vector<ClassInfo>& classes,
                                        QStringList& warnings)
{
    QHash<qint64, QString> names;
    QSet<QString> usedNames;
    for (const ClassInfo& info : classes) {
        QString name = folderNameFor(info.name);
        const QString base = name;
        for (int n = 2; usedNames.contains(name.toLower()); ++n)
            name = QStringLiteral("%1 (%2)").arg(base).arg(n);
        usedNames.insert(name.toLower());
        names.insert(info.id, name);
        if (name != info.name)
            warnings.append(QStringLiteral("The class '%1' was written to the folder '%2'.")
                                .arg(info.name, name));
    }
    return names;
}

// A hidden folder next to the output that the export is built in; removed
// with its contents unless `path` is cleared. Unlike QTemporaryDir (mode
// 0700) it gets the usual permissions, which the renamed output keeps.
struct StagingFolder {
    QString path;

    explicit StagingFolder(const QString& output)
    {
        const QFileInfo info(output);
        QDir parent = info.absoluteDir();
        for (int n = 0; path.isEmpty(); ++n) {
            const QString name = QStringLiteral(".%1-partial-%2").arg(info.fileName()).arg(n);
            if (!parent.exists(name) && parent.mkdir(name))
                path = parent.filePath(name);
            else if (n >= 100)
                throw Error(QStringLiteral("Could not export to %1: no folder could be created "
                                           "next to it. Choose a folder you can write to.")
                                .arg(output)
                                .toStdString());
        }
    }

    ~StagingFolder()
    {
        if (!path.isEmpty())
            QDir(path).removeRecursively();
    }

    StagingFolder(const StagingFolder&) = delete;
    StagingFolder& operator=(const StagingFolder&) = delete;
};

// Copies or links each labeled image into root/<class folder>/, counting
// them in `result`. Returns false when the progress callback cancels.
bool writeClassFolders(const ProjectStore& store, const LabeledImages& labeled,
                       const QHash<qint64, QString>& folderNames, const QDir& root,
                       const FolderExportOptions& options, ExportResult& result)
{
    QHash<qint64, QSet<QString>> usedNames;
    const auto total = static_cast<qint64>(labeled.images.size());
    for (qint64 i = 0; i < total; ++i) {
        if (options.progress && !options.progress(i, total))
            return false;
        const LabeledImage& item = labeled.images[static_cast<size_t>(i)];
        const QString source = store.absolutePath(item.image);
        if (!QFileInfo::exists(source)) {
            result.warnings.append(QStringLiteral("The image %1 is missing and was not exported.")
                                       .arg(source));
            continue;
        }
        // Class folders are made for exported images only: ImageFolder rejects empty class folders.
        const QString className = folderNames.value(item.label.classId);
        root.mkpath(className);
        const QString target = root.filePath(
            className + QLatin1Char('/') + uniqueFileName(item.image, usedNames[item.label.classId]));
        const bool written = options.symlinks ? QFile::link(source, target)
                                              : QFile::copy(source, target);
        if (!written)
            throw Error(QStringLiteral("Could not %1 %2 into the export. Check the free disk space; "
                                       "nothing was exported.")
                            .arg(options.symlinks ? QStringLiteral("link") : QStringLiteral("copy"),
                                 source)
                            .toStdString());
        ++result.exported;
    }
    return true;
}

}  // namespace

ExportResult exportCsv(const ProjectStore& store, const QString& output)
{
    const QString path = QFileInfo(output).absoluteFilePath();
    const QDir folder = QFileInfo(path).absoluteDir();
    rejectProjectFile(store, path);
    const LabeledImages labeled = collectLabeled(store);
    QString text = detail::csvLine({QStringLiteral("path"), QStringLiteral("label"),
                                    QStringLiteral("source")});
    for (const LabeledImage& item : labeled.images)
        text += detail::csvLine({exportedPath(store, item.image, folder), item.classInfo->name,
                                 labelSourceName(item.label.source)});
    writeAtomically(path, text.toUtf8());
    qCInfo(lcStore) << "exported" << labeled.images.size() << "labels to" << path;
    return ExportResult{static_cast<int>(labeled.images.size()), {}, false};
}

ExportResult exportJson(const ProjectStore& store, const QString& output)
{
    const QString path = QFileInfo(output).absoluteFilePath();
    const QDir folder = QFileInfo(path).absoluteDir();
    rejectProjectFile(store, path);
    const LabeledImages labeled = collectLabeled(store);

    QJsonArray classes;
    for (const ClassInfo& info : labeled.classes)
        classes.append(QJsonObject{{QStringLiteral("name"), info.name},
                                   {QStringLiteral("color"), info.color},
                                   {QStringLiteral("prompt"), info.prompt},
                                   {QStringLiteral("normal"), info.isNormal}});
    QJsonArray images;
    for (const LabeledImage& item : labeled.images)
        images.append(QJsonObject{
            {QStringLiteral("path"), exportedPath(store, item.image, folder)},
            {QStringLiteral("sha256"), item.image.sha256},
            {QStringLiteral("width"), item.image.width},
            {QStringLiteral("height"), item.image.height},
            {QStringLiteral("label"), item.classInfo->name},
            {QStringLiteral("source"), labelSourceName(item.label.source)},
            {QStringLiteral("labeledAt"), item.label.time.toString(Qt::ISODateWithMs)}});
    const QJsonObject root{{QStringLiteral("classes"), classes}, {QStringLiteral("images"), images}};
    writeAtomically(path, QJsonDocument(root).toJson(QJsonDocument::Indented));
    qCInfo(lcStore) << "exported" << labeled.images.size() << "labels to" << path;
    return ExportResult{static_cast<int>(labeled.images.size()), {}, false};
}

ExportResult exportFolders(const ProjectStore& store, const QString& output,
                           const FolderExportOptions& options)
{
    const QString path = QDir::cleanPath(QFileInfo(output).absoluteFilePath());
    prepareOutputFolder(path);
    const LabeledImages labeled = collectLabeled(store);
    ExportResult result;
    const QHash<qint64, QString> folderNames = classFolderNames(labeled.classes, result.warnings);

    StagingFolder staging(path);
    if (!writeClassFolders(store, labeled, folderNames, QDir(staging.path), options, result))
        return ExportResult{0, {}, true};

    if (QFileInfo(path).isDir())
        QDir().rmdir(path);  // empty, checked above
    if (!QDir().rename(staging.path, path))
        throw Error(QStringLiteral("Could not move the finished export into %1. Check that nothing "
                                   "else created it meanwhile; nothing was exported.")
                        .arg(path)
                        .toStdString());
    staging.path.clear();
    qCInfo(lcStore) << "exported" << result.exported << "images to" << path;
    return result;
}

}  // namespace fewshot::store
