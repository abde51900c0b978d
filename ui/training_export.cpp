// Head export and pool predictions of TrainingController: the description
// the engine writes next to the weights, heads of this session's jobs, and
// heads the project stores for its runs.

#include "ui/training_controller.h"

#include "ui/model_controller.h"
#include "ui/prediction_controller.h"
#include "ui/project_controller.h"
#include "ui/project_worker.h"
#include "ui/run_heads.h"

#include "base/error.h"

#include <QFile>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QtConcurrent/QtConcurrentRun>

namespace fewshot::ui {
namespace {

// The pool predictions of a stored head, computed on a pool thread.
struct StoredHeadScores {
    std::vector<qint64> classIds;
    std::vector<qint64> imageIds;
    std::vector<float> probabilities;  // [images, classes]
    QString error;
};

// The GUI-side state that applying a stored head needs, copied so that the
// pool thread touches nothing shared.
struct PoolInputs {
    QHash<QString, qint64> classIds;  // class name -> id
    std::vector<qint64> imageIds;
    std::vector<EmbeddingVector> embeddings;
    QString modelName;
    QString modelFingerprint;
};

StoredHeadScores scoreStoredHead(const StoredRunHead& stored, const PoolInputs& inputs)
{
    StoredHeadScores scores;
    try {
        const DecodedRunHead decoded = decodeRunHead(stored);
        const QString trainedWith = QString::fromStdString(decoded.description.clipModelFingerprint);
        if (!trainedWith.isEmpty() && trainedWith != inputs.modelFingerprint) {
            scores.error = TrainingController::tr("Run %1 was trained with another CLIP model (%2) than the "
                                                  "loaded one (%3), so its classifier does not fit these "
                                                  "embeddings. Load the model it was trained with on the start "
                                                  "page.")
                               .arg(stored.runId)
                               .arg(QString::fromStdString(decoded.description.clipModelName), inputs.modelName);
            return scores;
        }
        QStringList missingClasses;
        for (const std::string& name : decoded.description.classNames) {
            const QString className = QString::fromStdString(name);
            if (!inputs.classIds.contains(className))
                missingClasses.append(className);
            scores.classIds.push_back(inputs.classIds.value(className));
        }
        if (!missingClasses.isEmpty()) {
            scores.error = TrainingController::tr("Run %1 was trained on classes that are no longer in the project: "
                                                  "%2. Rename them back, or train again.")
                               .arg(stored.runId)
                               .arg(missingClasses.join(QStringLiteral(", ")));
            return scores;
        }
        const int64_t dim = decoded.head.dimension();
        engine::FeatureMatrix features(static_cast<int64_t>(inputs.embeddings.size()), dim);
        for (size_t i = 0; i < inputs.embeddings.size(); ++i) {
            const EmbeddingVector& row = inputs.embeddings[i];
            if (!row || static_cast<int64_t>(row->size()) != dim) {
                scores.error = TrainingController::tr("Run %1 expects embeddings of %2 values, but the loaded model "
                                                      "makes others. Load the model it was trained with on the "
                                                      "start page.")
                                   .arg(stored.runId)
                                   .arg(dim);
                return scores;
            }
            std::copy(row->begin(), row->end(), features.row(static_cast<int64_t>(i)));
        }
        scores.imageIds = inputs.imageIds;
        if (!inputs.embeddings.empty())
            scores.probabilities = engine::predictProbabilities(decoded.head, features).values;
    } catch (const std::exception& error) {
        scores.error = QString::fromStdString(error.what());
    }
    return scores;
}

}  // namespace

engine::HeadDescription TrainingController::describeHead(const TrainingJobState& state)
{
    const auto toJson = [](const QJsonObject& object) {
        return nlohmann::json::parse(QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString());
    };
    const ModelInfo& model = state.data->model;
    engine::HeadDescription description;
    description.method = state.settings.method.toStdString();
    for (const QString& name : state.data->classNames)
        description.classNames.push_back(name.toStdString());
    // NOTE: per-class template overrides are not recorded; the set's list is.
    for (const QString& entry : state.data->templates)
        description.templates.push_back(entry.toStdString());
    description.clipModelName = model.name.toStdString();
    description.clipModelFingerprint = model.fingerprint.toStdString();
    description.preprocessing = {{"resize_shortest_edge", model.resizeShortestEdge},
                                 {"crop_size", model.cropSize},
                                 {"mean", model.mean},
                                 {"std", model.std}};
    description.hyperparameters = toJson(state.outcome->hyperparameters);
    description.metrics = toJson(state.outcome->metricsJson());
    description.training = {{"support_size", state.data->support.size()},
                            {"validation_size", state.data->validation.size()},
                            {"seed", state.settings.seed},
                            {"support_source", "project examples"}};
    return description;
}

qint64 TrainingController::jobOfRun(qint64 runId) const
{
    const SnapshotPtr snapshot = project_->snapshot();
    if (runId == 0 || !snapshot)
        return 0;
    // Run ids repeat across projects, and jobs outlive the project they trained in.
    for (qint64 jobId : order_) {
        const TrainingJobState* state = job(jobId);
        if (state != nullptr && state->runId == runId && state->projectFile == snapshot->file && state->outcome
            && state->data)
            return jobId;
    }
    return 0;
}

void TrainingController::exportHead(qint64 jobId, const QString& folder)
{
    const TrainingJobState* state = job(jobId);
    if (state == nullptr || !state->outcome || !state->data) {
        Q_EMIT errorOccurred(tr("Only finished training jobs can be exported."));
        return;
    }
    const engine::HeadDescription description = describeHead(*state);
    const TrainingOutcomePtr outcome = state->outcome;
    writeHeadFolder(jobId, state->runId, folder, [folder, outcome, description] {
        engine::exportHeadFolder(std::filesystem::path(QFile::encodeName(folder).toStdString()), outcome->head,
                                 description);
    });
}

void TrainingController::exportRun(qint64 runId, const QString& folder)
{
    if (const qint64 jobId = jobOfRun(runId)) {
        exportHead(jobId, folder);
        return;
    }
    const qint64 requestId = project_->newToken();
    headRequests_.insert(requestId, {HeadRequest::Purpose::Export, runId, folder});
    project_->post([requestId, runId](ProjectWorker& worker) { worker.readRunHead(requestId, runId); });
}

void TrainingController::applyRun(qint64 runId)
{
    if (const qint64 jobId = jobOfRun(runId)) {
        applyToPool(jobId);
        Q_EMIT runApplied(runId, job(jobId)->name);
        return;
    }
    if (!model_->isLoaded()) {
        Q_EMIT errorOccurred(tr("Load the CLIP model that run %1 was trained with before applying it.").arg(runId));
        return;
    }
    const qint64 requestId = project_->newToken();
    headRequests_.insert(requestId, {HeadRequest::Purpose::Apply, runId, QString()});
    project_->post([requestId, runId](ProjectWorker& worker) { worker.readRunHead(requestId, runId); });
}

void TrainingController::onRunHeadRead(qint64 requestId, const StoredRunHeadPtr& head)
{
    const auto it = headRequests_.find(requestId);
    if (it == headRequests_.end())
        return;
    const HeadRequest request = *it;
    headRequests_.erase(it);
    if (request.purpose == HeadRequest::Purpose::Apply) {
        // Without a head the project thread has reported why already.
        if (head)
            applyStoredHead(head);
        return;
    }
    if (!head) {
        Q_EMIT exportFinished(request.runId, request.folder, false);
        return;
    }
    const QString folder = request.folder;
    writeHeadFolder(0, head->runId, folder, [folder, head] {
        const DecodedRunHead decoded = decodeRunHead(*head);
        engine::exportHeadFolder(std::filesystem::path(QFile::encodeName(folder).toStdString()), decoded.head,
                                 decoded.description);
    });
}

void TrainingController::writeHeadFolder(qint64 jobId, qint64 runId, const QString& folder,
                                         const std::function<void()>& write)
{
    const SnapshotPtr snapshot = project_->snapshot();
    const QString projectFile = snapshot ? snapshot->file : QString();
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, jobId, runId, folder, projectFile] {
        const QString error = watcher->result();
        watcher->deleteLater();
        if (!error.isEmpty()) {
            Q_EMIT errorOccurred(error);
            Q_EMIT exportFinished(runId, folder, false);
            return;
        }
        const auto it = jobs_.find(jobId);
        if (it != jobs_.end()) {
            it->exportPath = folder;
            Q_EMIT jobChanged(jobId);
        }
        // The run ids belong to the project that was open when the export started.
        const SnapshotPtr current = project_->snapshot();
        if (runId != 0 && project_->isOpen() && current && current->file == projectFile && !current->readOnly)
            project_->post([runId, folder](ProjectWorker& worker) { worker.setRunExportPath(runId, folder); });
        Q_EMIT exportFinished(runId, folder, true);
    });
    watcher->setFuture(QtConcurrent::run([write]() -> QString {
        try {
            write();
            return {};
        } catch (const std::exception& error) {
            return QString::fromStdString(error.what());
        }
    }));
}

void TrainingController::applyStoredHead(const StoredRunHeadPtr& head)
{
    const SnapshotPtr snapshot = project_->snapshot();
    if (!snapshot || !model_->isLoaded())
        return;
    auto inputs = std::make_shared<PoolInputs>();
    for (const store::ClassInfo& info : snapshot->classes)
        inputs->classIds.insert(info.name, info.id);
    const auto& embeddings = predictions_->embeddings();
    for (const store::ImageInfo& image : snapshot->images) {
        const EmbeddingVector embedding = embeddings.value(image.sha256);
        if (embedding) {
            inputs->imageIds.push_back(image.id);
            inputs->embeddings.push_back(embedding);
        }
    }
    inputs->modelName = model_->info().name;
    inputs->modelFingerprint = model_->info().fingerprint;

    const qint64 runId = head->runId;
    const QString name = tr("Run %1 %2").arg(runId).arg(methodDisplayName(head->method));
    const QString projectFile = snapshot->file;
    auto* watcher = new QFutureWatcher<StoredHeadScores>(this);
    connect(watcher, &QFutureWatcher<StoredHeadScores>::finished, this, [this, watcher, runId, name, projectFile] {
        const StoredHeadScores scores = watcher->result();
        watcher->deleteLater();
        const SnapshotPtr current = project_->snapshot();
        if (!current || current->file != projectFile)
            return;  // another project was opened meanwhile
        if (!scores.error.isEmpty()) {
            Q_EMIT errorOccurred(scores.error);
            return;
        }
        predictions_->applyPredictions(name, scores.classIds, scores.imageIds, scores.probabilities);
        Q_EMIT runApplied(runId, name);
    });
    watcher->setFuture(QtConcurrent::run([head, inputs] { return scoreStoredHead(*head, *inputs); }));
}

}  // namespace fewshot::ui
