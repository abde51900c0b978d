#include "ui/prediction_controller.h"

#include "ui/model_controller.h"
#include "ui/project_controller.h"
#include "ui/project_worker.h"
#include "ui/ui_log.h"

#include <QTimer>

#include <algorithm>

namespace fewshot::ui {
namespace {

constexpr int kDefaultDebounceMilliseconds = 300;

PoolPrediction makePrediction(const std::vector<qint64>& classIds, const float* row)
{
    PoolPrediction prediction;
    prediction.probabilities.assign(row, row + classIds.size());
    float best = -1.0f;
    float second = 0.0f;
    for (size_t c = 0; c < classIds.size(); ++c) {
        if (row[c] > best) {
            second = std::max(second, best);
            best = row[c];
            prediction.classId = classIds[c];
        } else {
            second = std::max(second, row[c]);
        }
    }
    prediction.confidence = best;
    prediction.margin = best - second;
    return prediction;
}

}  // namespace

PredictionController::PredictionController(ProjectController* project, ModelController* model, QObject* parent)
    : QObject(parent), project_(project), model_(model), debounce_(new QTimer(this))
{
    sourceName_ = tr("Zero-shot");
    debounce_->setSingleShot(true);
    debounce_->setInterval(kDefaultDebounceMilliseconds);
    connect(debounce_, &QTimer::timeout, this, &PredictionController::recompute);

    connect(project_, &ProjectController::snapshotChanged, this, &PredictionController::onSnapshot);
    connect(project_, &ProjectController::projectClosed, this, [this] {
        snapshot_.reset();
        projectFile_.clear();
        predictions_.clear();
        embeddings_.clear();
        pendingShas_.clear();
        failedShas_.clear();
        Q_EMIT predictionsChanged();
    });
    connect(project_, &ProjectController::relinkFinished, this, [this](const RelinkSummary& summary) {
        // Images that could not be read may have been found again.
        if (summary.relinked == 0)
            return;
        failedShas_.clear();
        requestMissingEmbeddings();
    });
    connect(project_->worker(), &ProjectWorker::embeddingsFound, this, &PredictionController::onEmbeddingsFound);
    connect(project_->worker(), &ProjectWorker::predictionsLoaded, this,
            &PredictionController::onPredictionsLoaded);
    connect(model_, &ModelController::modelLoaded, this, &PredictionController::onModelLoaded);
    connect(model_, &ModelController::imagesEncoded, this, &PredictionController::onImagesEncoded);
    connect(model_, &ModelController::zeroShotReady, this, &PredictionController::onZeroShotReady);
    connect(model_, &ModelController::requestFailed, this, [this](qint64 requestId, const QString& message) {
        if (requestId != pendingRequest_)
            return;
        pendingRequest_ = 0;
        Q_EMIT runningJobsChanged(runningJobs());
        Q_EMIT errorOccurred(message);
    });
}

void PredictionController::setDebounceInterval(int milliseconds)
{
    debounce_->setInterval(milliseconds);
}

EmbeddingVector PredictionController::embeddingOf(qint64 imageId) const
{
    if (!snapshot_)
        return {};
    for (const store::ImageInfo& image : snapshot_->images) {
        if (image.id == imageId)
            return embeddings_.value(image.sha256);
    }
    return {};
}

int PredictionController::embeddedImageCount() const
{
    if (!snapshot_)
        return 0;
    int count = 0;
    for (const store::ImageInfo& image : snapshot_->images) {
        if (embeddings_.contains(image.sha256))
            ++count;
    }
    return count;
}

std::vector<ClassPrompt> PredictionController::classPrompts(const ProjectSnapshot& snapshot)
{
    std::vector<ClassPrompt> prompts;
    for (const store::ClassInfo& info : snapshot.classes)
        prompts.push_back({info.id, snapshot.promptText(info), snapshot.templatesForClass(info.id)});
    return prompts;
}

QString PredictionController::inputsKey(const ProjectSnapshot& snapshot) const
{
    QStringList parts;
    for (const ClassPrompt& prompt : classPrompts(snapshot))
        parts << QString::number(prompt.classId) << prompt.text << prompt.templates.join(QChar(0x1f));
    return parts.join(QChar(0x1e));
}

void PredictionController::onSnapshot(const SnapshotPtr& snapshot)
{
    if (snapshot->file != projectFile_) {
        projectFile_ = snapshot->file;
        embeddings_.clear();
        pendingShas_.clear();
        failedShas_.clear();
        predictions_.clear();
        computedKey_.clear();
        if (model_->isLoaded()) {
            predictionsRequest_ = project_->newToken();
            const qint64 requestId = predictionsRequest_;
            const QString modelKey = model_->info().fingerprint;
            project_->post([requestId, modelKey](ProjectWorker& worker) { worker.loadPredictions(requestId, modelKey); });
        }
    }
    snapshot_ = snapshot;
    requestMissingEmbeddings();
    if (!zeroShot_ && inputsKey(*snapshot) != computedKey_) {
        // A trained head covers only the classes and prompts it was trained with.
        useZeroShot();
        return;
    }
    if (inputsKey(*snapshot) != computedKey_) {
        setStale(!predictions_.isEmpty());
        scheduleRecompute();
    }
}

void PredictionController::onModelLoaded()
{
    embeddings_.clear();
    pendingShas_.clear();
    failedShas_.clear();
    computedKey_.clear();
    setStale(!predictions_.isEmpty());
    if (!snapshot_)
        return;
    predictionsRequest_ = project_->newToken();
    const qint64 requestId = predictionsRequest_;
    const QString modelKey = model_->info().fingerprint;
    project_->post([requestId, modelKey](ProjectWorker& worker) { worker.loadPredictions(requestId, modelKey); });
    requestMissingEmbeddings();
    scheduleRecompute();
}

void PredictionController::requestMissingEmbeddings()
{
    if (!snapshot_ || !model_->isLoaded())
        return;
    QStringList missing;
    for (const store::ImageInfo& image : snapshot_->images) {
        if (embeddings_.contains(image.sha256) || pendingShas_.contains(image.sha256)
            || failedShas_.contains(image.sha256))
            continue;
        pendingShas_.insert(image.sha256);
        missing.append(image.sha256);
    }
    if (missing.isEmpty())
        return;
    lookupRequest_ = project_->newToken();
    const qint64 requestId = lookupRequest_;
    const QString modelKey = model_->info().fingerprint;
    const QString preprocess = model_->info().preprocessKey;
    project_->post([requestId, modelKey, preprocess, missing](ProjectWorker& worker) {
        worker.findImageEmbeddings(requestId, modelKey, preprocess, missing);
    });
}

void PredictionController::onEmbeddingsFound(qint64, const EmbeddingMapPtr& found)
{
    if (!snapshot_ || !model_->isLoaded())
        return;
    const auto dim = static_cast<size_t>(model_->info().embeddingDim);
    for (auto it = found->cbegin(); it != found->cend(); ++it) {
        if (it->size() != dim || !pendingShas_.contains(it.key()))
            continue;
        embeddings_.insert(it.key(), std::make_shared<const std::vector<float>>(*it));
        pendingShas_.remove(it.key());
    }
    // The rest is encoded; pending hashes of images removed meanwhile are skipped.
    std::vector<ImageToEncode> toEncode;
    QSet<QString> queued;
    for (const store::ImageInfo& image : snapshot_->images) {
        if (pendingShas_.contains(image.sha256) && !queued.contains(image.sha256)) {
            queued.insert(image.sha256);
            toEncode.push_back({image.sha256, snapshot_->imagePath(image.id)});
        }
    }
    qCDebug(lcPredictions) << found->size() << "embeddings cached," << toEncode.size() << "to encode";
    if (!toEncode.empty())
        model_->encodeImages(toEncode);
    if (!found->isEmpty()) {
        Q_EMIT embeddingsChanged();
        scheduleRecompute();
    }
}

void PredictionController::onImagesEncoded(qint64, const EncodedBatchPtr& batch)
{
    if (!model_->isLoaded())
        return;
    std::vector<store::ImageEmbedding> toCache;
    for (auto it = batch->embeddings.cbegin(); it != batch->embeddings.cend(); ++it) {
        embeddings_.insert(it.key(), it.value());
        pendingShas_.remove(it.key());
        toCache.push_back({it.key(), 0, *it.value()});
    }
    if (!batch->failures.isEmpty()) {
        // Files that failed are not tried again until the model is reloaded.
        for (const QString& sha : batch->failedShas) {
            pendingShas_.remove(sha);
            failedShas_.insert(sha);
        }
        Q_EMIT errorOccurred(tr("%n image(s) could not be read and get no prediction. First problem: %1",
                                nullptr, static_cast<int>(batch->failures.size()))
                                 .arg(batch->failures.first()));
    }
    if (!toCache.empty() && project_->isOpen()) {
        const QString modelKey = model_->info().fingerprint;
        const QString preprocess = model_->info().preprocessKey;
        project_->post([modelKey, preprocess, toCache](ProjectWorker& worker) {
            worker.storeImageEmbeddings(modelKey, preprocess, toCache);
        });
    }
    Q_EMIT embeddingsChanged();
    scheduleRecompute();
}

void PredictionController::onPredictionsLoaded(qint64 requestId, const PredictionListPtr& stored)
{
    if (requestId != predictionsRequest_ || !snapshot_ || stored->empty() || !predictions_.isEmpty())
        return;
    // Stored predictions show at once, marked stale until the model has recomputed them.
    classIds_.clear();
    for (const store::ClassInfo& info : snapshot_->classes)
        classIds_.push_back(info.id);
    for (const store::Prediction& prediction : *stored) {
        std::vector<float> row(classIds_.size(), 0.0f);
        for (const store::ClassScore& score : prediction.scores) {
            const auto it = std::find(classIds_.begin(), classIds_.end(), score.classId);
            if (it != classIds_.end())
                row[static_cast<size_t>(it - classIds_.begin())] = score.probability;
        }
        predictions_.insert(prediction.imageId, makePrediction(classIds_, row.data()));
    }
    setStale(true);
    Q_EMIT predictionsChanged();
}

void PredictionController::scheduleRecompute()
{
    if (zeroShot_)
        debounce_->start();
}

void PredictionController::recompute()
{
    if (!snapshot_ || !model_->isLoaded() || !zeroShot_)
        return;
    if (pendingRequest_ != 0) {
        // One request at a time; the newest inputs go out when it returns.
        debounce_->start();
        return;
    }
    auto request = std::make_shared<ZeroShotRequest>();
    request->classes = classPrompts(*snapshot_);
    for (const store::ImageInfo& image : snapshot_->images) {
        const EmbeddingVector embedding = embeddings_.value(image.sha256);
        if (!embedding)
            continue;
        request->imageIds.push_back(image.id);
        request->embeddings.push_back(embedding);
    }
    if (request->classes.size() < 2 || request->imageIds.empty()) {
        predictions_.clear();
        computedKey_ = inputsKey(*snapshot_);
        setStale(false);
        Q_EMIT predictionsChanged();
        return;
    }
    requestedKey_ = inputsKey(*snapshot_);
    pendingRequest_ = model_->computeZeroShot(request);
    Q_EMIT runningJobsChanged(runningJobs());
}

void PredictionController::onZeroShotReady(qint64 requestId, const ZeroShotReplyPtr& reply)
{
    if (requestId != pendingRequest_)
        return;
    pendingRequest_ = 0;
    Q_EMIT runningJobsChanged(runningJobs());
    if (!zeroShot_)
        return;
    setPredictions(reply->classIds, reply->imageIds, reply->probabilities);
    computedKey_ = requestedKey_;
    const bool current = snapshot_ && inputsKey(*snapshot_) == computedKey_;
    setStale(!current);
    if (!current)
        scheduleRecompute();
    savePredictions();
    Q_EMIT predictionsChanged();
}

void PredictionController::setPredictions(const std::vector<qint64>& classIds, const std::vector<qint64>& imageIds,
                                          const std::vector<float>& probabilities)
{
    predictions_.clear();
    classIds_ = classIds;
    const size_t classes = classIds.size();
    if (classes == 0 || probabilities.size() < imageIds.size() * classes)
        return;
    for (size_t i = 0; i < imageIds.size(); ++i)
        predictions_.insert(imageIds[i], makePrediction(classIds_, probabilities.data() + i * classes));
}

void PredictionController::savePredictions() const
{
    if (!project_->isOpen() || !model_->isLoaded() || (snapshot_ && snapshot_->readOnly))
        return;
    std::vector<store::Prediction> list;
    list.reserve(static_cast<size_t>(predictions_.size()));
    for (auto it = predictions_.cbegin(); it != predictions_.cend(); ++it) {
        store::Prediction prediction;
        prediction.imageId = it.key();
        prediction.classId = it->classId;
        prediction.confidence = it->confidence;
        for (size_t c = 0; c < classIds_.size(); ++c)
            prediction.scores.push_back({classIds_[c], it->probabilities[c]});
        list.push_back(std::move(prediction));
    }
    const QString modelKey = model_->info().fingerprint;
    project_->post([modelKey, list](ProjectWorker& worker) { worker.savePredictions(modelKey, list); });
}

void PredictionController::applyPredictions(const QString& sourceName, const std::vector<qint64>& classIds,
                                            const std::vector<qint64>& imageIds,
                                            const std::vector<float>& probabilities)
{
    zeroShot_ = false;
    debounce_->stop();
    sourceName_ = sourceName;
    setPredictions(classIds, imageIds, probabilities);
    computedKey_ = snapshot_ ? inputsKey(*snapshot_) : QString();
    setStale(false);
    Q_EMIT predictionsChanged();
}

void PredictionController::useZeroShot()
{
    zeroShot_ = true;
    sourceName_ = tr("Zero-shot");
    computedKey_.clear();
    setStale(!predictions_.isEmpty());
    scheduleRecompute();
}

void PredictionController::setStale(bool stale)
{
    if (stale_ == stale)
        return;
    stale_ = stale;
    Q_EMIT staleChanged(stale);
}

}  // namespace fewshot::ui
