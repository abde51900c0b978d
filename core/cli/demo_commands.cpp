// `fewshot generate`, `fewshot pretrain` and `fewshot demo-eval`: the demo
// data generator, the training of the demo CLIP and its measurement.

#include "base/error.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "cli/demo_evaluation.h"
#include "cli/demo_pretraining.h"
#include "cli/session_options.h"
#include "demo/demo_dataset.h"
#include "demo/demo_generator.h"

#include <QCommandLineParser>

namespace fewshot::cli {
namespace {

void requireDemoGenerator(const QCommandLineParser& parser)
{
    const QString generator = parser.value(QStringLiteral("generator"));
    if (generator.isEmpty())
        throw UsageError(Cli::tr("--generator NAME is required; the only generator is 'demo'"));
    if (generator != QLatin1String("demo"))
        throw UsageError(Cli::tr("unknown generator '%1'; the only generator is 'demo'").arg(generator));
}

void addGeneratorOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("generator"), Cli::tr("The data generator: demo."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("output"), Cli::tr("Folder to write (created if missing)."), QStringLiteral("DIR")});
}

void addPretrainOptions(QCommandLineParser& parser)
{
    const DemoPretrainSettings defaults;
    auto add = [&](const char* name, const QString& help, const char* value) {
        parser.addOption({QString::fromLatin1(name), help, QString::fromLatin1(value)});
    };
    add("steps", Cli::tr("Optimizer steps (default: %1).").arg(defaults.steps), "N");
    add("batch-size", Cli::tr("Image-caption pairs per step (default: %1).").arg(defaults.batchSize), "N");
    add("warmup-steps", Cli::tr("Steps of linear learning-rate warm-up (default: %1).").arg(defaults.warmupSteps), "N");
    add("learning-rate", Cli::tr("Peak AdamW learning rate (default: %1).").arg(defaults.learningRate), "RATE");
    add("seed", Cli::tr("Seed of the generated training data and initial weights (default: 0)."), "N");
    add("threads", Cli::tr("CPU threads for training (default: all cores)."), "N");
    add("width", Cli::tr("Width of both transformer towers (default: %1).").arg(defaults.width), "N");
    add("layers", Cli::tr("Layers per tower (default: %1).").arg(defaults.layers), "N");
    add("time-limit", Cli::tr("Stop training after this many minutes and write the model as it is "
                              "(default: no limit)."), "MINUTES");
    add("check-every", Cli::tr("Report zero-shot accuracy on held-out generated images every N steps; 0 turns "
                               "it off (default: %1).").arg(defaults.checkEvery), "N");
    add("check-images", Cli::tr("Held-out images for that report (default: %1).").arg(defaults.checkImages), "N");
    add("patch-size", Cli::tr("Side of the image patches, in pixels (default: %1).").arg(defaults.patchSize), "N");
}

}  // namespace

int runGenerate(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "Write generated images as DIR/<class name>/NNNNNN.png, one folder per defect class, balanced. "
        "The folder names are the class names to use for zero-shot classification."));
    addGeneratorOptions(parser);
    parser.addOption({QStringLiteral("count"), Cli::tr("Number of images (default: 800)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("seed"), Cli::tr("Seed; equal seeds give equal images (default: 0)."), QStringLiteral("N")});
    if (!parseArguments(parser, arguments, QStringLiteral("generate")))
        return ExitSuccess;
    requireDemoGenerator(parser);
    const QString output = requireOutput(parser);
    const int count = intOption(parser, QStringLiteral("count"), 800, 1, 10000000);
    const int seed = intOption(parser, QStringLiteral("seed"), 0, 0, 2147483647);

    demo::writeDemoDataset(toStdString(output), count, static_cast<uint64_t>(seed));
    printOut(Cli::tr("Wrote %1 images of %2 classes to %3\n")
                 .arg(count)
                 .arg(demo::defectClassNames().size())
                 .arg(output));
    return ExitSuccess;
}

int runPretrain(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "Train a small CLIP from random weights on generated image-caption pairs and write it as a Hugging Face "
        "CLIPModel folder with its tokenizer (a BPE vocabulary learned from the captions)."));
    addGeneratorOptions(parser);
    addPretrainOptions(parser);
    if (!parseArguments(parser, arguments, QStringLiteral("pretrain")))
        return ExitSuccess;
    requireDemoGenerator(parser);

    DemoPretrainSettings settings;
    settings.outputFolder = toStdString(requireOutput(parser));
    settings.steps = intOption(parser, QStringLiteral("steps"), static_cast<int>(settings.steps), 1, 10000000);
    settings.batchSize = intOption(parser, QStringLiteral("batch-size"), static_cast<int>(settings.batchSize), 2, 65536);
    settings.warmupSteps = intOption(parser, QStringLiteral("warmup-steps"), static_cast<int>(settings.warmupSteps), 0, 10000000);
    settings.learningRate = doubleOption(parser, QStringLiteral("learning-rate"), settings.learningRate, 1e-7, 1.0);
    settings.seed = static_cast<uint64_t>(intOption(parser, QStringLiteral("seed"), 0, 0, 2147483647));
    settings.threads = intOption(parser, QStringLiteral("threads"), 0, 1, 1024);
    settings.width = intOption(parser, QStringLiteral("width"), static_cast<int>(settings.width), 8, 4096);
    settings.layers = intOption(parser, QStringLiteral("layers"), static_cast<int>(settings.layers), 1, 64);
    settings.checkEvery = intOption(parser, QStringLiteral("check-every"), static_cast<int>(settings.checkEvery), 0, 10000000);
    settings.checkImages = intOption(parser, QStringLiteral("check-images"), static_cast<int>(settings.checkImages), 8, 100000);
    settings.patchSize = intOption(parser, QStringLiteral("patch-size"), static_cast<int>(settings.patchSize), 1, 64);
    settings.timeLimitSeconds = 60.0 * doubleOption(parser, QStringLiteral("time-limit"), 0.0, 0.0, 1e6);
    settings.log = [](const std::string& line) { printOut(QString::fromStdString(line) + QLatin1Char('\n')); };
    settings.progress = [](const train::TrainProgress& progress) {
        if (progress.step % 25 != 0 && progress.step != progress.totalSteps)
            return;
        printOut(QStringLiteral("step %1/%2  loss %3  lr %4  logit scale %5  %6 s\n")
                     .arg(progress.step)
                     .arg(progress.totalSteps)
                     .arg(progress.loss, 0, 'f', 4)
                     .arg(progress.learningRate, 0, 'g', 3)
                     .arg(progress.logitScale, 0, 'f', 1)
                     .arg(progress.elapsedSeconds, 0, 'f', 0));
    };

    const DemoPretrainResult result = pretrainDemoModel(settings);
    if (result.stoppedByTimeLimit)
        printError(Cli::tr("warning: the time limit stopped training after %1 of %2 steps; the model was "
                           "written as it was then")
                       .arg(result.training.steps)
                       .arg(settings.steps));
    printOut(Cli::tr("Wrote the model to %1 (%2 steps in %3 s, final loss %4)\n")
                 .arg(QString::fromStdString(settings.outputFolder))
                 .arg(result.training.steps)
                 .arg(result.training.seconds, 0, 'f', 0)
                 .arg(result.training.finalLoss, 0, 'f', 4));
    return ExitSuccess;
}

int runDemoEval(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "Measure a model on held-out generated demo images: zero-shot accuracy over the 8 defect classes, and "
        "each few-shot method at a number of shots per class against it."));
    addModelOptions(parser);
    parser.addOption({QStringLiteral("count"), Cli::tr("Held-out test images (default: 1000)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("seed"), Cli::tr("Seed of the test images (default: 7001); the support "
                                                      "pool uses the next seed."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("shots"), Cli::tr("Support images per class; 0 skips few-shot (default: 4)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("template"), Cli::tr("A prompt template; {} marks the class name (repeat "
                                                          "for an ensemble; default: the demo templates)."),
                      QStringLiteral("T")});
    parser.addOption({QStringLiteral("class"), Cli::tr("A class name for the prompts, once per class in the "
                                                       "generator's order (default: the generator's names)."),
                      QStringLiteral("NAME")});
    if (!parseArguments(parser, arguments, QStringLiteral("demo-eval")))
        return ExitSuccess;

    DemoEvaluationSettings settings;
    settings.testCount = intOption(parser, QStringLiteral("count"), 1000, 1, 1000000);
    settings.testSeed = static_cast<uint64_t>(intOption(parser, QStringLiteral("seed"), 7001, 0, 2147483646));
    settings.poolSeed = settings.testSeed + 1;
    settings.shots = intOption(parser, QStringLiteral("shots"), 4, 0, static_cast<int>(settings.poolPerClass));
    for (const QString& promptTemplate : parser.values(QStringLiteral("template")))
        settings.templates.push_back(toStdString(promptTemplate));
    for (const QString& name : parser.values(QStringLiteral("class")))
        settings.classNames.push_back(toStdString(name));
    const auto session = openSession(parser);

    const DemoEvaluation result = evaluateDemoModel(*session, settings);
    QString text = Cli::tr("Zero-shot accuracy on %1 held-out images (%2 classes, %3 templates): %4%\n")
                       .arg(result.testCount)
                       .arg(result.classNames.size())
                       .arg(result.templates.size())
                       .arg(100.0 * result.zeroShotAccuracy, 0, 'f', 1);
    if (settings.shots > 0) {
        text += Cli::tr("\nFew-shot accuracy at %1 shots per class, mean over %2 support draws:\n\n")
                    .arg(settings.shots)
                    .arg(settings.supportSeeds.size());
        text += QString::fromStdString(engine::markdownTable(result.fewShot));
        text += Cli::tr("\nBest few-shot method: %1 at %2% against %3% zero-shot (%4 points)\n")
                    .arg(QString::fromStdString(result.bestMethod))
                    .arg(100.0 * result.bestAccuracy, 0, 'f', 1)
                    .arg(100.0 * result.zeroShotAccuracy, 0, 'f', 1)
                    .arg(QString::asprintf("%+.1f", 100.0 * (result.bestAccuracy - result.zeroShotAccuracy)));
    }
    printOut(text);
    return ExitSuccess;
}

}  // namespace fewshot::cli
