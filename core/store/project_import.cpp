#include "store/project_import.h"

#include "base/error.h"
#include "store/csv.h"
#include "store/store_log.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMap>
#include <QSet>

namespace fewshot::store {
namespace {

// Problems listed in one error message before the rest is only counted.
constexpr int kMaxListedProblems = 10;

struct PendingImage {
    QString path;       // absolute
    QString className;  // empty for an unlabeled image
    LabelSource source = LabelSource::Imported;
    bool mustRead = false;  // a read failure throws instead of being listed
    QString origin;         // "line 4: " for CSV rows, empty otherwise
};

struct DescribedImage {
    PendingImage request;
    ImageFile file;
};

struct DescribedImages {
    std::vector<DescribedImage> images;
    QStringList failures;
    bool cancelled = false;
};

[[noreturn]] void throwProblems(const QString& what, const QStringList& problems)
{
    QString message = QStringLiteral("Could not import %1: %2 %3 found, so nothing was imported.")
                          .arg(what)
                          .arg(problems.size())
                          .arg(problems.size() == 1 ? QStringLiteral("problem was")
                                                    : QStringLiteral("problems were"));
    for (qsizetype i = 0; i < problems.size() && i < kMaxListedProblems; ++i)
        message += QStringLiteral("\n  ") + problems.at(i);
    if (problems.size() > kMaxListedProblems)
        message += QStringLiteral("\n  ... and %1 more.").arg(problems.size() - kMaxListedProblems);
    throw Error(message.toStdString());
}

void requireSizeReader(const ImportOptions& options)
{
    if (!options.readSize)
        throw Error("The import has no image size reader; this is a bug in the calling program.");
}

// Hashes and measures every image; failures of files found in folders are
// collected, failures of files named directly are thrown.
DescribedImages describeAll(const std::vector<PendingImage>& pending, const ImportOptions& options)
{
    DescribedImages result;
    const auto total = static_cast<qint64>(pending.size());
    for (qint64 i = 0; i < total; ++i) {
        if (options.progress && !options.progress(i, total)) {
            result.cancelled = true;
            return result;
        }
        const PendingImage& request = pending[static_cast<size_t>(i)];
        try {
            result.images.push_back({request, describeImageFile(request.path, options.readSize)});
        } catch (const Error& e) {
            if (request.mustRead)
                throw;
            result.failures.append(request.origin + QString::fromStdString(e.what()));
            qCInfo(lcStore) << "skipped" << request.path << ":" << e.what();
        }
    }
    if (options.progress)
        options.progress(total, total);
    return result;
}

// Adds the classes and images in one transaction.
ImportResult writeImport(ProjectStore& store, const QStringList& classNames,
                         const std::vector<DescribedImage>& images, LabelConflict conflict,
                         const QString& action)
{
    ImportResult result;
    store.transaction(action, [&]() {
        QHash<QString, qint64> classIds;
        for (const QString& name : classNames) {
            if (!store.findClass(name))
                result.classesCreated.append(name);
            classIds.insert(name, store.ensureClass(name).id);
        }
        std::vector<ImageToAdd> requests;
        requests.reserve(images.size());
        for (const DescribedImage& image : images) {
            ImageToAdd request{image.file, std::nullopt, image.request.source};
            if (!image.request.className.isEmpty())
                request.classId = classIds.value(image.request.className);
            requests.push_back(request);
        }
        result.images = store.addImages(requests, conflict);
    });
    return result;
}

QString extensionList(const ImportOptions& options)
{
    return QStringLiteral(".") + options.extensions.join(QStringLiteral(", ."));
}

}  // namespace

ImportResult addImageFiles(ProjectStore& store, const QStringList& paths,
                           const std::optional<QString>& className, const ImportOptions& options)
{
    requireSizeReader(options);
    if (paths.isEmpty())
        throw Error("No images were given. Name image files or folders to add.");

    std::vector<PendingImage> pending;
    QSet<QString> seen;
    QStringList warnings;
    const LabelSource source = className ? LabelSource::Example : LabelSource::Manual;
    auto addPending = [&](const QString& path, bool mustRead) {
        const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
        if (seen.contains(absolute))
            return;
        seen.insert(absolute);
        pending.push_back({absolute, className.value_or(QString()), source, mustRead, QString()});
    };
    for (const QString& path : paths) {
        if (!QFileInfo(path).isDir()) {
            addPending(path, true);
            continue;
        }
        const QStringList files = listImageFiles(path, options.extensions, true);
        if (files.isEmpty())
            warnings.append(QStringLiteral("The folder %1 contains no image files (looked for %2).")
                                .arg(path, extensionList(options)));
        for (const QString& file : files)
            addPending(file, false);
    }

    DescribedImages described = describeAll(pending, options);
    if (described.cancelled)
        return ImportResult{{}, {}, {}, warnings, true};
    const QStringList classNames = className ? QStringList{*className} : QStringList();
    ImportResult result = writeImport(store, classNames, described.images,
                                      className ? LabelConflict::Replace : LabelConflict::KeepExisting,
                                      QStringLiteral("add %1 images").arg(described.images.size()));
    result.failures = described.failures;
    result.warnings = warnings;
    return result;
}

ImportResult importClassFolders(ProjectStore& store, const QString& folder,
                                const ImportOptions& options)
{
    requireSizeReader(options);
    const QFileInfo info(folder);
    if (!info.isDir())
        throw Error(QStringLiteral("The folder %1 was not found. Check the path.")
                        .arg(info.absoluteFilePath())
                        .toStdString());
    const QFileInfoList classFolders = QDir(folder).entryInfoList(
        QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    if (classFolders.isEmpty())
        throw Error(QStringLiteral("The folder %1 has no sub-folders. A class-folder import expects "
                                   "one sub-folder per class, such as %1/cat/0001.jpg; to add "
                                   "unlabeled images, add the folder to the pool instead.")
                        .arg(info.absoluteFilePath())
                        .toStdString());

    ImportResult skipped;
    const QStringList looseFiles = listImageFiles(folder, options.extensions, false);
    if (!looseFiles.isEmpty())
        skipped.warnings.append(QStringLiteral("%1 image files directly in %2 were skipped, because "
                                               "they are in no class sub-folder.")
                                    .arg(looseFiles.size())
                                    .arg(info.absoluteFilePath()));

    QStringList classNames;
    std::vector<PendingImage> pending;
    for (const QFileInfo& classFolder : classFolders) {
        classNames.append(classFolder.fileName());
        for (const QString& file :
             listImageFiles(classFolder.absoluteFilePath(), options.extensions, true))
            pending.push_back({file, classFolder.fileName(), options.classFolderSource, false, QString()});
    }

    DescribedImages described = describeAll(pending, options);
    if (described.cancelled) {
        skipped.cancelled = true;
        return skipped;
    }
    ImportResult result = writeImport(store, classNames, described.images,
                                      LabelConflict::KeepExisting,
                                      QStringLiteral("import %1").arg(info.absoluteFilePath()));
    result.failures = described.failures;
    result.warnings = skipped.warnings;
    return result;
}

namespace {

// The data rows of a CSV file, without the header row when there is one.
std::vector<detail::CsvRow> readCsvFile(const QString& csvFile)
{
    QFile file(csvFile);
    if (!file.exists())
        throw Error(QStringLiteral("The CSV file %1 was not found. Check the path.")
                        .arg(csvFile)
                        .toStdString());
    if (!file.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("Could not read the CSV file %1: %2. Check its permissions.")
                        .arg(csvFile, file.errorString())
                        .toStdString());
    std::vector<detail::CsvRow> rows = detail::parseCsv(file.readAll(), csvFile);
    if (!rows.empty() && rows.front().fields.first().trimmed().compare(
                             QLatin1String("path"), Qt::CaseInsensitive) == 0)
        rows.erase(rows.begin());
    if (rows.empty())
        throw Error(QStringLiteral("The CSV file %1 has no rows. Write one 'path,label' line per "
                                   "image.")
                        .arg(csvFile)
                        .toStdString());
    return rows;
}

// Checks CSV rows one by one, collecting problems and the rows to import.
class CsvRowChecker {
public:
    CsvRowChecker(const ProjectStore& store, const QString& csvFile, const ImportOptions& options)
        : base_(QFileInfo(csvFile).absoluteDir()), createClasses_(options.createClasses)
    {
        for (const ClassInfo& info : store.classes())
            knownClasses_.insert(info.name);
    }

    void check(const detail::CsvRow& row)
    {
        const QString where = QStringLiteral("line %1: ").arg(row.line);
        const QString path = row.fields.value(0).trimmed();
        const QString label = row.fields.value(1).trimmed();
        const QString sourceName = row.fields.value(2).trimmed();
        if (path.isEmpty()) {
            problems.append(where + QStringLiteral("the path is empty."));
            return;
        }
        const QString absolute = QDir::cleanPath(base_.absoluteFilePath(path));
        if (isRepeated(absolute, label, row.line, where))
            return;

        std::optional<LabelSource> source = LabelSource::Imported;
        if (!sourceName.isEmpty())
            source = parseLabelSource(sourceName);
        if (!source)
            problems.append(where + QStringLiteral("the source '%1' is invalid; use example, "
                                                   "manual, prediction or imported.")
                                        .arg(sourceName));
        if (!label.isEmpty() && !createClasses_ && !knownClasses_.contains(label))
            unknownClassLines_[label].append(QString::number(row.line));
        if (!QFileInfo(absolute).isFile())
            problems.append(where + QStringLiteral("the image %1 was not found.").arg(absolute));
        pending.push_back({absolute, label, source.value_or(LabelSource::Imported), false, where});
    }

    // Adds the problems and warnings that sum up several rows.
    void finish(const QString& csvFile)
    {
        for (auto it = unknownClassLines_.cbegin(); it != unknownClassLines_.cend(); ++it)
            problems.append(QStringLiteral("%1 %2: the class '%3' is not in the project; add it "
                                           "first or let the import create classes.")
                                .arg(it.value().size() == 1 ? QStringLiteral("line")
                                                            : QStringLiteral("lines"),
                                     it.value().join(QStringLiteral(", ")), it.key()));
        if (repeatedLines_.isEmpty())
            return;
        warnings.append(
            (repeatedLines_.size() == 1
                 ? QStringLiteral("%1 row of %2 repeats an earlier row and was skipped (line %3).")
                 : QStringLiteral("%1 rows of %2 repeat an earlier row and were skipped (lines %3)."))
                .arg(repeatedLines_.size())
                .arg(csvFile, repeatedLines_.join(QStringLiteral(", "))));
    }

    std::vector<PendingImage> pending;
    QStringList problems;
    QStringList warnings;

private:
    struct Entry {
        QString label;
        int line = 0;
    };

    // A path seen before is skipped: silently counted when the label is the
    // same, a problem when it differs.
    bool isRepeated(const QString& absolute, const QString& label, int line, const QString& where)
    {
        const auto earlier = seen_.constFind(absolute);
        if (earlier == seen_.cend()) {
            seen_.insert(absolute, Entry{label, line});
            return false;
        }
        if (earlier->label == label)
            repeatedLines_.append(QString::number(line));
        else
            problems.append(where + QStringLiteral("%1 has the label '%2' here but '%3' on line %4.")
                                        .arg(QDir(base_).relativeFilePath(absolute), label,
                                             earlier->label)
                                        .arg(earlier->line));
        return true;
    }

    QDir base_;
    bool createClasses_;
    QSet<QString> knownClasses_;
    QHash<QString, Entry> seen_;
    QMap<QString, QStringList> unknownClassLines_;
    QStringList repeatedLines_;
};

}  // namespace

ImportResult importCsv(ProjectStore& store, const QString& csvFile, const ImportOptions& options)
{
    requireSizeReader(options);
    const QString path = QFileInfo(csvFile).absoluteFilePath();
    CsvRowChecker checker(store, path, options);
    for (const detail::CsvRow& row : readCsvFile(path))
        checker.check(row);
    checker.finish(path);
    if (!checker.problems.isEmpty())
        throwProblems(path, checker.problems);
    const std::vector<PendingImage>& pending = checker.pending;
    const QStringList& warnings = checker.warnings;

    DescribedImages described = describeAll(pending, options);
    if (described.cancelled)
        return ImportResult{{}, {}, {}, warnings, true};
    if (!described.failures.isEmpty())
        throwProblems(path, described.failures);

    QStringList classNames;
    for (const DescribedImage& image : described.images) {
        if (!image.request.className.isEmpty() && !classNames.contains(image.request.className))
            classNames.append(image.request.className);
    }
    ImportResult result = writeImport(store, classNames, described.images,
                                      LabelConflict::KeepExisting,
                                      QStringLiteral("import %1").arg(path));
    result.warnings = warnings;
    return result;
}

}  // namespace fewshot::store
