// `fewshot train --project`, `fewshot evaluate --project` and `fewshot export`.

#include "cli/project_runs.h"

#include "base/error.h"
#include "base/json_file.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "cli/project_features.h"
#include "cli/session_options.h"
#include "engine/head_folder.h"
#include "engine/method.h"
#include "engine/metrics.h"
#include "engine/threads.h"
#include "store/project_store.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

namespace fewshot::cli {
namespace {

QJsonObject toQJson(const nlohmann::json& json)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(json.dump())).object();
}

nlohmann::json fromQJson(const QJsonObject& object)
{
    return nlohmann::json::parse(QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString());
}

QString projectOption(const QCommandLineParser& parser)
{
    const QString file = parser.value(QStringLiteral("project"));
    if (file.isEmpty())
        throw UsageError(Cli::tr("--project FILE is required"));
    return file;
}

// Checks that `method` can be trained on a project's embeddings.
void checkProjectMethod(const std::string& method)
{
    const auto& featureMethods = engine::featureMethodNames();
    const auto& imageMethods = engine::imageMethodNames();
    if (std::find(featureMethods.begin(), featureMethods.end(), method) != featureMethods.end())
        return;
    if (std::find(imageMethods.begin(), imageMethods.end(), method) != imageMethods.end())
        throw UsageError(Cli::tr("the %1 method trains the image encoder, which is not available for projects "
                                 "yet; use zero-shot, linear-probe, tip-adapter or tip-adapter-f")
                             .arg(QString::fromStdString(method)));
    throw UsageError(Cli::tr("unknown method '%1'; known methods: zero-shot, linear-probe, tip-adapter, "
                             "tip-adapter-f")
                         .arg(QString::fromStdString(method)));
}

std::vector<std::string> projectMethods(const QCommandLineParser& parser)
{
    if (!parser.isSet(QStringLiteral("methods")))
        return engine::featureMethodNames();
    std::vector<std::string> methods;
    for (const QString& item : parser.value(QStringLiteral("methods")).split(QLatin1Char(','), Qt::SkipEmptyParts))
        methods.push_back(toStdString(item.trimmed()));
    if (methods.empty())
        throw UsageError(Cli::tr("--methods lists no method"));
    for (const std::string& method : methods)
        checkProjectMethod(method);
    return methods;
}

// Sets --threads for fitting, or the engine's suggestion for `supportSamples`.
void applyFitThreads(const QCommandLineParser& parser, int64_t supportSamples, const LabeledEmbeddings& data)
{
    const int64_t classes = static_cast<int64_t>(data.classNames.size());
    const int suggested = engine::suggestedComputeThreads(supportSamples, data.embeddings.cols, classes);
    engine::setComputeThreads(intOption(parser, QStringLiteral("threads"), suggested, 1, 1024));
}

// Rows of the labeled images to train on, and the other labeled images,
// which measure the trained head. Both lists are in image order.
struct SupportSplit {
    std::vector<int64_t> support;
    std::vector<int64_t> validation;
};

// Takes every candidate image as support, or `shots` of them per class
// (0 for all), drawn with a seeded shuffle. Candidates are all labeled
// images, or only the examples when `examplesOnly` is set.
SupportSplit chooseSupport(const LabeledEmbeddings& data, bool examplesOnly, int shots, int seed,
                           const QString& projectFile)
{
    SupportSplit split;
    QStringList empty;
    std::mt19937_64 random(static_cast<uint64_t>(seed));
    for (int64_t c = 0; c < static_cast<int64_t>(data.classNames.size()); ++c) {
        std::vector<int64_t> candidates;
        for (int64_t row : data.rowsOfClass(c)) {
            const bool candidate = !examplesOnly || data.sources[static_cast<size_t>(row)] == store::LabelSource::Example;
            (candidate ? candidates : split.validation).push_back(row);
        }
        const QString name = QString::fromStdString(data.classNames[static_cast<size_t>(c)]);
        if (candidates.empty()) {
            empty.append(name);
            continue;
        }
        if (shots > 0 && static_cast<int>(candidates.size()) < shots)
            throw Error(toStdString(Cli::tr("The class %1 of the project %2 has %n image(s) to train on, fewer "
                                            "than --shots %3. Label more images of it or lower --shots.",
                                            nullptr, static_cast<int>(candidates.size()))
                                        .arg(name, projectFile)
                                        .arg(shots)));
        if (shots > 0) {
            std::shuffle(candidates.begin(), candidates.end(), random);
            split.validation.insert(split.validation.end(), candidates.begin() + shots, candidates.end());
            candidates.resize(static_cast<size_t>(shots));
        }
        split.support.insert(split.support.end(), candidates.begin(), candidates.end());
    }
    if (!empty.isEmpty())
        throw Error(toStdString(
            (examplesOnly ? Cli::tr("These classes of the project %1 have no example image that could be read: %2. "
                                    "Add examples with 'fewshot project add %1 --class NAME IMAGE...', or train "
                                    "on all labeled images (without --examples-only).")
                          : Cli::tr("These classes of the project %1 have no labeled image that could be read: "
                                    "%2. Add images with 'fewshot project add %1 --class NAME IMAGE...'."))
                .arg(projectFile, empty.join(QStringLiteral(", ")))));
    std::sort(split.support.begin(), split.support.end());
    std::sort(split.validation.begin(), split.validation.end());
    return split;
}

std::vector<int64_t> labelsOf(const LabeledEmbeddings& data, const std::vector<int64_t>& rows)
{
    std::vector<int64_t> labels;
    for (int64_t row : rows)
        labels.push_back(data.labels[static_cast<size_t>(row)]);
    return labels;
}

// Mean negative log-likelihood of the true classes.
double logLoss(const engine::FeatureMatrix& probabilities, const std::vector<int64_t>& labels)
{
    if (labels.empty())
        return 0.0;
    double total = 0.0;
    for (size_t i = 0; i < labels.size(); ++i)
        total -= std::log(std::max<double>(probabilities.at(static_cast<int64_t>(i), labels[i]), 1e-12));
    return total / static_cast<double>(labels.size());
}

// The measurements of a trained head, with the keys the desktop application
// stores for its runs.
struct RunMeasurements {
    double seconds = 0.0;
    engine::ClassificationMetrics training;
    double trainingLoss = 0.0;
    engine::ClassificationMetrics validation;
    double validationLoss = 0.0;
    size_t validationCount = 0;

    nlohmann::json toJson() const
    {
        nlohmann::json json = {{"seconds", seconds},
                               {"training_accuracy", training.accuracy},
                               {"training_loss", trainingLoss},
                               {"validation_images", validationCount}};
        if (validationCount > 0) {
            json["validation_accuracy"] = validation.accuracy;
            json["validation_loss"] = validationLoss;
            json["validation_macro_f1"] = validation.macroF1;
        }
        return json;
    }
};

RunMeasurements measure(const engine::FewShotMethod& method, const LabeledEmbeddings& data,
                        const SupportSplit& split, double seconds)
{
    RunMeasurements result;
    result.seconds = seconds;
    const std::vector<int64_t> supportLabels = labelsOf(data, split.support);
    const engine::FeatureMatrix trained = method.predictProbabilities(engine::selectRows(data.embeddings, split.support));
    result.training = engine::computeMetrics(trained, supportLabels);
    result.trainingLoss = logLoss(trained, supportLabels);
    result.validationCount = split.validation.size();
    if (!split.validation.empty()) {
        const std::vector<int64_t> labels = labelsOf(data, split.validation);
        const engine::FeatureMatrix heldOut =
            method.predictProbabilities(engine::selectRows(data.embeddings, split.validation));
        result.validation = engine::computeMetrics(heldOut, labels);
        result.validationLoss = logLoss(heldOut, labels);
    }
    return result;
}

store::EpochMetrics epochOf(int index, const engine::FitProgress& progress)
{
    store::EpochMetrics epoch;
    epoch.epoch = index;
    if (std::isfinite(progress.trainingLoss))
        epoch.loss = progress.trainingLoss;
    if (std::isfinite(progress.validationLoss))
        epoch.validationLoss = progress.validationLoss;
    if (std::isfinite(progress.validationAccuracy))
        epoch.accuracy = progress.validationAccuracy;
    return epoch;
}

void printTrainingSummary(qint64 runId, const std::string& method, const SupportSplit& split,
                          const RunMeasurements& measured, const QString& projectFile)
{
    printErrorRaw(Cli::tr("Run %1: %2 trained on %n image(s), training accuracy %3.\n", nullptr,
                          static_cast<int>(split.support.size()))
                      .arg(runId)
                      .arg(QString::fromStdString(method))
                      .arg(measured.training.accuracy, 0, 'f', 4));
    if (measured.validationCount > 0)
        printErrorRaw(Cli::tr("Accuracy on the %n other labeled image(s): %1.\n", nullptr,
                              static_cast<int>(measured.validationCount))
                          .arg(measured.validation.accuracy, 0, 'f', 4));
    printErrorRaw(Cli::tr("Export it with: fewshot export --project %1 --run %2 --output HEAD_DIR\n")
                      .arg(projectFile)
                      .arg(runId));
}

// Opens the project for writing, to record where the run was exported. When
// that fails, for example because the desktop application has it locked,
// it opens read-only, so that the export still works without the record.
std::unique_ptr<store::ProjectStore> openForExport(const QString& file)
{
    try {
        return store::ProjectStore::open(file);
    } catch (const Error& writeError) {
        std::unique_ptr<store::ProjectStore> project;
        try {
            project = store::ProjectStore::open(file, store::OpenMode::ReadOnly);
        } catch (const Error&) {
            throw writeError;
        }
        printError(Cli::tr("warning: %1 The export path is not recorded in the project.")
                       .arg(QString::fromUtf8(writeError.what())));
        return project;
    }
}

}  // namespace

void addProjectOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("project"),
                      Cli::tr("Project file: train and measure on its labeled images, classes and prompt "
                              "templates, embedded with the CLIP model of --model."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("model"),
                      Cli::tr("With --project: CLIP checkpoint folder (default: the folder last used with the "
                              "project)."),
                      QStringLiteral("DIR")});
    addEncodingOptions(parser);
}

int trainOnProject(const QCommandLineParser& parser)
{
    const QString file = projectOption(parser);
    const QString methodName = parser.value(QStringLiteral("method"));
    if (methodName.isEmpty())
        throw UsageError(Cli::tr("--method is required"));
    const std::string method = toStdString(methodName);
    checkProjectMethod(method);
    const int shots = intOption(parser, QStringLiteral("shots"), 0, 1, 100000);
    const int seed = intOption(parser, QStringLiteral("seed"), 1, 0, 1000000000);
    const bool examplesOnly = parser.isSet(QStringLiteral("examples-only"));
    intOption(parser, QStringLiteral("threads"), 1, 1, 1024);  // rejects invalid values before loading
    sessionOptions(parser);

    const auto project = store::ProjectStore::open(file);
    const auto session = openProjectSession(parser, *project);
    const LabeledEmbeddings data = embedLabeledImages(*project, *session);
    const SupportSplit split = chooseSupport(data, examplesOnly, shots, seed, project->file());
    applyFitThreads(parser, static_cast<int64_t>(split.support.size()), data);

    QJsonArray supportIds;
    for (int64_t row : split.support)
        supportIds.append(data.imageIds[static_cast<size_t>(row)]);
    QStringList classNames;
    for (const std::string& name : data.classNames)
        classNames.append(QString::fromStdString(name));
    engine::FitOptions options;
    options.seed = static_cast<uint64_t>(seed);
    options.logitScale = data.logitScale;
    QJsonObject settings{{QStringLiteral("method"), methodName},
                         {QStringLiteral("class_balanced"), options.classBalanced},
                         {QStringLiteral("support"), examplesOnly ? QStringLiteral("examples") : QStringLiteral("labeled")},
                         {QStringLiteral("support_size"), static_cast<qint64>(split.support.size())},
                         {QStringLiteral("support_image_ids"), supportIds},
                         {QStringLiteral("classes"), QJsonArray::fromStringList(classNames)}};
    if (shots > 0)
        settings.insert(QStringLiteral("shots"), shots);

    const QString fingerprint = QString::fromStdString(session->model().fingerprint());
    const qint64 runId = project->startRun(methodName, fingerprint, settings, seed);
    int reports = 0;
    options.progress = [&](const engine::FitProgress& progress) {
        project->addEpoch(runId, epochOf(++reports, progress));
    };
    const std::unique_ptr<engine::FewShotMethod> trained = engine::createMethod(method);
    const auto start = std::chrono::steady_clock::now();
    try {
        trained->fit(engine::selectRows(data.embeddings, split.support), labelsOf(data, split.support),
                     data.prototypes, options);
    } catch (const std::exception& e) {
        project->finishRun(runId, store::RunStatus::Failed, {{QStringLiteral("error"), QString::fromUtf8(e.what())}});
        throw;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const RunMeasurements measured = measure(*trained, data, split, seconds);

    engine::HeadDescription description = describeProjectHead(*session, data);
    description.method = method;
    description.hyperparameters = trained->hyperparameters();
    description.metrics = measured.toJson();
    description.training = {{"project", toStdString(project->file())},
                            {"run", runId},
                            {"seed", seed},
                            {"shots", shots > 0 ? nlohmann::json(shots) : nlohmann::json()},
                            {"support_size", split.support.size()},
                            {"validation_size", split.validation.size()},
                            {"support_source", examplesOnly ? "project examples" : "project labeled images"}};

    // The run's final measurements become its last epoch, as in the desktop
    // application, so that stored curves end with the reported values.
    store::EpochMetrics last;
    last.epoch = reports + 1;
    last.loss = measured.trainingLoss;
    if (measured.validationCount > 0) {
        last.validationLoss = measured.validationLoss;
        last.accuracy = measured.validation.accuracy;
    }
    QJsonObject metrics = toQJson(measured.toJson());
    metrics.insert(QStringLiteral("hyperparameters"), toQJson(trained->hyperparameters()));
    const store::RunHead head{QByteArray::fromStdString(engine::encodeHeadWeights(trained->head(), method)),
                              toQJson(engine::headDescriptionToJson(description))};
    project->transaction(QStringLiteral("record the trained run"), [&] {
        project->addEpoch(runId, last);
        project->setRunHead(runId, head);
        project->finishRun(runId, store::RunStatus::Finished, metrics);
    });

    printOut(QStringLiteral("%1\n").arg(runId));
    printTrainingSummary(runId, method, split, measured, project->file());
    // Exported after the run id is printed, so that a failed export still
    // leaves the id to export the recorded run with.
    if (!parser.value(QStringLiteral("output")).isEmpty()) {
        const QString output = parser.value(QStringLiteral("output"));
        engine::exportHeadFolder(toStdString(output), trained->head(), description);
        project->setRunExportPath(runId, QFileInfo(output).absoluteFilePath());
    }
    return data.unreadable > 0 ? ExitFailure : ExitSuccess;
}

int evaluateOnProject(const QCommandLineParser& parser, engine::EvaluationSettings settings, bool shotsGiven)
{
    const QString file = projectOption(parser);
    settings.methods = projectMethods(parser);
    intOption(parser, QStringLiteral("threads"), 1, 1, 1024);  // rejects invalid values before loading
    sessionOptions(parser);

    const auto project = store::ProjectStore::open(file);
    const auto session = openProjectSession(parser, *project);
    const LabeledEmbeddings data = embedLabeledImages(*project, *session);
    const engine::FeatureDataset dataset = evaluationDataset(data, project->file());
    const std::vector<int> available = availableShots(dataset);
    if (!shotsGiven)
        settings.shots = available;
    const int maxShots = *std::max_element(settings.shots.begin(), settings.shots.end());
    if (maxShots > available.back())
        throw Error(toStdString(Cli::tr("--shots %1 needs %1 support images per class, but the project %2 has "
                                        "fewer for some class: the evaluation draws support sets from half of "
                                        "each class's labeled images and tests on the other half. Use --shots "
                                        "%3 or less, or label more images.")
                                    .arg(maxShots)
                                    .arg(project->file())
                                    .arg(available.back())));
    applyFitThreads(parser, int64_t{maxShots} * dataset.classCount(), data);

    const engine::EvaluationReport report = engine::runKShotEvaluation(dataset, settings);
    if (parser.isSet(QStringLiteral("output")))
        writeFileAtomically(toStdString(parser.value(QStringLiteral("output"))), engine::reportToJson(report).dump(2) + "\n");
    if (parser.isSet(QStringLiteral("csv")))
        writeFileAtomically(toStdString(parser.value(QStringLiteral("csv"))), engine::csvTable(report));
    printOut(QString::fromStdString(engine::markdownTable(report)));
    return data.unreadable > 0 ? ExitFailure : ExitSuccess;
}

int exportProjectRun(const QCommandLineParser& parser)
{
    const QString file = projectOption(parser);
    bool valid = false;
    const qint64 runId = parser.value(QStringLiteral("run")).toLongLong(&valid);
    if (!valid || runId < 1)
        throw UsageError(Cli::tr("--run must be a run id (a positive integer), got '%1'")
                             .arg(parser.value(QStringLiteral("run"))));
    const QString output = parser.value(QStringLiteral("output"));
    if (output.isEmpty())
        throw UsageError(Cli::tr("--output is required"));

    const auto project = openForExport(file);
    QStringList ids;
    std::optional<store::TrainingRun> run;
    for (const store::TrainingRun& entry : project->runs()) {
        ids.append(QString::number(entry.id));
        if (entry.id == runId)
            run = entry;
    }
    if (!run && ids.isEmpty())
        throw Error(toStdString(Cli::tr("The project %1 has no training runs. Train one with 'fewshot train "
                                        "--project %1 --method NAME'.")
                                    .arg(project->file())));
    if (!run)
        throw Error(toStdString(Cli::tr("The project %1 has no training run %2. Its runs are: %3.")
                                    .arg(project->file(), QString::number(runId), ids.join(QStringLiteral(", ")))));
    if (run->status != store::RunStatus::Finished)
        throw Error(toStdString(Cli::tr("Run %1 of the project %2 has the status '%3', so it has no trained head "
                                        "to export. Export a finished run, or train again.")
                                    .arg(runId)
                                    .arg(project->file(), store::runStatusName(run->status))));
    const std::optional<store::RunHead> stored = project->runHead(runId);
    if (!stored)
        throw Error(toStdString(Cli::tr("Run %1 of the project %2 has no stored head: the desktop application and "
                                        "projects older than format 3 keep only a run's results. Train it again "
                                        "with 'fewshot train --project %2 --method %3'.")
                                    .arg(runId)
                                    .arg(project->file(), run->method)));

    const std::string source = toStdString(Cli::tr("run %1 of the project %2").arg(runId).arg(project->file()));
    const engine::ClassifierHead head = engine::decodeHeadWeights(stored->weights.toStdString(), source);
    engine::HeadDescription description;
    try {
        description = engine::headDescriptionFromJson(fromQJson(stored->description));
    } catch (const Error& e) {
        throw Error(source + ": " + e.what());
    }
    engine::exportHeadFolder(toStdString(output), head, description);
    const QString written = QFileInfo(output).absoluteFilePath();
    if (!project->isReadOnly())
        project->setRunExportPath(runId, written);
    printOut(Cli::tr("Exported run %1 (%2) to %3.\n").arg(runId).arg(run->method, written));
    return ExitSuccess;
}

}  // namespace fewshot::cli
