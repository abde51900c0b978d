// `fewshot predict --model DIR --head HEAD_DIR IMAGE...`: classifies image
// files with an exported head, printing them as `fewshot zero-shot` does.

#include "base/error.h"
#include "base/json_file.h"
#include "cli/cli_common.h"
#include "cli/probability_table.h"
#include "cli/project_runs.h"
#include "cli/session_options.h"
#include "engine/head_folder.h"
#include "engine/threads.h"

namespace fewshot::cli {
namespace {

// The head's metadata value as text, or an empty string when it is null or absent.
std::string metadataText(const nlohmann::json& metadata, const char* key)
{
    const auto value = metadata.find(key);
    return value != metadata.end() && value->is_string() ? value->get<std::string>() : std::string();
}

QString modelText(const std::string& name, const std::string& fingerprint)
{
    return Cli::tr("%1 (fingerprint %2)")
        .arg(name.empty() ? Cli::tr("unnamed") : QString::fromStdString(name), QString::fromStdString(fingerprint));
}

// Throws Error, naming both models, unless the head was trained on embeddings
// of `model`. A head trained on cached features records no model, so only its
// dimension can be checked.
void checkHeadMatchesModel(const engine::LoadedHead& loaded, const QString& headFolder, const ClipModel& model)
{
    const QString modelFolder = QString::fromStdString(model.folder());
    if (loaded.head.dimension() != model.embeddingDim())
        throw Error(toStdString(Cli::tr("The head %1 takes %2-dimensional image embeddings, but the CLIP model %3 "
                                        "produces %4-dimensional ones. Use the CLIP model the head was trained "
                                        "with.")
                                    .arg(headFolder)
                                    .arg(loaded.head.dimension())
                                    .arg(modelFolder)
                                    .arg(model.embeddingDim())));
    const std::string fingerprint = metadataText(loaded.metadata, "clip_model_fingerprint");
    if (fingerprint.empty()) {
        printError(Cli::tr("warning: the head %1 does not record which CLIP model it was trained with; make sure "
                           "it was trained on embeddings of %2")
                       .arg(headFolder, modelFolder));
        return;
    }
    if (fingerprint != model.fingerprint())
        throw Error(toStdString(Cli::tr("The head %1 was trained with the CLIP model %2, but %3 is the model %4. "
                                        "Use the CLIP model the head was trained with, or train a head for this "
                                        "model.")
                                    .arg(headFolder,
                                         modelText(metadataText(loaded.metadata, "clip_model_name"), fingerprint),
                                         modelFolder, modelText(model.config().name, model.fingerprint()))));
}

std::vector<std::string> headTemplates(const nlohmann::json& metadata)
{
    const auto templates = metadata.find("templates");
    if (templates == metadata.end() || !templates->is_array())
        return {};
    std::vector<std::string> result;
    for (const nlohmann::json& entry : *templates) {
        if (entry.is_string())
            result.push_back(entry.get<std::string>());
    }
    return result;
}

}  // namespace

int predictImages(const QCommandLineParser& parser, const QString& headFolder, const QString& format)
{
    requireModelFolder(parser);
    const std::vector<std::string> paths = expandImagePaths(parser.positionalArguments());
    if (paths.empty())
        throw UsageError(Cli::tr("no images given"));
    sessionOptions(parser);  // rejects invalid options before the slow loads

    const engine::LoadedHead loaded = engine::loadHeadFolder(toStdString(headFolder));
    const auto session = openSession(parser);
    checkHeadMatchesModel(loaded, headFolder, session->model());

    bool anyFailed = false;
    const ImageEmbeddings images = session->encodeImageFiles(paths, [&](size_t, const std::string& message) {
        anyFailed = true;
        printError(Cli::tr("%1 (skipped)").arg(QString::fromStdString(message)));
    });
    ProbabilityTable table;
    table.classes = loaded.classNames;
    table.templates = headTemplates(loaded.metadata);
    for (size_t index : images.indices)
        table.paths.push_back(paths[index]);
    if (!images.indices.empty()) {
        const engine::FeatureMatrix embeddings(static_cast<int64_t>(images.indices.size()), images.dim, images.values);
        engine::setComputeThreads(engine::suggestedComputeThreads(embeddings.rows, embeddings.cols,
                                                                  loaded.head.classCount()));
        table.probabilities = engine::predictProbabilities(loaded.head, embeddings).values;
    }

    const std::string text = format == QLatin1String("json") ? formatJson(table) : formatCsv(table, true);
    if (parser.isSet(QStringLiteral("output")))
        writeFileAtomically(toStdString(parser.value(QStringLiteral("output"))), text);
    else
        printOut(QString::fromStdString(text));
    return anyFailed ? ExitFailure : ExitSuccess;
}

}  // namespace fewshot::cli
