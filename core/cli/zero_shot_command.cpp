#include "base/error.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "cli/probability_table.h"
#include "cli/session_options.h"
#include "pipeline/clip_session.h"

#include <set>

namespace fewshot::cli {
namespace {

const char kDefaultTemplate[] = "a photo of a {}.";

}  // namespace

int runZeroShot(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "Classify images by class names and prompt templates. For each image, prints its path, "
        "the top class and the probability of every class."));
    addModelOptions(parser);
    parser.addOption({QStringLiteral("class"), Cli::tr("A class name (repeat for each class)."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("template"),
                      Cli::tr("A prompt template; {} marks the class name (repeat for an ensemble; default: \"a photo of a {}.\")."),
                      QStringLiteral("T")});
    parser.addOption({QStringLiteral("format"), Cli::tr("csv or json (default: csv)."), QStringLiteral("FORMAT")});
    parser.addPositionalArgument(QStringLiteral("IMAGE"), Cli::tr("Image files or folders."), QStringLiteral("IMAGE..."));
    if (!parseArguments(parser, arguments, QStringLiteral("zero-shot")))
        return ExitSuccess;

    const QString format = parser.isSet(QStringLiteral("format")) ? parser.value(QStringLiteral("format")) : QStringLiteral("csv");
    if (format != QLatin1String("csv") && format != QLatin1String("json"))
        throw UsageError(Cli::tr("--format must be csv or json, got '%1'").arg(format));
    requireModelFolder(parser);
    ProbabilityTable table;
    for (const QString& name : parser.values(QStringLiteral("class")))
        table.classes.push_back(toStdString(name));
    if (table.classes.empty())
        throw UsageError(Cli::tr("give the classes with --class NAME (repeat for each class)"));
    if (std::set<std::string>(table.classes.begin(), table.classes.end()).size() != table.classes.size())
        throw UsageError(Cli::tr("class names must be unique"));
    for (const QString& promptTemplate : parser.values(QStringLiteral("template")))
        table.templates.push_back(toStdString(promptTemplate));
    if (table.templates.empty())
        table.templates.push_back(kDefaultTemplate);
    const auto paths = expandImagePaths(parser.positionalArguments());
    if (paths.empty())
        throw UsageError(Cli::tr("no images given"));

    const auto session = openSession(parser);

    const auto classEmbeddings = session->classEmbeddings(table.classes, table.templates);
    bool anyFailed = false;
    const auto images = session->encodeImageFiles(paths, [&](size_t, const std::string& message) {
        anyFailed = true;
        printError(Cli::tr("%1 (skipped)").arg(QString::fromStdString(message)));
    });
    table.probabilities = session->zeroShot(images.values, classEmbeddings).probabilities;
    for (size_t index : images.indices)
        table.paths.push_back(paths[index]);

    printOut(QString::fromStdString(format == QLatin1String("json") ? formatJson(table) : formatCsv(table, false)));
    return anyFailed ? ExitFailure : ExitSuccess;
}

}  // namespace fewshot::cli
