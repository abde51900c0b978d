#include "ui/model_worker.h"

#include "ui/ui_log.h"

#include "base/error.h"
#include "engine/feature_matrix.h"
#include "engine/metrics.h"
#include "engine/threads.h"
#include "model/cpu_runtime.h"
#include "pipeline/clip_session.h"

#include <QCoreApplication>
#include <QFile>

#include <cmath>

namespace fewshot::ui {
namespace {

// Templates used when a class has none (no active template set).
const QStringList& fallbackTemplates()
{
    static const QStringList templates{QStringLiteral("a photo of a {}.")};
    return templates;
}

std::vector<std::string> toStdStrings(const QStringList& list)
{
    std::vector<std::string> result;
    for (const QString& text : list)
        result.push_back(text.toStdString());
    return result;
}

// Concatenates shared rows into one [rows, dim] matrix.
std::vector<float> stackRows(const std::vector<EmbeddingVector>& rows, qint64 dim)
{
    std::vector<float> values;
    values.reserve(rows.size() * static_cast<size_t>(dim));
    for (const EmbeddingVector& row : rows) {
        if (!row || static_cast<qint64>(row->size()) != dim)
            throw Error(QCoreApplication::translate("fewshot::ui::ModelWorker",
                                                    "An image embedding does not match the loaded model. "
                                                    "Load the model again to encode the images anew.")
                            .toStdString());
        values.insert(values.end(), row->begin(), row->end());
    }
    return values;
}

}  // namespace

ModelWorker::ModelWorker(QObject* parent) : QObject(parent) {}

ModelWorker::~ModelWorker() = default;

void ModelWorker::load(qint64 requestId, const QString& folder, const ModelLoadOptions& options)
{
    // The current model stays in use until the new one has loaded, so a
    // folder that is not a checkpoint costs nothing. NOTE: both models are in
    // memory while the new one loads.
    std::unique_ptr<ClipSession> session;
    try {
        SessionOptions sessionOptions;
        sessionOptions.model.device = options.device.toStdString();
        sessionOptions.model.dtype = options.dtype.toStdString();
        sessionOptions.model.threads = options.threads;
        engine::setComputeThreads(options.threads);
        qCInfo(lcModel) << "loading" << folder << "on" << options.device << options.dtype;
        session = ClipSession::open(QFile::encodeName(folder).toStdString(), sessionOptions);
    } catch (const std::exception& error) {
        qCWarning(lcModel) << "loading" << folder << "failed:" << error.what();
        Q_EMIT modelLoadFailed(requestId, QString::fromStdString(error.what()));
        return;
    }
    // Images queued for the previous model would get vectors of another space.
    for (EncodeJob& job : encodeJobs_)
        Q_EMIT encodingFinished(job.jobId, true);
    encodeJobs_.clear();
    session_ = std::move(session);
    Q_EMIT sessionChanged(requestId, session_);
    const ModelInfo info = describeModel();
    qCInfo(lcModel) << "loaded" << info.name << info.device << info.dtype << info.fingerprint;
    Q_EMIT modelLoaded(requestId, info);
}

void ModelWorker::unload()
{
    encodeJobs_.clear();
    session_.reset();
    releaseFreedMemory();
    Q_EMIT sessionChanged(0, nullptr);
}

ModelInfo ModelWorker::describeModel() const
{
    const ClipModel& model = session_->model();
    const PreprocessConfig& preprocess = session_->preprocessConfig();
    ModelInfo info;
    info.folder = QString::fromStdString(model.folder());
    info.name = QString::fromStdString(model.config().name);
    info.format = QString::fromStdString(model.format());
    info.device = QString::fromStdString(model.deviceName());
    info.dtype = QString::fromStdString(model.dtypeName());
    info.fingerprint = QString::fromStdString(model.fingerprint());
    info.parameterCount = model.parameterCount();
    info.embeddingDim = model.embeddingDim();
    info.imageSize = model.imageSize();
    info.logitScale = model.logitScale();
    for (const std::string& warning : model.warnings())
        info.warnings.append(QString::fromStdString(warning));
    info.resizeShortestEdge = preprocess.resizeShortestEdge;
    info.cropSize = preprocess.cropSize;
    info.mean = preprocess.mean;
    info.std = preprocess.std;
    info.preprocessKey = QString::fromStdString(preprocessCacheKey(preprocess));
    return info;
}

void ModelWorker::encodeImages(qint64 jobId, const std::vector<ImageToEncode>& images,
                               const std::shared_ptr<std::atomic_bool>& cancel)
{
    encodeJobs_.push_back({jobId, images, 0, cancel});
    scheduleEncoding();
}

void ModelWorker::scheduleEncoding()
{
    if (encodingScheduled_ || encodeJobs_.empty())
        return;
    encodingScheduled_ = true;
    QMetaObject::invokeMethod(this, &ModelWorker::encodeNextBatch, Qt::QueuedConnection);
}

void ModelWorker::encodeNextBatch()
{
    encodingScheduled_ = false;
    if (encodeJobs_.empty())
        return;
    EncodeJob& job = encodeJobs_.front();
    if (!session_ || (job.cancel && job.cancel->load())) {
        Q_EMIT encodingFinished(job.jobId, true);
        encodeJobs_.pop_front();
        scheduleEncoding();
        return;
    }

    const size_t batchSize = static_cast<size_t>(std::max(1, session_->options().batchSize));
    const size_t end = std::min(job.images.size(), job.next + batchSize);
    std::vector<std::string> paths;
    for (size_t i = job.next; i < end; ++i)
        paths.push_back(QFile::encodeName(job.images[i].path).toStdString());

    auto batch = std::make_shared<EncodedBatch>();
    try {
        const ImageEmbeddings embeddings =
            session_->encodeImageFiles(paths, [&](size_t index, const std::string& message) {
                batch->failures.append(QString::fromStdString(message));
                batch->failedShas.append(job.images[job.next + index].sha256);
            });
        const auto dim = static_cast<size_t>(embeddings.dim);
        for (size_t row = 0; row < embeddings.indices.size(); ++row) {
            const auto begin = embeddings.values.begin() + static_cast<std::ptrdiff_t>(row * dim);
            auto vector = std::make_shared<const std::vector<float>>(begin, begin + static_cast<std::ptrdiff_t>(dim));
            batch->embeddings.insert(job.images[job.next + embeddings.indices[row]].sha256, vector);
        }
    } catch (const std::exception& error) {
        qCWarning(lcModel) << "encoding failed:" << error.what();
        batch->failures.append(QString::fromStdString(error.what()));
        for (size_t i = job.next; i < end; ++i)
            batch->failedShas.append(job.images[i].sha256);
    }
    job.next = end;
    Q_EMIT imagesEncoded(job.jobId, batch);
    Q_EMIT encodingProgress(job.jobId, static_cast<qint64>(job.next), static_cast<qint64>(job.images.size()));
    if (job.next >= job.images.size()) {
        Q_EMIT encodingFinished(job.jobId, false);
        encodeJobs_.pop_front();
        // The allocator keeps the activations' memory while batches follow
        // each other; give it back once the queue is empty.
        if (encodeJobs_.empty())
            releaseFreedMemory();
    }
    scheduleEncoding();
}

std::vector<float> ModelWorker::prototypesOf(const std::vector<ClassPrompt>& classes) const
{
    std::vector<float> values;
    for (const ClassPrompt& prompt : classes) {
        const QStringList& templates = prompt.templates.isEmpty() ? fallbackTemplates() : prompt.templates;
        const std::vector<float> row =
            session_->classEmbeddings({prompt.text.toStdString()}, toStdStrings(templates));
        values.insert(values.end(), row.begin(), row.end());
    }
    return values;
}

void ModelWorker::computeZeroShot(qint64 requestId, const ZeroShotRequestPtr& request)
{
    try {
        if (!session_)
            throw Error(tr("No model is loaded. Choose a CLIP model folder on the start page.").toStdString());
        auto reply = std::make_shared<ZeroShotReply>();
        for (const ClassPrompt& prompt : request->classes)
            reply->classIds.push_back(prompt.classId);
        reply->imageIds = request->imageIds;
        if (!request->classes.empty() && !request->imageIds.empty()) {
            const std::vector<float> images = stackRows(request->embeddings, session_->model().embeddingDim());
            reply->probabilities = session_->zeroShot(images, prototypesOf(request->classes)).probabilities;
        }
        Q_EMIT zeroShotReady(requestId, reply);
    } catch (const std::exception& error) {
        qCWarning(lcModel) << "zero-shot failed:" << error.what();
        Q_EMIT requestFailed(requestId, QString::fromStdString(error.what()));
    }
}

void ModelWorker::computePrototypes(qint64 requestId, const std::vector<ClassPrompt>& classes)
{
    try {
        if (!session_)
            throw Error(tr("No model is loaded. Choose a CLIP model folder on the start page.").toStdString());
        auto prototypes = std::make_shared<ClassPrototypes>();
        for (const ClassPrompt& prompt : classes)
            prototypes->classIds.push_back(prompt.classId);
        prototypes->values = prototypesOf(classes);
        prototypes->dim = session_->model().embeddingDim();
        Q_EMIT prototypesReady(requestId, prototypes);
    } catch (const std::exception& error) {
        Q_EMIT requestFailed(requestId, QString::fromStdString(error.what()));
    }
}

void ModelWorker::scoreTemplates(qint64 requestId, const TemplateScoringRequestPtr& request)
{
    try {
        if (!session_)
            throw Error(tr("No model is loaded. Choose a CLIP model folder on the start page.").toStdString());
        const qint64 dim = session_->model().embeddingDim();
        const std::vector<float> images = stackRows(request->embeddings, dim);
        const auto imageCount = static_cast<int64_t>(request->embeddings.size());
        auto scores = std::make_shared<TemplateScores>();
        scores->imageCount = static_cast<int>(imageCount);
        for (const ClassPrompt& prompt : request->classes)
            scores->classIds.push_back(prompt.classId);

        for (const TemplateCandidate& candidate : request->candidates) {
            std::vector<ClassPrompt> classes = request->classes;
            for (size_t c = 0; c < classes.size() && c < candidate.classTemplates.size(); ++c)
                classes[c].templates = candidate.classTemplates[c];
            const ZeroShotResult result = session_->zeroShot(images, prototypesOf(classes));
            const engine::FeatureMatrix probabilities(imageCount, result.classes, result.probabilities);
            const engine::ClassificationMetrics metrics = engine::computeMetrics(probabilities, request->labels);
            scores->scores.push_back({candidate.name, candidate.isSet, metrics.accuracy, metrics.perClassRecall});
        }
        Q_EMIT templatesScored(requestId, scores);
    } catch (const std::exception& error) {
        qCWarning(lcModel) << "template scoring failed:" << error.what();
        Q_EMIT requestFailed(requestId, QString::fromStdString(error.what()));
    }
}

}  // namespace fewshot::ui
