// `fewshot project ...`: create, fill, label, import into, export and inspect a project file.

#include "cli/cli.h"
#include "cli/cli_common.h"
#include "cli/commands.h"

#include "image/image_io.h"
#include "store/image_file.h"
#include "store/project_export.h"
#include "store/project_import.h"
#include "store/project_store.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>

namespace fewshot::cli {
namespace {

using store::ProjectStore;

struct Subcommand {
    const char* name;
    const char* usage;
    int (*run)(const QStringList& arguments);
};

// Returns an image's width and height for the store.
// NOTE: It decodes the whole image, which proves the file readable but is slow
// for large files. A header read (image/image_header.h) could replace it once
// it applies the EXIF orientation to width and height.
store::ImageSize readImageSize(const QString& path)
{
    const RgbImage image = readImage(QFile::encodeName(path).toStdString());
    return {image.width, image.height};
}

store::ImportOptions importOptions(const QCommandLineParser& parser)
{
    store::ImportOptions options;
    options.readSize = readImageSize;
    if (parser.isSet(QStringLiteral("types"))) {
        options.extensions.clear();
        for (const QString& type : parser.value(QStringLiteral("types")).split(QLatin1Char(','))) {
            QString extension = type.trimmed().toLower();
            if (extension.startsWith(QLatin1Char('.')))
                extension.remove(0, 1);
            if (!extension.isEmpty())
                options.extensions.append(extension);
        }
        if (options.extensions.isEmpty())
            throw UsageError("--types needs at least one file extension, such as jpg,png");
    }
    return options;
}

void addTypesOption(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("types"),
                      QStringLiteral("File extensions taken from folders, comma-separated "
                                     "(default: %1).")
                          .arg(store::defaultImageExtensions().join(QLatin1Char(','))),
                      QStringLiteral("LIST")});
}

// Parses a subcommand's options; `arguments` starts with the program name.
// Returns false when --help was printed.
bool parseSubcommand(QCommandLineParser& parser, const QStringList& arguments, const QString& name)
{
    const QString command = QStringLiteral("project ") + name;
    const QStringList options = arguments.mid(3);
    if (options.contains(QStringLiteral("--help")) || options.contains(QStringLiteral("-h"))) {
        // QCommandLineParser names the running program in its usage line;
        // the reader needs the whole command instead.
        parser.addHelpOption();
        QString help = parser.helpText();
        const qsizetype usageEnd = help.indexOf(QStringLiteral(" [options]"));
        if (help.startsWith(QStringLiteral("Usage: ")) && usageEnd > 0)
            help.replace(0, usageEnd, QStringLiteral("Usage: fewshot ") + command);
        printOut(help);
        return false;
    }
    // parseArguments expects the program and then the command name.
    QStringList forwarded{arguments.value(0), command};
    forwarded += options;
    return parseArguments(parser, forwarded, command);
}

// The positional arguments, checked against `usage` ("FILE IMAGE CLASS");
// `maximum` < 0 allows any number.
QStringList positionals(const QCommandLineParser& parser, int minimum, int maximum,
                        const QString& name, const QString& usage)
{
    const QStringList values = parser.positionalArguments();
    if (values.size() < minimum)
        throw UsageError(toStdString(QStringLiteral("'fewshot project %1' needs %2").arg(name, usage)));
    if (maximum >= 0 && values.size() > maximum)
        throw UsageError(toStdString(QStringLiteral("'fewshot project %1' takes %2; unexpected: %3")
                                         .arg(name, usage, values.mid(maximum).join(QLatin1Char(' ')))));
    return values;
}

QString plural(int count, const char* noun)
{
    return QString::fromLatin1(noun) + (count == 1 ? QString() : QStringLiteral("s"));
}

// Prints what an import or add did; returns the exit status.
int reportImport(const store::ImportResult& result)
{
    for (const QString& warning : result.warnings)
        printError(warning);
    if (result.cancelled) {
        printError(QStringLiteral("the import was cancelled; nothing was added"));
        return ExitFailure;
    }
    const store::AddImagesResult& images = result.images;
    QString summary = QStringLiteral("Added %1 %2").arg(images.added).arg(plural(images.added, "image"));
    if (images.alreadyPresent > 0)
        summary += QStringLiteral(" (%1 already in the project)").arg(images.alreadyPresent);
    if (images.labeled > 0)
        summary += QStringLiteral("; %1 %2 written").arg(images.labeled).arg(plural(images.labeled, "label"));
    printOut(summary + QStringLiteral(".\n"));
    if (!result.classesCreated.isEmpty())
        printOut(QStringLiteral("New classes: %1.\n").arg(result.classesCreated.join(QStringLiteral(", "))));
    if (images.labelsKept > 0)
        printOut(QStringLiteral("%1 %2 already had a different label and kept it.\n")
                     .arg(images.labelsKept)
                     .arg(plural(images.labelsKept, "image")));
    for (const QString& failure : result.failures)
        printError(failure);
    if (result.failures.isEmpty())
        return ExitSuccess;
    printError(result.failures.size() == 1
                   ? QStringLiteral("1 file could not be read and was skipped; the others were added.")
                   : QStringLiteral("%1 files could not be read and were skipped; the others were "
                                    "added.")
                         .arg(result.failures.size()));
    return ExitFailure;
}

int runProjectCreate(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Create an empty project file."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The new project file (.fewshot)."));
    if (!parseSubcommand(parser, arguments, QStringLiteral("create")))
        return ExitSuccess;
    const QString file = positionals(parser, 1, 1, QStringLiteral("create"), QStringLiteral("FILE")).at(0);
    const auto project = ProjectStore::create(file);
    printOut(QStringLiteral("Created the project %1.\n").arg(project->file()));
    return ExitSuccess;
}

int runProjectAdd(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Add images as examples of a class (--class) or to the unlabeled pool "
                       "(--pool). Folders are searched recursively."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The project file."));
    parser.addPositionalArgument(QStringLiteral("IMAGE"), QStringLiteral("Image files or folders."),
                                 QStringLiteral("IMAGE..."));
    parser.addOption({QStringLiteral("class"),
                      QStringLiteral("Add the images as examples of this class (added when new)."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("pool"), QStringLiteral("Add the images without a label.")});
    addTypesOption(parser);
    if (!parseSubcommand(parser, arguments, QStringLiteral("add")))
        return ExitSuccess;
    const QStringList values = positionals(parser, 2, -1, QStringLiteral("add"), QStringLiteral("FILE and at least one IMAGE"));
    const bool toClass = parser.isSet(QStringLiteral("class"));
    if (toClass == parser.isSet(QStringLiteral("pool")))
        throw UsageError("give either --class NAME or --pool");

    const auto project = ProjectStore::open(values.at(0));
    std::optional<QString> className;
    if (toClass)
        className = parser.value(QStringLiteral("class"));
    return reportImport(store::addImageFiles(*project, values.mid(1), className, importOptions(parser)));
}

int runProjectLabel(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Label one image of the project by hand."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The project file."));
    parser.addPositionalArgument(QStringLiteral("IMAGE"), QStringLiteral("An image in the project."));
    parser.addPositionalArgument(QStringLiteral("CLASS"), QStringLiteral("An existing class."));
    if (!parseSubcommand(parser, arguments, QStringLiteral("label")))
        return ExitSuccess;
    const QStringList values = positionals(parser, 3, 3, QStringLiteral("label"), QStringLiteral("FILE IMAGE CLASS"));
    const auto project = ProjectStore::open(values.at(0));

    const QString imagePath = QFileInfo(values.at(1)).absoluteFilePath();
    const std::optional<store::ImageInfo> image = project->findImage(imagePath);
    if (!image)
        throw Error(toStdString(QStringLiteral("The image %1 is not in the project %2. Add it first "
                                               "with 'fewshot project add %2 --pool %1'.")
                                    .arg(imagePath, project->file())));
    const std::optional<store::ClassInfo> classInfo = project->findClass(values.at(2));
    if (!classInfo) {
        QStringList names;
        for (const store::ClassInfo& info : project->classes())
            names.append(info.name);
        throw Error(toStdString(QStringLiteral("The class '%1' is not in the project %2 (its classes: "
                                               "%3). Add it with 'fewshot project add %2 --class %1 "
                                               "IMAGE'.")
                                    .arg(values.at(2), project->file(),
                                         names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", ")))));
    }

    const auto previous = project->setLabel(image->id, classInfo->id, store::LabelSource::Manual);
    QString was;
    if (previous)
        was = QStringLiteral(" (was '%1')").arg(project->classInfo(previous->classId).name);
    printOut(QStringLiteral("Labeled %1 as '%2'%3.\n").arg(image->path, classInfo->name, was));
    return ExitSuccess;
}

int runProjectImport(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Import labeled images from a folder with one sub-folder per class, or from a "
                       "CSV file of path,label rows (paths relative to the CSV file). Images that "
                       "already have a different label keep it."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The project file."));
    parser.addOption({QStringLiteral("folder"), QStringLiteral("A folder with one sub-folder per class."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("csv"), QStringLiteral("A CSV file of path,label rows."),
                      QStringLiteral("CSV")});
    parser.addOption({QStringLiteral("create-classes"),
                      QStringLiteral("With --csv: add classes that are not in the project yet.")});
    addTypesOption(parser);
    if (!parseSubcommand(parser, arguments, QStringLiteral("import")))
        return ExitSuccess;
    const QString file = positionals(parser, 1, 1, QStringLiteral("import"), QStringLiteral("FILE")).at(0);
    const bool fromFolder = parser.isSet(QStringLiteral("folder"));
    if (fromFolder == parser.isSet(QStringLiteral("csv")))
        throw UsageError("give either --folder DIR or --csv FILE");

    const auto project = ProjectStore::open(file);
    store::ImportOptions options = importOptions(parser);
    options.createClasses = parser.isSet(QStringLiteral("create-classes"));
    if (fromFolder)
        return reportImport(store::importClassFolders(*project, parser.value(QStringLiteral("folder")), options));
    return reportImport(store::importCsv(*project, parser.value(QStringLiteral("csv")), options));
}

int runProjectExport(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Export the labeled images: csv (path,label,source), json, or folders "
                       "(OUTPUT/<class>/<image>, as torchvision's ImageFolder reads). The output is "
                       "written under a temporary name and renamed when complete."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The project file."));
    parser.addOption({QStringLiteral("format"), QStringLiteral("csv, json or folders."),
                      QStringLiteral("FORMAT")});
    parser.addOption({QStringLiteral("output"),
                      QStringLiteral("The file to write, or for folders a new or empty folder."),
                      QStringLiteral("PATH")});
    parser.addOption({QStringLiteral("symlinks"),
                      QStringLiteral("With --format folders: link to the images instead of copying.")});
    if (!parseSubcommand(parser, arguments, QStringLiteral("export")))
        return ExitSuccess;
    const QString file = positionals(parser, 1, 1, QStringLiteral("export"), QStringLiteral("FILE")).at(0);
    const QString format = parser.value(QStringLiteral("format"));
    const QString output = parser.value(QStringLiteral("output"));
    if (output.isEmpty())
        throw UsageError("--output PATH is required");
    if (format != QLatin1String("csv") && format != QLatin1String("json")
        && format != QLatin1String("folders"))
        throw UsageError(toStdString(QStringLiteral("--format must be csv, json or folders, got '%1'")
                                         .arg(format)));

    const auto project = ProjectStore::open(file, store::OpenMode::ReadOnly);
    store::ExportResult result;
    if (format == QLatin1String("csv")) {
        result = store::exportCsv(*project, output);
    } else if (format == QLatin1String("json")) {
        result = store::exportJson(*project, output);
    } else {
        store::FolderExportOptions options;
        options.symlinks = parser.isSet(QStringLiteral("symlinks"));
        result = store::exportFolders(*project, output, options);
    }
    for (const QString& warning : result.warnings)
        printError(warning);
    printOut(QStringLiteral("Exported %1 labeled images to %2.\n")
                 .arg(result.exported)
                 .arg(QFileInfo(output).absoluteFilePath()));
    return ExitSuccess;
}

void printClasses(const store::ProjectSummary& summary)
{
    if (summary.classes.empty()) {
        printOut(QStringLiteral("Classes: none\n"));
        return;
    }
    printOut(QStringLiteral("Classes:\n"));
    int width = 5;
    for (const store::ClassCounts& counts : summary.classes)
        width = std::max(width, static_cast<int>(counts.info.name.size()));
    for (const store::ClassCounts& counts : summary.classes)
        printOut(QStringLiteral("  %1  %2 examples  %3 labeled%4\n")
                     .arg(counts.info.name.leftJustified(width))
                     .arg(counts.examples, 6)
                     .arg(counts.labeled, 7)
                     .arg(counts.info.isNormal ? QStringLiteral("  (normal)") : QString()));
}

int runProjectInfo(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Show counts per class, missing image files and cached embeddings."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The project file."));
    parser.addOption({QStringLiteral("missing"), QStringLiteral("List every missing image file.")});
    if (!parseSubcommand(parser, arguments, QStringLiteral("info")))
        return ExitSuccess;
    const QString file = positionals(parser, 1, 1, QStringLiteral("info"), QStringLiteral("FILE")).at(0);
    const auto project = ProjectStore::open(file, store::OpenMode::ReadOnly);
    const store::ProjectSummary summary = project->summary();
    const std::vector<store::ImageInfo> missing = project->missingImages();

    auto bySource = [&](store::LabelSource source) {
        const auto it = summary.labelsBySource.find(source);
        return it == summary.labelsBySource.end() ? qint64(0) : it->second;
    };
    printOut(QStringLiteral("Project: %1 (format %2)\n").arg(project->file()).arg(summary.schemaVersion));
    printOut(QStringLiteral("Images: %1, %2 missing\n").arg(summary.images).arg(missing.size()));
    printOut(QStringLiteral("Labeled: %1 (examples %2, manual %3, accepted predictions %4, imported %5)\n")
                 .arg(summary.labeled)
                 .arg(bySource(store::LabelSource::Example))
                 .arg(bySource(store::LabelSource::Manual))
                 .arg(bySource(store::LabelSource::Prediction))
                 .arg(bySource(store::LabelSource::Imported)));
    printClasses(summary);
    printOut(QStringLiteral("Cached embeddings: %1 image, %2 text\n")
                 .arg(summary.imageEmbeddings)
                 .arg(summary.textEmbeddings));
    printOut(QStringLiteral("Training runs: %1\n").arg(summary.runs));

    constexpr size_t kListedMissing = 10;
    const bool listAll = parser.isSet(QStringLiteral("missing"));
    if (!missing.empty())
        printOut(QStringLiteral("Missing files:\n"));
    for (size_t i = 0; i < missing.size() && (listAll || i < kListedMissing); ++i)
        printOut(QStringLiteral("  %1\n").arg(project->absolutePath(missing[i])));
    if (!listAll && missing.size() > kListedMissing)
        printOut(QStringLiteral("  ... and %1 more (--missing lists all; 'fewshot project relink' "
                                "finds moved files)\n")
                     .arg(missing.size() - kListedMissing));
    return ExitSuccess;
}

int runProjectRelink(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Find missing images by content (SHA-256) under a folder and store their new "
                       "paths. Exits with status 1 when some images are still missing."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The project file."));
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("The folder to search, recursively."));
    if (!parseSubcommand(parser, arguments, QStringLiteral("relink")))
        return ExitSuccess;
    const QStringList values = positionals(parser, 2, 2, QStringLiteral("relink"), QStringLiteral("FILE DIR"));
    const auto project = ProjectStore::open(values.at(0));
    const store::RelinkResult result = project->relinkMissing(values.at(1));
    printOut(QStringLiteral("Relinked %1 of %2 missing images; %3 still missing.\n")
                 .arg(result.relinked)
                 .arg(result.missingBefore)
                 .arg(result.stillMissing));
    return result.stillMissing == 0 ? ExitSuccess : ExitFailure;
}

const Subcommand kSubcommands[] = {
    {"create", "create FILE", runProjectCreate},
    {"add", "add FILE --class NAME | --pool IMAGE_OR_FOLDER...", runProjectAdd},
    {"label", "label FILE IMAGE CLASS", runProjectLabel},
    {"import", "import FILE --folder DIR | --csv FILE", runProjectImport},
    {"export", "export FILE --format csv|json|folders --output PATH", runProjectExport},
    {"info", "info FILE", runProjectInfo},
    {"relink", "relink FILE DIR", runProjectRelink},
};

QString projectHelp()
{
    QString text = QStringLiteral("Usage: fewshot project SUBCOMMAND [OPTIONS] ARGUMENTS\n"
                                  "Create, fill, import into, export and inspect a project file.\n\n"
                                  "Subcommands:\n");
    for (const Subcommand& subcommand : kSubcommands)
        text += QStringLiteral("  fewshot project %1\n").arg(QString::fromLatin1(subcommand.usage));
    text += QStringLiteral("\nRun 'fewshot project SUBCOMMAND --help' for its options.\n");
    return text;
}

}  // namespace

int runProject(const QStringList& arguments)
{
    const QString name = arguments.value(2);
    if (name == QLatin1String("--help") || name == QLatin1String("-h")) {
        printOut(projectHelp());
        return ExitSuccess;
    }
    for (const Subcommand& subcommand : kSubcommands) {
        if (name == QLatin1String(subcommand.name))
            return subcommand.run(arguments);
    }
    if (name.isEmpty())
        throw UsageError("no project subcommand given");
    throw UsageError(toStdString(QStringLiteral("unknown project subcommand '%1'").arg(name)));
}

}  // namespace fewshot::cli
