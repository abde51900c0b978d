#include "cli/session_options.h"

#include "cli/cli_common.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

namespace fewshot::cli {

QString requireModelFolder(const QCommandLineParser& parser)
{
    if (!parser.isSet(QStringLiteral("model")))
        throw UsageError(Cli::tr("--model DIR is required"));
    return parser.value(QStringLiteral("model"));
}

QString requireOutput(const QCommandLineParser& parser)
{
    if (!parser.isSet(QStringLiteral("output")))
        throw UsageError(Cli::tr("--output FILE is required"));
    return parser.value(QStringLiteral("output"));
}

SessionOptions sessionOptions(const QCommandLineParser& parser)
{
    SessionOptions options;
    options.model.threads = intOption(parser, QStringLiteral("threads"), 0, 1, 1024);
    options.batchSize = intOption(parser, QStringLiteral("batch-size"), 8, 1, 65536);
    if (parser.isSet(QStringLiteral("device")))
        options.model.device = toStdString(parser.value(QStringLiteral("device")));
    if (parser.isSet(QStringLiteral("dtype")))
        options.model.dtype = toStdString(parser.value(QStringLiteral("dtype")));
    options.imageRead.maxPixels =
        static_cast<int64_t>(intOption(parser, QStringLiteral("max-megapixels"), 100, 1, 100000)) * 1'000'000;
    if (parser.isSet(QStringLiteral("tokenizer")))
        options.tokenizerFolder = toStdString(parser.value(QStringLiteral("tokenizer")));
    return options;
}

std::unique_ptr<ClipSession> openSession(const QCommandLineParser& parser)
{
    auto session = ClipSession::open(toStdString(requireModelFolder(parser)), sessionOptions(parser));
    for (const auto& warning : session->model().warnings())
        printError(Cli::tr("warning: %1").arg(QString::fromStdString(warning)));
    return session;
}

std::vector<std::string> expandImagePaths(const QStringList& arguments)
{
    static const QStringList suffixes = {"jpg", "jpeg", "png", "bmp", "tif", "tiff", "webp"};
    std::vector<std::string> paths;
    for (const QString& argument : arguments) {
        if (!QFileInfo(argument).isDir()) {
            paths.push_back(toStdString(argument));
            continue;
        }
        QStringList found;
        QDirIterator it(argument, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            if (suffixes.contains(QFileInfo(file).suffix().toLower()))
                found.append(file);
        }
        found.sort();
        for (const QString& file : found)
            paths.push_back(toStdString(file));
    }
    return paths;
}

}  // namespace fewshot::cli
