#include "base/error.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "cli/session_options.h"
#include "pipeline/clip_session.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace fewshot::cli {
namespace {

const char kDefaultTemplate[] = "a photo of a {}.";

// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
std::string csvField(const std::string& value)
{
    if (value.find_first_of(",\"\r\n") == std::string::npos)
        return value;
    std::string quoted = "\"";
    for (char c : value)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string formatProbability(float value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6f", static_cast<double>(value));
    return buffer;
}

struct ZeroShotTable {
    std::vector<std::string> classes;
    std::vector<std::string> templates;
    std::vector<std::string> paths;      // images that were read
    std::vector<float> probabilities;    // [paths, classes]

    size_t topClass(size_t row) const
    {
        const auto first = probabilities.begin() + static_cast<std::ptrdiff_t>(row * classes.size());
        return static_cast<size_t>(std::max_element(first, first + static_cast<std::ptrdiff_t>(classes.size())) - first);
    }
};

std::string formatCsv(const ZeroShotTable& table)
{
    std::string text = "path,top_class";
    for (const auto& name : table.classes)
        text += "," + csvField(name);
    text += "\n";
    for (size_t row = 0; row < table.paths.size(); ++row) {
        text += csvField(table.paths[row]) + "," + csvField(table.classes[table.topClass(row)]);
        for (size_t c = 0; c < table.classes.size(); ++c)
            text += "," + formatProbability(table.probabilities[row * table.classes.size() + c]);
        text += "\n";
    }
    return text;
}

std::string formatJson(const ZeroShotTable& table)
{
    nlohmann::ordered_json root;
    root["classes"] = table.classes;
    root["templates"] = table.templates;
    root["results"] = nlohmann::ordered_json::array();
    for (size_t row = 0; row < table.paths.size(); ++row) {
        nlohmann::ordered_json probabilities = nlohmann::ordered_json::object();
        for (size_t c = 0; c < table.classes.size(); ++c)
            probabilities[table.classes[c]] = table.probabilities[row * table.classes.size() + c];
        const size_t top = table.topClass(row);
        root["results"].push_back({{"path", table.paths[row]},
                                   {"top_class", table.classes[top]},
                                   {"top_probability", table.probabilities[row * table.classes.size() + top]},
                                   {"probabilities", probabilities}});
    }
    return root.dump(2) + "\n";
}

}  // namespace

int runZeroShot(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Classify images by class names and prompt templates. For each image, prints its path, "
        "the top class and the probability of every class."));
    addModelOptions(parser);
    parser.addOption({QStringLiteral("class"), QStringLiteral("A class name (repeat for each class)."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("template"),
                      QStringLiteral("A prompt template; {} marks the class name (repeat for an ensemble; default: \"a photo of a {}.\")."),
                      QStringLiteral("T")});
    parser.addOption({QStringLiteral("format"), QStringLiteral("csv or json (default: csv)."), QStringLiteral("FORMAT")});
    parser.addPositionalArgument(QStringLiteral("IMAGE"), QStringLiteral("Image files or folders."), QStringLiteral("IMAGE..."));
    if (!parseArguments(parser, arguments, QStringLiteral("zero-shot")))
        return ExitSuccess;

    const QString format = parser.isSet(QStringLiteral("format")) ? parser.value(QStringLiteral("format")) : QStringLiteral("csv");
    if (format != QLatin1String("csv") && format != QLatin1String("json"))
        throw UsageError("--format must be csv or json, got '" + toStdString(format) + "'");
    requireModelFolder(parser);
    ZeroShotTable table;
    for (const QString& name : parser.values(QStringLiteral("class")))
        table.classes.push_back(toStdString(name));
    if (table.classes.empty())
        throw UsageError("give the classes with --class NAME (repeat for each class)");
    if (std::set<std::string>(table.classes.begin(), table.classes.end()).size() != table.classes.size())
        throw UsageError("class names must be unique");
    for (const QString& promptTemplate : parser.values(QStringLiteral("template")))
        table.templates.push_back(toStdString(promptTemplate));
    if (table.templates.empty())
        table.templates.push_back(kDefaultTemplate);
    const auto paths = expandImagePaths(parser.positionalArguments());
    if (paths.empty())
        throw UsageError("no images given");

    const auto session = openSession(parser);

    const auto classEmbeddings = session->classEmbeddings(table.classes, table.templates);
    bool anyFailed = false;
    const auto images = session->encodeImageFiles(paths, [&](size_t, const std::string& message) {
        anyFailed = true;
        printError(QString::fromStdString(message) + QStringLiteral(" (skipped)"));
    });
    table.probabilities = session->zeroShot(images.values, classEmbeddings).probabilities;
    for (size_t index : images.indices)
        table.paths.push_back(paths[index]);

    printOut(QString::fromStdString(format == QLatin1String("json") ? formatJson(table) : formatCsv(table)));
    return anyFailed ? ExitFailure : ExitSuccess;
}

}  // namespace fewshot::cli
