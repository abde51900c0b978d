// `fewshot train`, `evaluate`, `export` and `predict`. Training and evaluation
// run on cached features (--features DIR). The variants that read a project
// file or images report that they are not available yet.

#include "base/error.h"
#include "base/json_file.h"
#include "base/npy.h"
#include "cli/cli.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "engine/evaluation.h"
#include "engine/feature_dataset.h"
#include "engine/feature_training.h"
#include "engine/head_folder.h"
#include "engine/threads.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace fewshot::cli {
namespace {

// NOTE: the project-file and image variants need the project store and the
// image encoder pipeline, which are not wired to the engine yet.
[[noreturn]] void throwNotAvailable(const QString& what)
{
    throw Error(toStdString(what + QStringLiteral(
                                " is not available yet: it needs the project store and the CLIP image "
                                "encoder, which this build does not connect to the few-shot engine. "
                                "Use cached features instead (--features DIR).")));
}

void addFeatureOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("features"),
                      QStringLiteral("Folder of cached features: text_prototypes.npy, pool_features.npy, "
                                     "pool_labels.npy, test_features.npy, test_labels.npy and optionally "
                                     "expected.json with fixed support lists and class_names.txt."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("project"), QStringLiteral("Project file (not available yet)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("threads"),
                      QStringLiteral("CPU threads for LibTorch (default: 1 for small support sets, otherwise one "
                                     "per hardware thread)."),
                      QStringLiteral("N")});
}

// Sets --threads, or the engine's suggestion for the largest support set.
void applyThreads(const QCommandLineParser& parser, const engine::FeatureDataset& dataset, int maxShots)
{
    const int suggested = engine::suggestedComputeThreads(int64_t{maxShots} * dataset.classCount(),
                                                          dataset.textPrototypes.cols, dataset.classCount());
    engine::setComputeThreads(intOption(parser, QStringLiteral("threads"), suggested, 1, 1024));
}

QString requiredOption(const QCommandLineParser& parser, const QString& name)
{
    if (!parser.isSet(name) || parser.value(name).isEmpty())
        throw UsageError(toStdString(QStringLiteral("--%1 is required").arg(name)));
    return parser.value(name);
}

// Checks that every name is a method that can run on features; unknown names
// and image-only methods are usage errors.
void checkFeatureMethods(const std::vector<std::string>& methods)
{
    const auto& featureMethods = engine::featureMethodNames();
    const auto& imageMethods = engine::imageMethodNames();
    for (const std::string& method : methods) {
        if (std::find(featureMethods.begin(), featureMethods.end(), method) != featureMethods.end())
            continue;
        if (std::find(imageMethods.begin(), imageMethods.end(), method) != imageMethods.end())
            throw UsageError("the " + method + " method needs images, not cached features; with --features use "
                             "zero-shot, linear-probe, tip-adapter or tip-adapter-f");
        throw UsageError("unknown method '" + method
                         + "'; known methods: zero-shot, linear-probe, tip-adapter, tip-adapter-f, coop, "
                           "fine-tune, ensemble");
    }
}

std::vector<int> positiveIntegerList(const QCommandLineParser& parser, const QString& name,
                                     const std::vector<int>& defaults)
{
    if (!parser.isSet(name))
        return defaults;
    std::vector<int> values;
    for (const QString& item : parser.value(name).split(QLatin1Char(','))) {
        bool ok = false;
        const int value = item.trimmed().toInt(&ok);
        if (!ok || value < 1)
            throw UsageError(toStdString(QStringLiteral("--%1 must be a comma-separated list of positive "
                                                        "integers, got '%2'")
                                             .arg(name, parser.value(name))));
        values.push_back(value);
    }
    return values;
}

std::vector<std::string> methodList(const QCommandLineParser& parser)
{
    if (!parser.isSet(QStringLiteral("methods")))
        return engine::featureMethodNames();
    std::vector<std::string> methods;
    for (const QString& item : parser.value(QStringLiteral("methods")).split(QLatin1Char(','), Qt::SkipEmptyParts))
        methods.push_back(toStdString(item.trimmed()));
    if (methods.empty())
        throw UsageError("--methods lists no method");
    checkFeatureMethods(methods);
    return methods;
}

void printRunLine(const std::string& method, int shots, int seed, const engine::ClassificationMetrics& metrics)
{
    printErrorRaw(QStringLiteral("%1 %2-shot seed %3: accuracy %4\n")
                      .arg(QString::fromStdString(method))
                      .arg(shots)
                      .arg(seed)
                      .arg(metrics.accuracy, 0, 'f', 4));
}

}  // namespace

int runEvaluate(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run the k-shot protocol: for each number of shots and seed, train each method on k examples per "
        "class and measure accuracy, macro-F1, per-class recall, the confusion matrix and expected "
        "calibration error on the test features. Prints a Markdown table of accuracy (mean ± std, %)."));
    addFeatureOptions(parser);
    parser.addOption({QStringLiteral("methods"),
                      QStringLiteral("Comma-separated methods (default: zero-shot,linear-probe,tip-adapter,"
                                     "tip-adapter-f)."),
                      QStringLiteral("LIST")});
    parser.addOption({QStringLiteral("shots"), QStringLiteral("Shots per class (default: 1,2,4,8,16)."),
                      QStringLiteral("LIST")});
    parser.addOption({QStringLiteral("seeds"), QStringLiteral("Seeds of the support sets (default: 1,2,3)."),
                      QStringLiteral("LIST")});
    parser.addOption({QStringLiteral("output"), QStringLiteral("Where to write the JSON report."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("csv"), QStringLiteral("Also write the summary table as CSV."),
                      QStringLiteral("FILE")});
    if (!parseArguments(parser, arguments, QStringLiteral("evaluate")))
        return ExitSuccess;
    if (parser.isSet(QStringLiteral("project")) && !parser.isSet(QStringLiteral("features")))
        throwNotAvailable(QStringLiteral("evaluating a project file"));

    engine::EvaluationSettings settings;
    const QString features = requiredOption(parser, QStringLiteral("features"));
    const QString output = requiredOption(parser, QStringLiteral("output"));
    settings.methods = methodList(parser);
    settings.shots = positiveIntegerList(parser, QStringLiteral("shots"), settings.shots);
    settings.seeds = positiveIntegerList(parser, QStringLiteral("seeds"), settings.seeds);
    settings.runFinished = printRunLine;
    intOption(parser, QStringLiteral("threads"), 1, 1, 1024);  // rejects an invalid value before loading

    const engine::FeatureDataset dataset = engine::loadFeatureDataset(toStdString(features));
    applyThreads(parser, dataset, *std::max_element(settings.shots.begin(), settings.shots.end()));
    const engine::EvaluationReport report = engine::runKShotEvaluation(dataset, settings);
    writeFileAtomically(toStdString(output), engine::reportToJson(report).dump(2) + "\n");
    if (parser.isSet(QStringLiteral("csv")))
        writeFileAtomically(toStdString(parser.value(QStringLiteral("csv"))), engine::csvTable(report));
    printOut(QString::fromStdString(engine::markdownTable(report)));
    return ExitSuccess;
}

int runTrain(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Train a few-shot classifier head on one support set of cached features and write it as a "
        "deployable folder (head.safetensors, head.pt, metadata.json, README.md)."));
    addFeatureOptions(parser);
    parser.addOption({QStringLiteral("method"),
                      QStringLiteral("zero-shot, linear-probe, tip-adapter or tip-adapter-f (coop, fine-tune and "
                                     "ensemble need images)."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("shots"), QStringLiteral("Examples per class in the support set."),
                      QStringLiteral("K")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Seed of the support set and of training (default: 1)."),
                      QStringLiteral("S")});
    parser.addOption({QStringLiteral("output"), QStringLiteral("Folder to write the head to."),
                      QStringLiteral("HEAD_DIR")});
    if (!parseArguments(parser, arguments, QStringLiteral("train")))
        return ExitSuccess;
    if (parser.isSet(QStringLiteral("project")) && !parser.isSet(QStringLiteral("features")))
        throwNotAvailable(QStringLiteral("training from a project file"));

    const QString features = requiredOption(parser, QStringLiteral("features"));
    const std::string method = toStdString(requiredOption(parser, QStringLiteral("method")));
    checkFeatureMethods({method});
    requiredOption(parser, QStringLiteral("shots"));
    const int shots = intOption(parser, QStringLiteral("shots"), 0, 1, 100000);
    const int seed = intOption(parser, QStringLiteral("seed"), 1, 0, 1000000000);
    const QString output = requiredOption(parser, QStringLiteral("output"));
    intOption(parser, QStringLiteral("threads"), 1, 1, 1024);  // rejects an invalid value before loading

    const engine::FeatureDataset dataset = engine::loadFeatureDataset(toStdString(features));
    applyThreads(parser, dataset, shots);
    const engine::FeatureTraining training = engine::trainOnFeatures(dataset, method, shots, seed);
    engine::exportHeadFolder(toStdString(output), training.method->head(), training.description);
    printOut(QStringLiteral("%1, %2 shots, seed %3: test accuracy %4, macro-F1 %5\nwrote %6\n")
                 .arg(QString::fromStdString(method))
                 .arg(shots)
                 .arg(seed)
                 .arg(training.testMetrics.accuracy, 0, 'f', 4)
                 .arg(training.testMetrics.macroF1, 0, 'f', 4)
                 .arg(output));
    return ExitSuccess;
}

int runExport(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Export a trained run of a project as a classifier head folder."));
    parser.addOption({QStringLiteral("project"), QStringLiteral("Project file."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("run"), QStringLiteral("Id of the training run."), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("output"), QStringLiteral("Folder to write the head to."),
                      QStringLiteral("HEAD_DIR")});
    if (!parseArguments(parser, arguments, QStringLiteral("export")))
        return ExitSuccess;
    requiredOption(parser, QStringLiteral("project"));
    requiredOption(parser, QStringLiteral("run"));
    requiredOption(parser, QStringLiteral("output"));
    throwNotAvailable(QStringLiteral("exporting a run of a project"));
}

namespace {

// Quotes a CSV field when it contains a separator, quote or line break (RFC 4180).
QString csvField(const std::string& text)
{
    QString field = QString::fromStdString(text);
    if (!field.contains(QLatin1Char(',')) && !field.contains(QLatin1Char('"')) && !field.contains(QLatin1Char('\n')))
        return field;
    field.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return QLatin1Char('"') + field + QLatin1Char('"');
}

QString predictionsCsv(const engine::FeatureMatrix& probabilities, const std::vector<std::string>& classNames)
{
    QString text = QStringLiteral("row,predicted,probability");
    for (const std::string& name : classNames)
        text += QLatin1Char(',') + csvField(name);
    text += QLatin1Char('\n');
    for (int64_t r = 0; r < probabilities.rows; ++r) {
        const float* row = probabilities.row(r);
        const int64_t best = std::max_element(row, row + probabilities.cols) - row;
        text += QStringLiteral("%1,%2,%3").arg(r).arg(csvField(classNames[static_cast<size_t>(best)]))
                    .arg(row[best], 0, 'g', 6);
        for (int64_t c = 0; c < probabilities.cols; ++c)
            text += QLatin1Char(',') + QString::number(row[c], 'g', 6);
        text += QLatin1Char('\n');
    }
    return text;
}

QString predictionsJson(const engine::FeatureMatrix& probabilities, const std::vector<std::string>& classNames)
{
    nlohmann::json predictions = nlohmann::json::array();
    for (int64_t r = 0; r < probabilities.rows; ++r) {
        const float* row = probabilities.row(r);
        const int64_t best = std::max_element(row, row + probabilities.cols) - row;
        predictions.push_back({{"row", r},
                               {"predicted", classNames[static_cast<size_t>(best)]},
                               {"probability", row[best]},
                               {"probabilities", std::vector<float>(row, row + probabilities.cols)}});
    }
    const nlohmann::json document = {{"class_names", classNames}, {"predictions", predictions}};
    return QString::fromStdString(document.dump(2) + "\n");
}

}  // namespace

int runPredict(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Classify with an exported head: images with --model (not available yet), or cached image "
        "embeddings with --features FILE.npy [N, D]."));
    parser.addOption({QStringLiteral("head"), QStringLiteral("Exported head folder."), QStringLiteral("HEAD_DIR")});
    parser.addOption({QStringLiteral("model"), QStringLiteral("CLIP checkpoint folder (not available yet)."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("features"), QStringLiteral("Image embeddings as a .npy array [N, D]."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("format"), QStringLiteral("csv or json (default: csv)."),
                      QStringLiteral("FORMAT")});
    parser.addOption({QStringLiteral("output"), QStringLiteral("Write the predictions here instead of stdout."),
                      QStringLiteral("FILE")});
    parser.addPositionalArgument(QStringLiteral("IMAGE_OR_FOLDER"), QStringLiteral("Images to classify."),
                                 QStringLiteral("[IMAGE_OR_FOLDER...]"));
    if (!parseArguments(parser, arguments, QStringLiteral("predict")))
        return ExitSuccess;
    const QString head = requiredOption(parser, QStringLiteral("head"));
    const QString format = parser.value(QStringLiteral("format")).isEmpty()
                               ? QStringLiteral("csv") : parser.value(QStringLiteral("format"));
    if (format != QLatin1String("csv") && format != QLatin1String("json"))
        throw UsageError(toStdString(QStringLiteral("--format must be csv or json, got '%1'").arg(format)));
    if (!parser.isSet(QStringLiteral("features"))) {
        if (parser.isSet(QStringLiteral("model")) || !parser.positionalArguments().isEmpty())
            throwNotAvailable(QStringLiteral("classifying images with a head"));
        throw UsageError("give --features FILE.npy with image embeddings to classify");
    }

    const engine::LoadedHead loaded = engine::loadHeadFolder(toStdString(head));
    const NpyArray array = readNpy(toStdString(parser.value(QStringLiteral("features"))));
    if (array.shape.size() != 2)
        throw Error(toStdString(parser.value(QStringLiteral("features")))
                    + ": expected a 2-D array of embeddings [rows, dimensions]");
    const engine::FeatureMatrix embeddings(array.shape[0], array.shape[1], array.data);
    engine::setComputeThreads(
        engine::suggestedComputeThreads(embeddings.rows, embeddings.cols, loaded.head.classCount()));
    const engine::FeatureMatrix probabilities = engine::predictProbabilities(loaded.head, embeddings);
    const QString text = format == QLatin1String("json") ? predictionsJson(probabilities, loaded.classNames)
                                                         : predictionsCsv(probabilities, loaded.classNames);
    if (parser.isSet(QStringLiteral("output")))
        writeFileAtomically(toStdString(parser.value(QStringLiteral("output"))), toStdString(text));
    else
        printOut(text);
    return ExitSuccess;
}

}  // namespace fewshot::cli
