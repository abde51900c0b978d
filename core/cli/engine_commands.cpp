// `fewshot train`, `evaluate`, `export` and `predict`: their command lines,
// and the variants on cached features (--features DIR). The variants on a
// project file and on images are in project_runs.cpp and predict_images.cpp.

#include "base/error.h"
#include "base/json_file.h"
#include "base/npy.h"
#include "cli/cli.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "cli/project_methods.h"
#include "cli/project_runs.h"
#include "engine/evaluation.h"
#include "engine/feature_dataset.h"
#include "engine/feature_training.h"
#include "engine/head_folder.h"
#include "engine/threads.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace fewshot::cli {
namespace {

void addFeatureOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("features"),
                      Cli::tr("Folder of cached features: text_prototypes.npy, pool_features.npy, "
                              "pool_labels.npy, test_features.npy, test_labels.npy and optionally "
                              "expected.json with fixed support lists and class_names.txt."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("threads"),
                      Cli::tr("CPU threads for LibTorch (default: all cores to encode images; for training, 1 "
                              "for small support sets, otherwise one per hardware thread)."),
                      QStringLiteral("N")});
    addProjectOptions(parser);
}

// Returns true for --project FILE and false for --features DIR; giving both
// or neither is a usage error.
bool readsProject(const QCommandLineParser& parser)
{
    const bool project = parser.isSet(QStringLiteral("project"));
    if (project == parser.isSet(QStringLiteral("features")))
        throw UsageError(Cli::tr("give either --features DIR or --project FILE"));
    return project;
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
        throw UsageError(Cli::tr("--%1 is required").arg(name));
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
            throw UsageError(Cli::tr("the %1 method needs images, not cached features; with --features use "
                                     "zero-shot, linear-probe, tip-adapter or tip-adapter-f")
                                 .arg(QString::fromStdString(method)));
        throw UsageError(Cli::tr("unknown method '%1'; known methods: zero-shot, linear-probe, tip-adapter, "
                                 "tip-adapter-f, coop, fine-tune, ensemble")
                             .arg(QString::fromStdString(method)));
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
            throw UsageError(Cli::tr("--%1 must be a comma-separated list of positive integers, got '%2'")
                                 .arg(name, parser.value(name)));
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
        throw UsageError(Cli::tr("--methods lists no method"));
    checkFeatureMethods(methods);
    return methods;
}

void printRunLine(const std::string& method, int shots, int seed, const engine::ClassificationMetrics& metrics)
{
    printErrorRaw(Cli::tr("%1 %2-shot seed %3: accuracy %4\n")
                      .arg(QString::fromStdString(method))
                      .arg(shots)
                      .arg(seed)
                      .arg(metrics.accuracy, 0, 'f', 4));
}

}  // namespace

int runEvaluate(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "Run the k-shot protocol: for each number of shots and seed, train each method on k examples per "
        "class and measure accuracy, macro-F1, per-class recall, the confusion matrix and expected "
        "calibration error on the test features. Prints a Markdown table of accuracy (mean ± std, %).")
        + QLatin1Char(' ')
        + Cli::tr("With --project, each class's labeled images are split in half with a fixed seed: support "
                  "sets are drawn from one half and the other half is the test set."));
    addFeatureOptions(parser);
    parser.addOption({QStringLiteral("methods"),
                      Cli::tr("Comma-separated methods (default: zero-shot,linear-probe,tip-adapter,"
                              "tip-adapter-f; with --project also coop and ensemble)."),
                      QStringLiteral("LIST")});
    parser.addOption({QStringLiteral("shots"), Cli::tr("Shots per class (default: 1,2,4,8,16)."),
                      QStringLiteral("LIST")});
    parser.addOption({QStringLiteral("seeds"), Cli::tr("Seeds of the support sets (default: 1,2,3)."),
                      QStringLiteral("LIST")});
    parser.addOption({QStringLiteral("output"), Cli::tr("Where to write the JSON report."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("csv"), Cli::tr("Also write the summary table as CSV."),
                      QStringLiteral("FILE")});
    addAdaptationOptions(parser);
    if (!parseArguments(parser, arguments, QStringLiteral("evaluate")))
        return ExitSuccess;
    engine::EvaluationSettings settings;
    if (readsProject(parser)) {
        settings.shots = positiveIntegerList(parser, QStringLiteral("shots"), settings.shots);
        settings.seeds = positiveIntegerList(parser, QStringLiteral("seeds"), settings.seeds);
        settings.runFinished = printRunLine;
        return evaluateOnProject(parser, settings, parser.isSet(QStringLiteral("shots")));
    }
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
    parser.setApplicationDescription(Cli::tr(
        "Train a few-shot classifier head on one support set of cached features and write it as a "
        "deployable folder (head.safetensors, head.pt, metadata.json, README.md).")
        + QLatin1Char(' ')
        + Cli::tr("With --project, train on the project's labeled images and record the run, its curve, "
                  "results and head in the project; prints the run id for 'fewshot export'."));
    addFeatureOptions(parser);
    parser.addOption({QStringLiteral("method"),
                      Cli::tr("zero-shot, linear-probe, tip-adapter or tip-adapter-f; with --project also coop, "
                              "fine-tune and ensemble, which need the CLIP model."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("shots"), Cli::tr("Examples per class in the support set."),
                      QStringLiteral("K")});
    parser.addOption({QStringLiteral("seed"), Cli::tr("Seed of the support set and of training (default: 1)."),
                      QStringLiteral("S")});
    parser.addOption({QStringLiteral("output"), Cli::tr("Folder to write the head to."),
                      QStringLiteral("HEAD_DIR")});
    parser.addOption({QStringLiteral("examples-only"),
                      Cli::tr("With --project: train on the example images only and measure on the other "
                              "labeled images (default: train on all labeled images, or on --shots of them "
                              "per class).")});
    addAdaptationOptions(parser);
    if (!parseArguments(parser, arguments, QStringLiteral("train")))
        return ExitSuccess;
    if (readsProject(parser))
        return trainOnProject(parser);

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
    printOut(Cli::tr("%1, %2 shots, seed %3: test accuracy %4, macro-F1 %5\nwrote %6\n")
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
    parser.setApplicationDescription(Cli::tr("Export a trained run of a project as a classifier head folder."));
    parser.addOption({QStringLiteral("project"), Cli::tr("Project file."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("run"), Cli::tr("Id of the training run."), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("output"), Cli::tr("Folder to write the head to."),
                      QStringLiteral("HEAD_DIR")});
    if (!parseArguments(parser, arguments, QStringLiteral("export")))
        return ExitSuccess;
    requiredOption(parser, QStringLiteral("project"));
    requiredOption(parser, QStringLiteral("run"));
    requiredOption(parser, QStringLiteral("output"));
    return exportProjectRun(parser);
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
    parser.setApplicationDescription(Cli::tr(
        "Classify with an exported head: images with --model DIR, printed as 'fewshot zero-shot' prints "
        "them, or cached image embeddings with --features FILE.npy [N, D]."));
    parser.addOption({QStringLiteral("head"), Cli::tr("Exported head folder."), QStringLiteral("HEAD_DIR")});
    addModelOptions(parser);
    parser.addOption({QStringLiteral("features"), Cli::tr("Image embeddings as a .npy array [N, D]."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("format"), Cli::tr("csv or json (default: csv)."),
                      QStringLiteral("FORMAT")});
    parser.addOption({QStringLiteral("output"), Cli::tr("Write the predictions here instead of stdout."),
                      QStringLiteral("FILE")});
    parser.addPositionalArgument(QStringLiteral("IMAGE_OR_FOLDER"), Cli::tr("Images to classify."),
                                 QStringLiteral("[IMAGE_OR_FOLDER...]"));
    if (!parseArguments(parser, arguments, QStringLiteral("predict")))
        return ExitSuccess;
    const QString head = requiredOption(parser, QStringLiteral("head"));
    const QString format = parser.value(QStringLiteral("format")).isEmpty()
                               ? QStringLiteral("csv") : parser.value(QStringLiteral("format"));
    if (format != QLatin1String("csv") && format != QLatin1String("json"))
        throw UsageError(Cli::tr("--format must be csv or json, got '%1'").arg(format));
    if (!parser.isSet(QStringLiteral("features"))) {
        if (parser.isSet(QStringLiteral("model")) || !parser.positionalArguments().isEmpty())
            return predictImages(parser, head, format);
        throw UsageError(Cli::tr("give --model DIR and images, or --features FILE.npy with image embeddings, "
                                 "to classify"));
    }
    if (parser.isSet(QStringLiteral("model")) || !parser.positionalArguments().isEmpty())
        throw UsageError(Cli::tr("give either --features FILE.npy or --model DIR with images, not both"));

    const engine::LoadedHead loaded = engine::loadHeadFolder(toStdString(head));
    const NpyArray array = readNpy(toStdString(parser.value(QStringLiteral("features"))));
    if (array.shape.size() != 2)
        throw Error(toStdString(Cli::tr("%1: expected a 2-D array of embeddings [rows, dimensions]")
                                    .arg(parser.value(QStringLiteral("features")))));
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
