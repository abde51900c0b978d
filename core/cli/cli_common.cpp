#include "cli/cli_common.h"

#include <cstdio>

namespace fewshot::cli {

std::string toStdString(const QString& text)
{
    return text.toUtf8().toStdString();
}

bool parseArguments(QCommandLineParser& parser, const QStringList& arguments,
                    const QString& commandName)
{
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")},
                                        Cli::tr("Show this help."));
    parser.addOption(helpOption);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);

    // QCommandLineParser sees the command name as its program name.
    QStringList rest = arguments.mid(1);
    if (!parser.parse(rest))
        throw UsageError(toStdString(parser.errorText()));
    if (parser.isSet(helpOption)) {
        printOut(commandHelp(parser, commandName));
        return false;
    }
    return true;
}

QString commandHelp(const QCommandLineParser& parser, const QString& commandName)
{
    // The usage line is translated with Qt's own messages ("Usage: %1",
    // "[options]"), so the program path is found by its value, not by the
    // English words around it.
    QString help = parser.helpText();
    const QString program = QCoreApplication::arguments().value(0);
    const qsizetype lineEnd = help.indexOf(QLatin1Char('\n'));
    const qsizetype at = program.isEmpty() ? -1 : help.indexOf(program);
    if (at >= 0 && at < lineEnd)
        help.replace(at, program.size(), QStringLiteral("fewshot ") + commandName);
    return help;
}

int intOption(const QCommandLineParser& parser, const QString& name, int defaultValue,
              int minimum, int maximum)
{
    if (!parser.isSet(name))
        return defaultValue;
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < minimum || value > maximum)
        throw UsageError(Cli::tr("--%1 must be an integer from %2 to %3, got '%4'")
                             .arg(name)
                             .arg(minimum)
                             .arg(maximum)
                             .arg(parser.value(name)));
    return value;
}

double doubleOption(const QCommandLineParser& parser, const QString& name, double defaultValue, double minimum,
                    double maximum)
{
    if (!parser.isSet(name))
        return defaultValue;
    bool ok = false;
    const double value = parser.value(name).toDouble(&ok);
    if (!ok || !(value >= minimum && value <= maximum))
        throw UsageError(Cli::tr("--%1 must be a number from %2 to %3, got '%4'")
                             .arg(name)
                             .arg(minimum)
                             .arg(maximum)
                             .arg(parser.value(name)));
    return value;
}

void addModelOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("model"),
                      Cli::tr("CLIP checkpoint folder (Hugging Face or OpenCLIP layout)."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("threads"),
                      Cli::tr("CPU threads for the model (default: all cores)."),
                      QStringLiteral("N")});
    addEncodingOptions(parser);
}

void addEncodingOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("batch-size"),
                      Cli::tr("Images or texts encoded at once (default: 8)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("device"),
                      Cli::tr("cpu, cuda or auto (default: auto, CUDA when available)."),
                      QStringLiteral("DEVICE")});
    parser.addOption({QStringLiteral("dtype"),
                      Cli::tr("float32, bfloat16 or float16 (CUDA only) (default: float32)."),
                      QStringLiteral("TYPE")});
    parser.addOption({QStringLiteral("max-megapixels"),
                      Cli::tr("Reject images larger than this many million pixels before decoding (default: 100)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("tokenizer"),
                      Cli::tr("Folder with vocab.json and merges.txt, when the model folder has none."),
                      QStringLiteral("DIR")});
}

void printError(const QString& message)
{
    printErrorRaw(QStringLiteral("fewshot: ") + message + QLatin1Char('\n'));
}

void printErrorRaw(const QString& text)
{
    std::fflush(stdout);
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stderr);
    std::fflush(stderr);
}

void printOut(const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
    std::fflush(stdout);
}

}  // namespace fewshot::cli
