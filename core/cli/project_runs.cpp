// `fewshot train --project`, `fewshot evaluate --project` and `fewshot export`.

#include "cli/project_runs.h"

#include "base/error.h"
#include "base/json_file.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "cli/project_features.h"
#include "cli/project_methods.h"
#include "cli/session_options.h"
#include "engine/head_folder.h"
#include "engine/method.h"
#include "engine/metrics.h"
#include "engine/threads.h"
#include "store/project_store.h"

#include <QDir>
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

// Checks that `method` is a method a project can train.
void checkProjectMethod(const std::string& method)
{
    if (!isProjectMethod(method))
        throw UsageError(Cli::tr("unknown method '%1'; known methods: zero-shot, linear-probe, tip-adapter, "
                                 "tip-adapter-f, coop, fine-tune, ensemble")
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
    for (const std::string& method : methods) {
        checkProjectMethod(method);
        if (method == "fine-tune")
            throw UsageError(Cli::tr("the k-shot evaluation does not run fine-tune: it would retrain the image "
                                     "encoder for every support set. Measure a fine-tuned model with 'fewshot train "
                                     "--project FILE --method fine-tune', which reports its accuracy on the labeled "
                                     "images it did not train on."));
    }
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

RunMeasurements measure(const engine::ClassifierHead& head, const engine::FeatureMatrix& embeddings,
                        const std::vector<int64_t>& labels, const SupportSplit& split, double seconds)
{
    RunMeasurements result;
    result.seconds = seconds;
    auto labelsAt = [&](const std::vector<int64_t>& rows) {
        std::vector<int64_t> selected;
        for (int64_t row : rows)
            selected.push_back(labels[static_cast<size_t>(row)]);
        return selected;
    };
    const std::vector<int64_t> supportLabels = labelsAt(split.support);
    const engine::FeatureMatrix trained = engine::predictProbabilities(head, engine::selectRows(embeddings, split.support));
    result.training = engine::computeMetrics(trained, supportLabels);
    result.trainingLoss = logLoss(trained, supportLabels);
    result.validationCount = split.validation.size();
    if (!split.validation.empty()) {
        const std::vector<int64_t> heldOutLabels = labelsAt(split.validation);
        const engine::FeatureMatrix heldOut =
            engine::predictProbabilities(head, engine::selectRows(embeddings, split.validation));
        result.validation = engine::computeMetrics(heldOut, heldOutLabels);
        result.validationLoss = logLoss(heldOut, heldOutLabels);
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

namespace {

// The settings a run records, shared by every method.
QJsonObject runSettings(const QString& methodName, const AdaptationSettings& adaptation, bool examplesOnly, int shots,
                        const SupportSplit& split, const LabeledEmbeddings& data)
{
    QJsonArray supportIds;
    for (int64_t row : split.support)
        supportIds.append(data.imageIds[static_cast<size_t>(row)]);
    QStringList classNames;
    for (const std::string& name : data.classNames)
        classNames.append(QString::fromStdString(name));
    const char* balance = adaptation.balancing == Balancing::Weights      ? "weights"
                          : adaptation.balancing == Balancing::Oversample ? "oversample"
                                                                          : "none";
    QJsonObject settings{{QStringLiteral("method"), methodName},
                         {QStringLiteral("class_balanced"), adaptation.balancing == Balancing::Weights},
                         {QStringLiteral("balance"), QString::fromLatin1(balance)},
                         {QStringLiteral("support"), examplesOnly ? QStringLiteral("examples") : QStringLiteral("labeled")},
                         {QStringLiteral("support_size"), static_cast<qint64>(split.support.size())},
                         {QStringLiteral("support_image_ids"), supportIds},
                         {QStringLiteral("classes"), QJsonArray::fromStringList(classNames)}};
    if (adaptation.augmentedCopies > 0)
        settings.insert(QStringLiteral("augmented_copies"), adaptation.augmentedCopies);
    if (shots > 0)
        settings.insert(QStringLiteral("shots"), shots);
    return settings;
}

nlohmann::json trainingRecord(const store::ProjectStore& project, qint64 runId, int seed, int shots,
                              const SupportSplit& split, bool examplesOnly)
{
    return {{"project", toStdString(project.file())},
            {"run", runId},
            {"seed", seed},
            {"shots", shots > 0 ? nlohmann::json(shots) : nlohmann::json()},
            {"support_size", split.support.size()},
            {"validation_size", split.validation.size()},
            {"support_source", examplesOnly ? "project examples" : "project labeled images"}};
}

// Stores the trained head and the final measurements, and finishes the run.
// The run's final measurements become its last epoch, as in the desktop
// application, so that stored curves end with the reported values.
void recordFinishedRun(store::ProjectStore& project, qint64 runId, int lastEpoch, const RunMeasurements& measured,
                       const engine::ClassifierHead& head, const engine::HeadDescription& description)
{
    store::EpochMetrics last;
    last.epoch = lastEpoch;
    last.loss = measured.trainingLoss;
    if (measured.validationCount > 0) {
        last.validationLoss = measured.validationLoss;
        last.accuracy = measured.validation.accuracy;
    }
    QJsonObject metrics = toQJson(measured.toJson());
    metrics.insert(QStringLiteral("hyperparameters"), toQJson(description.hyperparameters));
    const store::RunHead stored{QByteArray::fromStdString(engine::encodeHeadWeights(head, description.method)),
                                toQJson(engine::headDescriptionToJson(description))};
    project.transaction(QStringLiteral("record the trained run"), [&] {
        project.addEpoch(runId, last);
        project.setRunHead(runId, stored);
        project.finishRun(runId, store::RunStatus::Finished, metrics);
    });
}

// The fine-tuned CLIP folder of a head, recorded by fine-tune runs.
QString tunedModelFolder(const engine::HeadDescription& description)
{
    if (!description.training.is_object() || !description.training.contains("model_folder")
        || !description.training["model_folder"].is_string())
        return {};
    return QString::fromStdString(description.training["model_folder"].get<std::string>());
}

// Copies the files of a folder (not recursively) into a new folder `target`.
// The copy goes to a temporary sibling first and is then renamed, so `target`
// is either complete or absent.
void copyFolder(const QString& source, const QString& target)
{
    const QDir from(source);
    if (!from.exists())
        throw Error(toStdString(Cli::tr("%1: the fine-tuned model folder is missing; train the run again").arg(source)));
    const QString partial = target + QStringLiteral(".partial");
    QDir(partial).removeRecursively();
    if (!QDir().mkpath(partial))
        throw Error(toStdString(Cli::tr("%1: cannot create the folder").arg(partial)));
    for (const QFileInfo& file : from.entryInfoList(QDir::Files)) {
        if (!QFile::copy(file.absoluteFilePath(), partial + QLatin1Char('/') + file.fileName())) {
            QDir(partial).removeRecursively();
            throw Error(toStdString(Cli::tr("%1: cannot copy it into %2 (is the disk full?)")
                                        .arg(file.absoluteFilePath(), partial)));
        }
    }
    QDir(target).removeRecursively();
    if (!QDir().rename(partial, target)) {
        QDir(partial).removeRecursively();
        throw Error(toStdString(Cli::tr("%1: cannot move the copied model into place").arg(target)));
    }
}

// Writes the head folder, and for a fine-tuned run the fine-tuned CLIP
// checkpoint beside the head files in `clip-model/`.
void exportRunFolder(const QString& output, const engine::ClassifierHead& head,
                     const engine::HeadDescription& description)
{
    engine::exportHeadFolder(toStdString(output), head, description);
    const QString model = tunedModelFolder(description);
    if (!model.isEmpty())
        copyFolder(model, QDir(output).filePath(QStringLiteral("clip-model")));
}

QString durationText(double seconds)
{
    if (seconds < 90.0)
        return Cli::tr("%n second(s)", nullptr, static_cast<int>(std::ceil(seconds)));
    if (seconds < 5400.0)
        return Cli::tr("%n minute(s)", nullptr, static_cast<int>(std::lround(seconds / 60.0)));
    return Cli::tr("%1 hours").arg(seconds / 3600.0, 0, 'f', 1);
}

// Preprocessed pixels of the rows' images, [rows, 3, S, S].
std::vector<float> preprocessRows(const ClipSession& session, const LabeledEmbeddings& data,
                                  const std::vector<int64_t>& rows)
{
    std::vector<float> pixels;
    for (int64_t row : rows) {
        const std::vector<float> image = session.preprocessFile(data.paths[static_cast<size_t>(row)]);
        pixels.insert(pixels.end(), image.begin(), image.end());
    }
    return pixels;
}

// At most `limit` of the rows, evenly spread, so that validating after each
// epoch stays affordable with large label sets.
std::vector<int64_t> spreadSubset(const std::vector<int64_t>& rows, size_t limit)
{
    if (rows.size() <= limit)
        return rows;
    std::vector<int64_t> subset;
    for (size_t i = 0; i < limit; ++i)
        subset.push_back(rows[i * rows.size() / limit]);
    return subset;
}

constexpr size_t kMaxFineTuneValidationImages = 256;

// Embeddings of `copies` augmented versions of each row's image, made with
// the session's model: the cached augmented features that the feature
// methods train on besides the originals. Labels go to `labels`.
engine::FeatureMatrix augmentedEmbeddings(const ClipSession& session, const LabeledEmbeddings& data,
                                          const std::vector<int64_t>& rows, int copies,
                                          const train::AugmentationOptions& augmentation, int seed,
                                          std::vector<int64_t>& labels)
{
    const int64_t size = session.model().imageSize();
    const PreprocessConfig& preprocess = session.preprocessConfig();
    const std::vector<float> mean(preprocess.mean.begin(), preprocess.mean.end());
    const std::vector<float> deviation(preprocess.std.begin(), preprocess.std.end());
    const int64_t batch = std::max(1, session.options().batchSize);
    engine::FeatureMatrix result(0, session.model().embeddingDim());
    std::vector<float> pixels;
    int64_t pending = 0;
    auto encodePending = [&]() {
        if (pending == 0)
            return;
        const std::vector<float> encoded = session.model().encodeImages(pixels.data(), pending);
        result.values.insert(result.values.end(), encoded.begin(), encoded.end());
        result.rows += pending;
        pixels.clear();
        pending = 0;
    };
    for (int64_t row : rows) {
        const std::vector<float> image = session.preprocessFile(data.paths[static_cast<size_t>(row)]);
        for (int copy = 0; copy < copies; ++copy) {
            std::vector<float> changed = image;
            const uint64_t copySeed = static_cast<uint64_t>(seed) * 1000003u + static_cast<uint64_t>(row) * 131u
                                      + static_cast<uint64_t>(copy);
            train::augmentPixels(changed, 1, size, augmentation, mean, deviation, copySeed);
            pixels.insert(pixels.end(), changed.begin(), changed.end());
            labels.push_back(data.labels[static_cast<size_t>(row)]);
            if (++pending == batch)
                encodePending();
        }
    }
    encodePending();
    return result;
}

// `fewshot train --project FILE --method fine-tune`: fine-tunes the image
// encoder on the support images, writes the fine-tuned checkpoint next to
// the project (PROJECT.models/run-ID), and measures the head with it.
int fineTuneOnProject(const QCommandLineParser& parser, const AdaptationSettings& adaptation, int shots, int seed,
                      bool examplesOnly)
{
    const auto project = store::ProjectStore::open(projectOption(parser));
    const auto session = openProjectSession(parser, *project);
    const LabeledEmbeddings data = embedLabeledImages(*project, *session);
    const SupportSplit split = chooseSupport(data, examplesOnly, shots, seed, project->file());
    engine::setComputeThreads(intOption(parser, QStringLiteral("threads"), 0, 0, 1024));

    train::FineTuneOptions options = adaptation.fineTune;
    options.seed = static_cast<uint64_t>(seed);
    const std::vector<int64_t> validationRows = spreadSubset(split.validation, kMaxFineTuneValidationImages);
    train::FineTuneData input;
    input.pixels = preprocessRows(*session, data, split.support);
    input.labels = labelsOf(data, split.support);
    input.validationPixels = preprocessRows(*session, data, validationRows);
    input.validationLabels = labelsOf(data, validationRows);
    input.prototypes = data.prototypes.values;
    const PreprocessConfig& preprocess = session->preprocessConfig();
    input.mean.assign(preprocess.mean.begin(), preprocess.mean.end());
    input.deviation.assign(preprocess.std.begin(), preprocess.std.end());
    if (options.trainTextEncoder) {
        const int contextLength = static_cast<int>(session->model().config().text.maxPositions);
        for (const auto& prompts : data.classPrompts) {
            std::vector<std::vector<int64_t>> ids;
            for (const std::string& prompt : prompts)
                ids.push_back(session->tokenizer().tokenize(prompt, contextLength));
            input.classPrompts.push_back(std::move(ids));
        }
    }

    const double estimate = train::estimateFineTuneSeconds(session->model(), static_cast<int64_t>(split.support.size()),
                                                           static_cast<int64_t>(validationRows.size()), options);
    printErrorRaw(Cli::tr("Fine-tuning %1 (%2, %3) on %n image(s) for up to %4 epochs. Estimated time on this "
                          "machine: about %5.\n",
                          nullptr, static_cast<int>(split.support.size()))
                      .arg(QString::fromStdString(session->model().config().name),
                           QString::fromStdString(session->model().deviceName()),
                           QString::fromStdString(options.autocast == "none" ? session->model().dtypeName()
                                                                             : "autocast " + options.autocast))
                      .arg(options.epochs)
                      .arg(durationText(estimate)));

    QJsonObject settings = runSettings(QStringLiteral("fine-tune"), adaptation, examplesOnly, shots, split, data);
    const nlohmann::json hyperparameters = {
        {"epochs", options.epochs},
        {"batch_size", options.batchSize},
        {"learning_rate", options.learningRate},
        {"weight_decay", options.weightDecay},
        {"warmup_fraction", options.warmupFraction},
        {"label_smoothing", options.labelSmoothing},
        {"wise_ratio", options.wiseRatio},
        {"train_text_encoder", options.trainTextEncoder},
        {"gradient_checkpointing", options.gradientCheckpointing},
        {"autocast", options.autocast},
        {"augmentation",
         {{"resized_crop", options.augmentation.resizedCrop},
          {"horizontal_flip", options.augmentation.horizontalFlip},
          {"color_jitter", options.augmentation.colorJitter},
          {"rotation", options.augmentation.rotation},
          {"translation", options.augmentation.translation}}},
        {"oversample", options.oversample},
        {"class_balanced", options.classBalanced},
        {"patience", options.patience},
        {"validation_images", validationRows.size()}};
    settings.insert(QStringLiteral("hyperparameters"), toQJson(hyperparameters));
    const qint64 runId = project->startRun(QStringLiteral("fine-tune"),
                                           QString::fromStdString(session->model().fingerprint()), settings, seed);

    const QFileInfo projectFile(project->file());
    const QString modelsFolder = projectFile.absolutePath() + QLatin1Char('/') + projectFile.completeBaseName()
                                 + QStringLiteral(".models");
    const QString target = modelsFolder + QStringLiteral("/run-") + QString::number(runId);
    const QString partial = target + QStringLiteral(".partial");
    int epochs = 0;
    train::FineTuneResult result;
    try {
        if (!QDir().mkpath(modelsFolder))
            throw Error(toStdString(Cli::tr("%1: cannot create the folder for fine-tuned models").arg(modelsFolder)));
        QDir(partial).removeRecursively();
        result = train::fineTune(
            session->model(), input, options, toStdString(partial),
            [&](const train::FineTuneProgress& progress) {
                store::EpochMetrics epoch;
                epoch.epoch = ++epochs;
                epoch.loss = progress.trainingLoss;
                if (std::isfinite(progress.validationLoss)) {
                    epoch.validationLoss = progress.validationLoss;
                    epoch.accuracy = progress.validationAccuracy;
                }
                project->addEpoch(runId, epoch);
                printErrorRaw(Cli::tr("epoch %1/%2: training loss %3%4, %5 left\n")
                                  .arg(progress.epoch)
                                  .arg(progress.epochs)
                                  .arg(progress.trainingLoss, 0, 'f', 4)
                                  .arg(std::isfinite(progress.validationAccuracy)
                                           ? Cli::tr(", validation accuracy %1").arg(progress.validationAccuracy, 0, 'f', 4)
                                           : QString())
                                  .arg(durationText(progress.remainingSeconds)));
            },
            {});
        // The tokenizer and preprocessing travel with the checkpoint, so the
        // folder loads on its own.
        const QString tokenizerFolder = session->options().tokenizerFolder.empty()
                                            ? QString::fromStdString(session->model().folder())
                                            : QString::fromStdString(session->options().tokenizerFolder);
        for (const QString& name : {QStringLiteral("vocab.json"), QStringLiteral("merges.txt")})
            if (!QFile::copy(QDir(tokenizerFolder).filePath(name), QDir(partial).filePath(name)))
                throw Error(toStdString(Cli::tr("%1: cannot copy it into the fine-tuned model folder %2")
                                            .arg(QDir(tokenizerFolder).filePath(name), partial)));
        preprocess.writeFile(toStdString(QDir(partial).filePath(QStringLiteral("preprocessor_config.json"))));
        QDir(target).removeRecursively();
        if (!QDir().rename(partial, target))
            throw Error(toStdString(Cli::tr("%1: cannot move the fine-tuned model into place").arg(target)));
    } catch (const std::exception& e) {
        QDir(partial).removeRecursively();
        project->finishRun(runId, store::RunStatus::Failed, {{QStringLiteral("error"), QString::fromUtf8(e.what())}});
        throw;
    }

    // Measures with the fine-tuned encoder, loaded back from its folder.
    const auto tunedSession = ClipSession::open(toStdString(target), sessionOptions(parser));
    const LabeledEmbeddings tuned = embedLabeledImages(*project, *tunedSession);
    if (tuned.imageIds != data.imageIds)
        throw Error(toStdString(Cli::tr("The labeled images of the project %1 changed while run %2 trained; "
                                        "train it again.")
                                    .arg(project->file())
                                    .arg(runId)));
    engine::ClassifierHead head;
    head.weight = engine::FeatureMatrix(result.classes, result.dim, result.classWeights);
    head.bias.assign(static_cast<size_t>(result.classes), 0.0f);
    const RunMeasurements measured = measure(head, tuned.embeddings, tuned.labels, split, result.seconds);

    engine::HeadDescription description = describeProjectHead(*tunedSession, tuned);
    description.method = "fine-tune";
    description.hyperparameters = hyperparameters;
    description.hyperparameters["epochs_run"] = result.epochs;
    description.hyperparameters["best_epoch"] = result.bestEpoch;
    description.metrics = measured.toJson();
    description.training = trainingRecord(*project, runId, seed, shots, split, examplesOnly);
    description.training["model_folder"] = toStdString(target);
    description.training["base_model_folder"] = session->model().folder();
    description.training["base_model_fingerprint"] = session->model().fingerprint();
    recordFinishedRun(*project, runId, epochs + 1, measured, head, description);

    printOut(QStringLiteral("%1\n").arg(runId));
    printTrainingSummary(runId, "fine-tune", split, measured, project->file());
    printErrorRaw(Cli::tr("The fine-tuned CLIP model is in %1; classify with it by giving that folder as --model.\n")
                      .arg(target));
    if (!parser.value(QStringLiteral("output")).isEmpty()) {
        const QString output = parser.value(QStringLiteral("output"));
        exportRunFolder(output, head, description);
        project->setRunExportPath(runId, QFileInfo(output).absoluteFilePath());
    }
    return data.unreadable > 0 ? ExitFailure : ExitSuccess;
}

}  // namespace

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
    const AdaptationSettings adaptation = adaptationSettings(parser);
    sessionOptions(parser);
    if (method == "fine-tune")
        return fineTuneOnProject(parser, adaptation, shots, seed, examplesOnly);

    const auto project = store::ProjectStore::open(file);
    const auto session = openProjectSession(parser, *project);
    const LabeledEmbeddings data = embedLabeledImages(*project, *session);
    const SupportSplit split = chooseSupport(data, examplesOnly, shots, seed, project->file());
    applyFitThreads(parser, static_cast<int64_t>(split.support.size()), data);

    engine::FitOptions options;
    options.seed = static_cast<uint64_t>(seed);
    options.logitScale = data.logitScale;
    options.classBalanced = adaptation.balancing == Balancing::Weights;
    const QJsonObject settings = runSettings(methodName, adaptation, examplesOnly, shots, split, data);

    // Oversampling repeats the support rows of smaller classes.
    std::vector<int64_t> fitRows = split.support;
    if (adaptation.balancing == Balancing::Oversample) {
        fitRows.clear();
        for (int64_t index : oversampledRows(labelsOf(data, split.support)))
            fitRows.push_back(split.support[static_cast<size_t>(index)]);
    }
    engine::FeatureMatrix fitFeatures = engine::selectRows(data.embeddings, fitRows);
    std::vector<int64_t> fitLabels = labelsOf(data, fitRows);
    if (adaptation.augmentedCopies > 0) {
        const engine::FeatureMatrix augmented =
            augmentedEmbeddings(*session, data, fitRows, adaptation.augmentedCopies, adaptation.fineTune.augmentation,
                                seed, fitLabels);
        fitFeatures.values.insert(fitFeatures.values.end(), augmented.values.begin(), augmented.values.end());
        fitFeatures.rows += augmented.rows;
    }

    const QString fingerprint = QString::fromStdString(session->model().fingerprint());
    const qint64 runId = project->startRun(methodName, fingerprint, settings, seed);
    int reports = 0;
    options.progress = [&](const engine::FitProgress& progress) {
        project->addEpoch(runId, epochOf(++reports, progress));
    };
    const std::unique_ptr<engine::FewShotMethod> trained =
        projectMethodFactory(*session, data.classTexts, adaptation)(method);
    const auto start = std::chrono::steady_clock::now();
    try {
        trained->fit(fitFeatures, fitLabels, data.prototypes, options);
    } catch (const std::exception& e) {
        project->finishRun(runId, store::RunStatus::Failed, {{QStringLiteral("error"), QString::fromUtf8(e.what())}});
        throw;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const RunMeasurements measured = measure(trained->head(), data.embeddings, data.labels, split, seconds);

    engine::HeadDescription description = describeProjectHead(*session, data);
    description.method = method;
    description.hyperparameters = trained->hyperparameters();
    description.metrics = measured.toJson();
    description.training = trainingRecord(*project, runId, seed, shots, split, examplesOnly);
    recordFinishedRun(*project, runId, reports + 1, measured, trained->head(), description);

    printOut(QStringLiteral("%1\n").arg(runId));
    printTrainingSummary(runId, method, split, measured, project->file());
    // Exported after the run id is printed, so that a failed export still
    // leaves the id to export the recorded run with.
    if (!parser.value(QStringLiteral("output")).isEmpty()) {
        const QString output = parser.value(QStringLiteral("output"));
        exportRunFolder(output, trained->head(), description);
        project->setRunExportPath(runId, QFileInfo(output).absoluteFilePath());
    }
    return data.unreadable > 0 ? ExitFailure : ExitSuccess;
}

int evaluateOnProject(const QCommandLineParser& parser, engine::EvaluationSettings settings, bool shotsGiven)
{
    const QString file = projectOption(parser);
    settings.methods = projectMethods(parser);
    intOption(parser, QStringLiteral("threads"), 1, 1, 1024);  // rejects invalid values before loading
    const AdaptationSettings adaptation = adaptationSettings(parser);
    settings.fitOptions.classBalanced = adaptation.balancing != Balancing::None;
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
    settings.createMethod = projectMethodFactory(*session, data.classTexts, adaptation);
    settings.fitOptions.logitScale = data.logitScale;

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
        throw Error(toStdString(Cli::tr("Run %1 of the project %2 has no stored head: it did not finish, or an "
                                        "older version of FewShot Studio trained it and kept only its results. "
                                        "Train it again with 'fewshot train --project %2 --method %3'.")
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
    exportRunFolder(output, head, description);
    const QString written = QFileInfo(output).absoluteFilePath();
    if (!project->isReadOnly())
        project->setRunExportPath(runId, written);
    printOut(Cli::tr("Exported run %1 (%2) to %3.\n").arg(runId).arg(run->method, written));
    return ExitSuccess;
}

}  // namespace fewshot::cli
