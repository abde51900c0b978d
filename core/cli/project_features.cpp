#include "cli/project_features.h"

#include "base/error.h"
#include "cli/cli_common.h"
#include "cli/session_options.h"
#include "model/zero_shot.h"

#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <limits>
#include <random>

namespace fewshot::cli {
namespace {

const char kDefaultTemplate[] = "a photo of a {}.";

// The evaluation split uses a fixed seed, so that every run of `fewshot
// evaluate` on the same labels measures on the same test images.
constexpr uint64_t kSplitSeed = 1;

std::vector<std::string> toStdStrings(const QStringList& list)
{
    std::vector<std::string> result;
    for (const QString& text : list)
        result.push_back(toStdString(text));
    return result;
}

// One prototype per class from its prompt text and its templates, as the
// desktop application computes them.
engine::FeatureMatrix classPrototypes(store::ProjectStore& project, const std::vector<store::ClassInfo>& classes,
                                      const ClipSession& session, LabeledEmbeddings& data)
{
    const int64_t dim = session.model().embeddingDim();
    std::vector<float> values;
    for (const store::ClassInfo& info : classes) {
        QStringList templates = project.templatesForClass(info.id);
        if (templates.isEmpty())
            templates = QStringList{QString::fromLatin1(kDefaultTemplate)};
        const QString text = info.prompt.trimmed().isEmpty() ? info.name : info.prompt;
        data.classTexts.push_back(toStdString(text));
        std::vector<std::string> prompts;
        for (const QString& pattern : templates)
            prompts.push_back(fillTemplate(toStdString(pattern), toStdString(text)));
        data.classPrompts.push_back(std::move(prompts));
        const std::vector<float> row = session.classEmbeddings({toStdString(text)}, toStdStrings(templates));
        values.insert(values.end(), row.begin(), row.end());
    }
    return engine::FeatureMatrix(static_cast<int64_t>(classes.size()), dim, std::move(values));
}

// Vectors of the images' content hashes: cached ones, plus the others encoded
// now and stored in the cache. Images that cannot be read have no entry.
QHash<QString, std::vector<float>> imageVectors(store::ProjectStore& project, const ClipSession& session,
                                                const std::vector<store::ImageInfo>& images)
{
    const QString modelKey = QString::fromStdString(session.model().fingerprint());
    const QString preprocessKey = QString::fromStdString(preprocessCacheKey(session.preprocessConfig()));
    std::vector<QString> hashes;
    for (const store::ImageInfo& image : images)
        hashes.push_back(image.sha256);
    const auto cached = project.findImageEmbeddings(modelKey, preprocessKey, 0, hashes);

    QHash<QString, std::vector<float>> vectors;
    std::vector<std::string> paths;
    std::vector<QString> pathHashes;
    for (size_t i = 0; i < images.size(); ++i) {
        if (cached[i]) {
            vectors.insert(hashes[i], *cached[i]);
        } else if (!vectors.contains(hashes[i])
                   && std::find(pathHashes.begin(), pathHashes.end(), hashes[i]) == pathHashes.end()) {
            paths.push_back(toStdString(project.absolutePath(images[i])));
            pathHashes.push_back(hashes[i]);
        }
    }
    if (paths.empty())
        return vectors;

    const ImageEmbeddings encoded = session.encodeImageFiles(paths, [](size_t, const std::string& message) {
        printError(Cli::tr("%1 (left out)").arg(QString::fromStdString(message)));
    });
    std::vector<store::ImageEmbedding> toStore;
    for (size_t k = 0; k < encoded.indices.size(); ++k) {
        const auto first = encoded.values.begin() + static_cast<std::ptrdiff_t>(k * static_cast<size_t>(encoded.dim));
        toStore.push_back({pathHashes[encoded.indices[k]], 0, std::vector<float>(first, first + encoded.dim)});
    }
    if (project.isReadOnly() || toStore.empty()) {
        for (store::ImageEmbedding& embedding : toStore)
            vectors.insert(embedding.sha256, std::move(embedding.vector));
        return vectors;
    }
    // Float16, like the desktop application: it halves the cache and keeps
    // each value within a relative 4.9e-4. The vectors are read back so that
    // this run uses the same rounded values as later runs that find them cached.
    project.storeImageEmbeddings(modelKey, preprocessKey, toStore, store::VectorPrecision::Float16);
    std::vector<QString> stored;
    for (const store::ImageEmbedding& embedding : toStore)
        stored.push_back(embedding.sha256);
    const auto reread = project.findImageEmbeddings(modelKey, preprocessKey, 0, stored);
    for (size_t k = 0; k < stored.size(); ++k) {
        if (reread[k])
            vectors.insert(stored[k], *reread[k]);
    }
    return vectors;
}

}  // namespace

std::unique_ptr<ClipSession> openProjectSession(const QCommandLineParser& parser, store::ProjectStore& project)
{
    const bool modelOption = !parser.value(QStringLiteral("model")).isEmpty();
    const QString folder = modelOption ? QFileInfo(parser.value(QStringLiteral("model"))).absoluteFilePath()
                                 : project.modelFolder();
    if (folder.isEmpty())
        throw UsageError(toStdString(QStringLiteral("--model DIR is required: the project %1 has no CLIP model "
                                                    "folder recorded yet")
                                         .arg(project.file())));
    if (!modelOption)
        printError(Cli::tr("using the CLIP model %1 recorded in the project").arg(folder));
    auto session = ClipSession::open(toStdString(folder), sessionOptions(parser));
    for (const auto& warning : session->model().warnings())
        printError(Cli::tr("warning: %1").arg(QString::fromStdString(warning)));
    if (modelOption && !project.isReadOnly() && project.modelFolder() != folder)
        project.setModelFolder(folder);
    return session;
}

std::vector<int64_t> LabeledEmbeddings::rowsOfClass(int64_t classIndex) const
{
    std::vector<int64_t> rows;
    for (size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] == classIndex)
            rows.push_back(static_cast<int64_t>(i));
    }
    return rows;
}

LabeledEmbeddings embedLabeledImages(store::ProjectStore& project, const ClipSession& session)
{
    const std::vector<store::ClassInfo> classes = project.classes();
    if (classes.size() < 2)
        throw Error(toStdString(Cli::tr("The project %1 has %n class(es), but training and evaluation need "
                                        "at least two. Add labeled images of each class with 'fewshot "
                                        "project add %1 --class NAME IMAGE...'.",
                                        nullptr, static_cast<int>(classes.size()))
                                    .arg(project.file())));
    LabeledEmbeddings data;
    QHash<qint64, int64_t> classIndex;
    for (const store::ClassInfo& info : classes) {
        classIndex.insert(info.id, static_cast<int64_t>(data.classNames.size()));
        data.classNames.push_back(toStdString(info.name));
    }
    if (const std::optional<qint64> active = project.activeTemplateSetId())
        data.templates = toStdStrings(project.templateSet(*active).templates);
    if (data.templates.empty())
        data.templates = {kDefaultTemplate};
    data.prototypes = classPrototypes(project, classes, session, data);
    data.logitScale = session.model().logitScale();

    QHash<qint64, store::Label> labelByImage;
    for (const store::Label& label : project.labels())
        labelByImage.insert(label.imageId, label);
    std::vector<store::ImageInfo> labeled;
    for (const store::ImageInfo& image : project.images()) {
        if (labelByImage.contains(image.id))
            labeled.push_back(image);
    }

    const QHash<QString, std::vector<float>> vectors = imageVectors(project, session, labeled);
    const int64_t dim = session.model().embeddingDim();
    data.embeddings.cols = dim;
    for (const store::ImageInfo& image : labeled) {
        const auto vector = vectors.constFind(image.sha256);
        if (vector == vectors.cend() || static_cast<int64_t>(vector->size()) != dim) {
            ++data.unreadable;
            continue;
        }
        const store::Label& label = labelByImage[image.id];
        data.imageIds.push_back(image.id);
        data.paths.push_back(toStdString(project.absolutePath(image)));
        data.sources.push_back(label.source);
        data.labels.push_back(classIndex.value(label.classId));
        data.embeddings.values.insert(data.embeddings.values.end(), vector->begin(), vector->end());
        ++data.embeddings.rows;
    }
    return data;
}

engine::HeadDescription describeProjectHead(const ClipSession& session, const LabeledEmbeddings& data)
{
    const PreprocessConfig& preprocess = session.preprocessConfig();
    engine::HeadDescription description;
    description.classNames = data.classNames;
    description.templates = data.templates;
    description.clipModelName = session.model().config().name;
    description.clipModelFingerprint = session.model().fingerprint();
    description.preprocessing = {{"resize_shortest_edge", preprocess.resizeShortestEdge},
                                 {"crop_size", preprocess.cropSize},
                                 {"mean", preprocess.mean},
                                 {"std", preprocess.std}};
    return description;
}

// NOTE: the return type is written without engine:: because lupdate 6.4 fails
// to resolve the qualified name and then files the Cli::tr() message below
// under the unqualified context "Cli", which matches no translation.
using engine::FeatureDataset;
FeatureDataset evaluationDataset(const LabeledEmbeddings& data, const QString& projectFile)
{
    const int64_t classCount = static_cast<int64_t>(data.classNames.size());
    const int64_t dim = data.embeddings.cols;
    engine::FeatureDataset dataset;
    dataset.folder = toStdString(projectFile);
    dataset.textPrototypes = data.prototypes;
    dataset.classNames = data.classNames;
    dataset.poolFeatures.cols = dim;
    dataset.testFeatures.cols = dim;

    std::mt19937_64 random(kSplitSeed);
    for (int64_t c = 0; c < classCount; ++c) {
        std::vector<int64_t> rows = data.rowsOfClass(c);
        if (rows.size() < 2)
            throw Error(toStdString(Cli::tr("The class %1 of the project %2 has %n labeled image(s) that could "
                                            "be read, but the evaluation needs at least 2 per class. Label "
                                            "more images of it.",
                                            nullptr, static_cast<int>(rows.size()))
                                        .arg(QString::fromStdString(data.classNames[static_cast<size_t>(c)]),
                                             projectFile)));
        std::shuffle(rows.begin(), rows.end(), random);
        const size_t half = rows.size() / 2;
        for (size_t k = 0; k < rows.size(); ++k) {
            engine::FeatureMatrix& target = k < half ? dataset.poolFeatures : dataset.testFeatures;
            std::vector<int64_t>& labels = k < half ? dataset.poolLabels : dataset.testLabels;
            const float* row = data.embeddings.row(rows[k]);
            target.values.insert(target.values.end(), row, row + dim);
            ++target.rows;
            labels.push_back(c);
        }
    }
    return dataset;
}

std::vector<int> availableShots(const engine::FeatureDataset& dataset)
{
    int64_t smallest = std::numeric_limits<int64_t>::max();
    for (int64_t c = 0; c < dataset.classCount(); ++c)
        smallest = std::min<int64_t>(smallest, std::count(dataset.poolLabels.begin(), dataset.poolLabels.end(), c));
    std::vector<int> shots;
    for (int k : {1, 2, 4, 8, 16}) {
        if (k <= smallest)
            shots.push_back(k);
    }
    return shots;
}

}  // namespace fewshot::cli
