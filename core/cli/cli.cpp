#include "cli/cli.h"

#include "cli/cli_common.h"
#include "cli/commands.h"

#include <QCoreApplication>

#include <exception>
#include <iterator>

namespace fewshot::cli {
namespace {

const Command kCommands[] = {
    {"info", QT_TRANSLATE_NOOP("fewshot::cli::Cli", "Show a CLIP checkpoint's architecture, parameter count, dtype and device"), runInfo},
    {"tokenize", QT_TRANSLATE_NOOP("fewshot::cli::Cli", "Print the CLIP token ids of texts"), runTokenize},
    {"preprocess", QT_TRANSLATE_NOOP("fewshot::cli::Cli", "Write the preprocessed pixel tensors of images to a .npy file"), runPreprocess},
    {"embed", QT_TRANSLATE_NOOP("fewshot::cli::Cli", "Write image or text embeddings to a .npy file"), runEmbed},
    {"zero-shot", QT_TRANSLATE_NOOP("fewshot::cli::Cli", "Classify images by class names and prompt templates"), runZeroShot},
    {"make-random-model", QT_TRANSLATE_NOOP("fewshot::cli::Cli", "Write a checkpoint with random weights of a published architecture"), runMakeRandomModel},
    {"bench", QT_TRANSLATE_NOOP("fewshot::cli::Cli", "Measure encoding speed and memory of a checkpoint"), runBench},
    {"project", QT_TRANSLATE_NOOP("fewshot::cli::Cli", "Create, fill, import into, export and inspect a project file"), runProject},
    {"train", QT_TRANSLATE_NOOP("fewshot::cli::Cli", "Train a few-shot classifier head"), runTrain},
    {"evaluate", QT_TRANSLATE_NOOP("fewshot::cli::Cli", "Run the k-shot evaluation protocol"), runEvaluate},
    {"export", QT_TRANSLATE_NOOP("fewshot::cli::Cli", "Export a trained run of a project as a classifier head folder"), runExport},
    {"predict", QT_TRANSLATE_NOOP("fewshot::cli::Cli", "Classify images with an exported classifier head"), runPredict},
    {"generate", QT_TRANSLATE_NOOP("fewshot::cli::Cli", "Write generated demo images, one folder per defect class"), runGenerate},
    {"pretrain", QT_TRANSLATE_NOOP("fewshot::cli::Cli", "Train the small demo CLIP from random weights on generated data"), runPretrain},
    {"demo-eval", QT_TRANSLATE_NOOP("fewshot::cli::Cli", "Measure zero-shot and few-shot accuracy on generated demo images"), runDemoEval},
};

QString generalHelp()
{
    QString text = Cli::tr("Usage: fewshot COMMAND [OPTIONS] [ARGUMENTS]\n"
                           "Few-shot image classification with CLIP models.\n\nCommands:\n");
    for (const Command& command : kCommands)
        text += QStringLiteral("  %1%2\n")
                    .arg(QString::fromLatin1(command.name).leftJustified(19))
                    .arg(Cli::tr(command.summary));
    text += Cli::tr("\nRun 'fewshot COMMAND --help' for the options of a command.\n");
    return text;
}

}  // namespace

int run(const QStringList& arguments)
{
    if (arguments.size() < 2) {
        printError(Cli::tr("no command given"));
        printErrorRaw(generalHelp());
        return ExitUsage;
    }
    const QString name = arguments.at(1);
    if (name == QLatin1String("--help") || name == QLatin1String("-h")
        || name == QLatin1String("help")) {
        printOut(generalHelp());
        return ExitSuccess;
    }
    if (name == QLatin1String("--version") || name == QLatin1String("-v")) {
        printOut(QStringLiteral("fewshot %1\n").arg(QCoreApplication::applicationVersion()));
        return ExitSuccess;
    }

    for (const Command& command : kCommands) {
        if (name != QLatin1String(command.name))
            continue;
        try {
            return command.run(arguments);
        } catch (const UsageError& e) {
            printError(QString::fromStdString(e.what()));
            printErrorRaw(Cli::tr("Run 'fewshot %1 --help' for usage.\n").arg(name));
            return ExitUsage;
        } catch (const std::exception& e) {
            printError(QString::fromStdString(e.what()));
            return ExitFailure;
        }
    }
    printError(Cli::tr("unknown command '%1'").arg(name));
    printErrorRaw(Cli::tr("Run 'fewshot --help' for the list of commands.\n"));
    return ExitUsage;
}

}  // namespace fewshot::cli
