// `fewshot project ...`: create, fill, label, import into, export and inspect a project file.

#include "cli/cli.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "cli/project_subcommand.h"

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

using store::ImportOptions;
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

// NOTE: the return type is not written as store::ImportOptions because
// lupdate 6.4 fails to resolve it and then files the Cli::tr() message below
// under the unqualified context "Cli", which matches no translation.
ImportOptions importOptions(const QCommandLineParser& parser)
{
    ImportOptions options;
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
            throw UsageError(Cli::tr("--types needs at least one file extension, such as jpg,png"));
    }
    return options;
}

void addTypesOption(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("types"),
                      Cli::tr("File extensions taken from folders, comma-separated "
                              "(default: %1).")
                          .arg(store::defaultImageExtensions().join(QLatin1Char(','))),
                      QStringLiteral("LIST")});
}

}  // namespace

bool parseSubcommand(QCommandLineParser& parser, const QStringList& arguments, const QString& name)
{
    const QString command = QStringLiteral("project ") + name;
    const QStringList options = arguments.mid(3);
    if (options.contains(QStringLiteral("--help")) || options.contains(QStringLiteral("-h"))) {
        parser.addOption({{QStringLiteral("h"), QStringLiteral("help")}, Cli::tr("Show this help.")});
        printOut(commandHelp(parser, command));
        return false;
    }
    // parseArguments expects the program and then the command name.
    QStringList forwarded{arguments.value(0), command};
    forwarded += options;
    return parseArguments(parser, forwarded, command);
}

QStringList positionals(const QCommandLineParser& parser, int minimum, int maximum,
                        const QString& name, const QString& usage)
{
    const QStringList values = parser.positionalArguments();
    if (values.size() < minimum)
        throw UsageError(Cli::tr("'fewshot project %1' needs %2").arg(name, usage));
    if (maximum >= 0 && values.size() > maximum)
        throw UsageError(Cli::tr("'fewshot project %1' takes %2; unexpected: %3")
                             .arg(name, usage, values.mid(maximum).join(QLatin1Char(' '))));
    return values;
}

namespace {

// Prints what an import or add did; returns the exit status.
int reportImport(const store::ImportResult& result)
{
    for (const QString& warning : result.warnings)
        printError(warning);
    if (result.cancelled) {
        printError(Cli::tr("the import was cancelled; nothing was added"));
        return ExitFailure;
    }
    const store::AddImagesResult& images = result.images;
    // Whole sentences, so that each can be translated with its own plural form.
    QStringList summary{Cli::tr("Added %n image(s).", nullptr, images.added)};
    if (images.alreadyPresent > 0)
        summary.append(Cli::tr("%n image(s) were already in the project.", nullptr, images.alreadyPresent));
    if (images.labeled > 0)
        summary.append(Cli::tr("Wrote %n label(s).", nullptr, images.labeled));
    printOut(summary.join(QLatin1Char(' ')) + QLatin1Char('\n'));
    if (!result.classesCreated.isEmpty())
        printOut(Cli::tr("New classes: %1.").arg(result.classesCreated.join(QStringLiteral(", ")))
                 + QLatin1Char('\n'));
    if (images.labelsKept > 0)
        printOut(Cli::tr("%n image(s) already had a different label and kept it.", nullptr, images.labelsKept)
                 + QLatin1Char('\n'));
    for (const QString& failure : result.failures)
        printError(failure);
    if (result.failures.isEmpty())
        return ExitSuccess;
    printError(Cli::tr("Skipped %n unreadable file(s); the others were added.", nullptr,
                       static_cast<int>(result.failures.size())));
    return ExitFailure;
}

int runProjectCreate(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr("Create an empty project file."));
    parser.addPositionalArgument(QStringLiteral("FILE"), Cli::tr("The new project file (.fewshot)."));
    if (!parseSubcommand(parser, arguments, QStringLiteral("create")))
        return ExitSuccess;
    const QString file = positionals(parser, 1, 1, QStringLiteral("create"), QStringLiteral("FILE")).at(0);
    const auto project = ProjectStore::create(file);
    printOut(Cli::tr("Created the project %1.").arg(project->file()) + QLatin1Char('\n'));
    return ExitSuccess;
}

int runProjectAdd(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("Add images as examples of a class (--class) or to the unlabeled pool "
                "(--pool). Folders are searched recursively."));
    parser.addPositionalArgument(QStringLiteral("FILE"), Cli::tr("The project file."));
    parser.addPositionalArgument(QStringLiteral("IMAGE"), Cli::tr("Image files or folders."),
                                 QStringLiteral("IMAGE..."));
    parser.addOption({QStringLiteral("class"),
                      Cli::tr("Add the images as examples of this class (added when new)."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("pool"), Cli::tr("Add the images without a label.")});
    addTypesOption(parser);
    if (!parseSubcommand(parser, arguments, QStringLiteral("add")))
        return ExitSuccess;
    const QStringList values = positionals(parser, 2, -1, QStringLiteral("add"), Cli::tr("FILE and at least one IMAGE"));
    const bool toClass = parser.isSet(QStringLiteral("class"));
    if (toClass == parser.isSet(QStringLiteral("pool")))
        throw UsageError(Cli::tr("give either --class NAME or --pool"));

    const auto project = ProjectStore::open(values.at(0));
    std::optional<QString> className;
    if (toClass)
        className = parser.value(QStringLiteral("class"));
    return reportImport(store::addImageFiles(*project, values.mid(1), className, importOptions(parser)));
}

int runProjectLabel(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr("Label one image of the project by hand."));
    parser.addPositionalArgument(QStringLiteral("FILE"), Cli::tr("The project file."));
    parser.addPositionalArgument(QStringLiteral("IMAGE"), Cli::tr("An image in the project."));
    parser.addPositionalArgument(QStringLiteral("CLASS"), Cli::tr("An existing class."));
    if (!parseSubcommand(parser, arguments, QStringLiteral("label")))
        return ExitSuccess;
    const QStringList values = positionals(parser, 3, 3, QStringLiteral("label"), QStringLiteral("FILE IMAGE CLASS"));
    const auto project = ProjectStore::open(values.at(0));

    const QString imagePath = QFileInfo(values.at(1)).absoluteFilePath();
    const std::optional<store::ImageInfo> image = project->findImage(imagePath);
    if (!image)
        throw Error(toStdString(Cli::tr("The image %1 is not in the project %2. Add it first "
                                        "with 'fewshot project add %2 --pool %1'.")
                                    .arg(imagePath, project->file())));
    const std::optional<store::ClassInfo> classInfo = project->findClass(values.at(2));
    if (!classInfo) {
        QStringList names;
        for (const store::ClassInfo& info : project->classes())
            names.append(info.name);
        throw Error(toStdString(Cli::tr("The class '%1' is not in the project %2 (its classes: "
                                        "%3). Add it with 'fewshot project add %2 --class %1 "
                                        "IMAGE'.")
                                    .arg(values.at(2), project->file(),
                                         names.isEmpty() ? Cli::tr("none") : names.join(QStringLiteral(", ")))));
    }

    const auto previous = project->setLabel(image->id, classInfo->id, store::LabelSource::Manual);
    const QString message = previous ? Cli::tr("Labeled %1 as '%2' (was '%3').")
                                           .arg(image->path, classInfo->name,
                                                project->classInfo(previous->classId).name)
                                     : Cli::tr("Labeled %1 as '%2'.").arg(image->path, classInfo->name);
    printOut(message + QLatin1Char('\n'));
    return ExitSuccess;
}

int runProjectImport(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("Import labeled images from a folder with one sub-folder per class, or from a "
                "CSV file of path,label rows (paths relative to the CSV file). Images that "
                "already have a different label keep it."));
    parser.addPositionalArgument(QStringLiteral("FILE"), Cli::tr("The project file."));
    parser.addOption({QStringLiteral("folder"), Cli::tr("A folder with one sub-folder per class."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("csv"), Cli::tr("A CSV file of path,label rows."),
                      QStringLiteral("CSV")});
    parser.addOption({QStringLiteral("create-classes"),
                      Cli::tr("With --csv: add classes that are not in the project yet.")});
    addTypesOption(parser);
    if (!parseSubcommand(parser, arguments, QStringLiteral("import")))
        return ExitSuccess;
    const QString file = positionals(parser, 1, 1, QStringLiteral("import"), QStringLiteral("FILE")).at(0);
    const bool fromFolder = parser.isSet(QStringLiteral("folder"));
    if (fromFolder == parser.isSet(QStringLiteral("csv")))
        throw UsageError(Cli::tr("give either --folder DIR or --csv FILE"));

    const auto project = ProjectStore::open(file);
    ImportOptions options = importOptions(parser);
    options.createClasses = parser.isSet(QStringLiteral("create-classes"));
    if (fromFolder)
        return reportImport(store::importClassFolders(*project, parser.value(QStringLiteral("folder")), options));
    return reportImport(store::importCsv(*project, parser.value(QStringLiteral("csv")), options));
}

int runProjectExport(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("Export the labeled images: csv (path,label,source), json, or folders "
                "(OUTPUT/<class>/<image>, as torchvision's ImageFolder reads). The output is "
                "written under a temporary name and renamed when complete."));
    parser.addPositionalArgument(QStringLiteral("FILE"), Cli::tr("The project file."));
    parser.addOption({QStringLiteral("format"), Cli::tr("csv, json or folders."),
                      QStringLiteral("FORMAT")});
    parser.addOption({QStringLiteral("output"),
                      Cli::tr("The file to write, or for folders a new or empty folder."),
                      QStringLiteral("PATH")});
    parser.addOption({QStringLiteral("symlinks"),
                      Cli::tr("With --format folders: link to the images instead of copying.")});
    if (!parseSubcommand(parser, arguments, QStringLiteral("export")))
        return ExitSuccess;
    const QString file = positionals(parser, 1, 1, QStringLiteral("export"), QStringLiteral("FILE")).at(0);
    const QString format = parser.value(QStringLiteral("format"));
    const QString output = parser.value(QStringLiteral("output"));
    if (output.isEmpty())
        throw UsageError(Cli::tr("--output PATH is required"));
    if (format != QLatin1String("csv") && format != QLatin1String("json")
        && format != QLatin1String("folders"))
        throw UsageError(Cli::tr("--format must be csv, json or folders, got '%1'").arg(format));

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
    printOut(Cli::tr("Exported %n labeled image(s) to %1.", nullptr, static_cast<int>(result.exported))
                 .arg(QFileInfo(output).absoluteFilePath())
             + QLatin1Char('\n'));
    return ExitSuccess;
}

void printClasses(const store::ProjectSummary& summary)
{
    if (summary.classes.empty()) {
        printOut(Cli::tr("Classes: none") + QLatin1Char('\n'));
        return;
    }
    printOut(Cli::tr("Classes:") + QLatin1Char('\n'));
    int width = 5;
    for (const store::ClassCounts& counts : summary.classes)
        width = std::max(width, static_cast<int>(counts.info.name.size()));
    for (const store::ClassCounts& counts : summary.classes)
        printOut(QStringLiteral("  ")
                 + Cli::tr("%1  %2 examples  %3 labeled")
                       .arg(counts.info.name.leftJustified(width))
                       .arg(counts.examples, 6)
                       .arg(counts.labeled, 7)
                 + (counts.info.isNormal ? QStringLiteral("  ") + Cli::tr("(normal)") : QString())
                 + QLatin1Char('\n'));
}

int runProjectInfo(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("Show counts per class, missing image files and cached embeddings."));
    parser.addPositionalArgument(QStringLiteral("FILE"), Cli::tr("The project file."));
    parser.addOption({QStringLiteral("missing"), Cli::tr("List every missing image file.")});
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
    QString text = Cli::tr("Project: %1 (format %2)").arg(project->file()).arg(summary.schemaVersion) + QLatin1Char('\n');
    text += Cli::tr("Images: %1, %2 missing").arg(summary.images).arg(missing.size()) + QLatin1Char('\n');
    text += Cli::tr("Labeled: %1 (examples %2, manual %3, accepted predictions %4, imported %5)")
                .arg(summary.labeled)
                .arg(bySource(store::LabelSource::Example))
                .arg(bySource(store::LabelSource::Manual))
                .arg(bySource(store::LabelSource::Prediction))
                .arg(bySource(store::LabelSource::Imported))
            + QLatin1Char('\n');
    printOut(text);
    printClasses(summary);
    printOut(Cli::tr("Cached embeddings: %1 image, %2 text").arg(summary.imageEmbeddings).arg(summary.textEmbeddings)
             + QLatin1Char('\n'));
    printOut(Cli::tr("Training runs: %1").arg(summary.runs) + QLatin1Char('\n'));

    constexpr size_t kListedMissing = 10;
    const bool listAll = parser.isSet(QStringLiteral("missing"));
    if (!missing.empty())
        printOut(Cli::tr("Missing files:") + QLatin1Char('\n'));
    for (size_t i = 0; i < missing.size() && (listAll || i < kListedMissing); ++i)
        printOut(QStringLiteral("  %1\n").arg(project->absolutePath(missing[i])));
    if (!listAll && missing.size() > kListedMissing)
        printOut(QStringLiteral("  ")
                 + Cli::tr("... and %1 more (--missing lists all; 'fewshot project relink' finds moved files)")
                       .arg(missing.size() - kListedMissing)
                 + QLatin1Char('\n'));
    return ExitSuccess;
}

int runProjectRelink(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("Find missing images by content (SHA-256) under a folder and store their new "
                "paths. Exits with status 1 when some images are still missing."));
    parser.addPositionalArgument(QStringLiteral("FILE"), Cli::tr("The project file."));
    parser.addPositionalArgument(QStringLiteral("DIR"), Cli::tr("The folder to search, recursively."));
    if (!parseSubcommand(parser, arguments, QStringLiteral("relink")))
        return ExitSuccess;
    const QStringList values = positionals(parser, 2, 2, QStringLiteral("relink"), QStringLiteral("FILE DIR"));
    const auto project = ProjectStore::open(values.at(0));
    const store::RelinkResult result = project->relinkMissing(values.at(1));
    printOut(Cli::tr("Relinked %1 of %n missing image(s); %2 still missing.", nullptr,
                     static_cast<int>(result.missingBefore))
                 .arg(result.relinked)
                 .arg(result.stillMissing)
             + QLatin1Char('\n'));
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
    {"templates", "templates FILE [--set NAME --template T... | --demo]", runProjectTemplates},
};

QString projectHelp()
{
    QString text = Cli::tr("Usage: fewshot project SUBCOMMAND [OPTIONS] ARGUMENTS\n"
                           "Create, fill, import into, export and inspect a project file.\n\n"
                           "Subcommands:\n");
    for (const Subcommand& subcommand : kSubcommands)
        text += QStringLiteral("  fewshot project %1\n").arg(QString::fromLatin1(subcommand.usage));
    text += Cli::tr("\nRun 'fewshot project SUBCOMMAND --help' for its options.\n");
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
        throw UsageError(Cli::tr("no project subcommand given"));
    throw UsageError(Cli::tr("unknown project subcommand '%1'").arg(name));
}

}  // namespace fewshot::cli
