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
                                        QStringLiteral("Show this help."));
    parser.addOption(helpOption);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);

    // QCommandLineParser sees the command name as its program name.
    QStringList rest = arguments.mid(1);
    if (!parser.parse(rest))
        throw UsageError(toStdString(parser.errorText()));
    if (parser.isSet(helpOption)) {
        // QCommandLineParser names the running program's path in its usage
        // line; the reader needs the command to type instead.
        QString help = parser.helpText();
        const qsizetype usageEnd = help.indexOf(QStringLiteral(" [options]"));
        if (help.startsWith(QStringLiteral("Usage: ")) && usageEnd > 0)
            help.replace(0, usageEnd, QStringLiteral("Usage: fewshot ") + commandName);
        printOut(help);
        return false;
    }
    return true;
}

int intOption(const QCommandLineParser& parser, const QString& name, int defaultValue,
              int minimum, int maximum)
{
    if (!parser.isSet(name))
        return defaultValue;
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < minimum || value > maximum)
        throw UsageError(toStdString(QStringLiteral("--%1 must be an integer from %2 to %3, got '%4'")
                                         .arg(name)
                                         .arg(minimum)
                                         .arg(maximum)
                                         .arg(parser.value(name))));
    return value;
}

void addModelOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("model"),
                      QStringLiteral("CLIP checkpoint folder (Hugging Face or OpenCLIP layout)."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("threads"),
                      QStringLiteral("CPU threads for the model (default: all cores)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("batch-size"),
                      QStringLiteral("Images or texts encoded at once (default: 16)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("device"),
                      QStringLiteral("cpu, cuda or auto (default: auto, CUDA when available)."),
                      QStringLiteral("DEVICE")});
    parser.addOption({QStringLiteral("dtype"),
                      QStringLiteral("float32, bfloat16 or float16 (CUDA only) (default: float32)."),
                      QStringLiteral("TYPE")});
    parser.addOption({QStringLiteral("max-megapixels"),
                      QStringLiteral("Reject images larger than this many million pixels before decoding (default: 100)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("tokenizer"),
                      QStringLiteral("Folder with vocab.json and merges.txt, when the model folder has none."),
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
