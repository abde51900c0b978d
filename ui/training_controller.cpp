#include "ui/training_controller.h"

#include "ui/feature_sets.h"
#include "ui/model_controller.h"
#include "ui/prediction_controller.h"
#include "ui/project_controller.h"
#include "ui/project_worker.h"
#include "ui/run_heads.h"
#include "ui/training_worker.h"
#include "ui/ui_log.h"

#include "widgets/series_colors.h"

#include <QDeadlineTimer>
#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace fewshot::ui {

TrainingController::TrainingController(ProjectController* project, ModelController* model,
                                       PredictionController* predictions, QObject* parent)
    : QObject(parent), project_(project), model_(model), predictions_(predictions)
{
    connect(model_, &ModelController::prototypesReady, this, &TrainingController::onPrototypes);
    connect(model_, &ModelController::requestFailed, this, [this](qint64 requestId, const QString& message) {
        const auto it = waitingForPrototypes_.find(requestId);
        if (it == waitingForPrototypes_.end())
            return;
        const std::vector<qint64> ids = it->jobIds;
        waitingForPrototypes_.erase(it);
        for (qint64 id : ids)
            finishJob(id, TrainingJobState::Status::Failed, nullptr, message);
    });
    connect(project_->worker(), &ProjectWorker::runHeadRead, this, &TrainingController::onRunHeadRead);
    connect(project_->worker(), &ProjectWorker::runStarted, this, [this](qint64 jobId, qint64 runId) {
        const auto it = jobs_.find(jobId);
        if (it == jobs_.end())
            return;
        it->runId = runId;
        Q_EMIT jobChanged(jobId);
    });
}

TrainingController::~TrainingController()
{
    cancelAll();
    // Each TrainingJob's destructor waits for its thread.
    qDeleteAll(threads_);
    threads_.clear();
}

QString TrainingController::methodDisplayName(const QString& method)
{
    if (method == QLatin1String("zero-shot"))
        return tr("Zero-shot");
    if (method == QLatin1String("linear-probe"))
        return tr("Linear probe");
    if (method == QLatin1String("tip-adapter"))
        return tr("Tip-Adapter");
    if (method == QLatin1String("tip-adapter-f"))
        return tr("Tip-Adapter-F");
    if (method == QLatin1String("coop"))
        return tr("CoOp");
    if (method == QLatin1String("ensemble"))
        return tr("Ensemble");
    return method;
}

QString TrainingController::statusText(TrainingJobState::Status status)
{
    switch (status) {
    case TrainingJobState::Status::Preparing:
        return tr("Preparing");
    case TrainingJobState::Status::Running:
        return tr("Running");
    case TrainingJobState::Status::Finished:
        return tr("Finished");
    case TrainingJobState::Status::Failed:
        return tr("Failed");
    case TrainingJobState::Status::Cancelled:
        return tr("Cancelled");
    }
    return {};
}

QString TrainingController::stageText(const QString& stage)
{
    if (stage == QLatin1String("cross-validation"))
        return tr("cross-validation");
    if (stage == QLatin1String("fit"))
        return tr("final fit");
    if (stage == QLatin1String("fine-tuning"))
        return tr("fine-tuning");
    return stage;
}

const TrainingJobState* TrainingController::job(qint64 jobId) const
{
    const auto it = jobs_.constFind(jobId);
    return it == jobs_.cend() ? nullptr : &*it;
}

int TrainingController::runningJobs() const
{
    int count = 0;
    for (const TrainingJobState& state : jobs_) {
        if (state.status == TrainingJobState::Status::Preparing || state.status == TrainingJobState::Status::Running)
            ++count;
    }
    return count;
}

std::optional<TrainingData> TrainingController::collectData(QString* problem) const
{
    const SnapshotPtr snapshot = project_->snapshot();
    if (!snapshot) {
        *problem = tr("Open or create a project before training.");
        return std::nullopt;
    }
    if (!model_->isLoaded()) {
        *problem = tr("Load a CLIP model on the start page before training.");
        return std::nullopt;
    }
    if (snapshot->classes.size() < 2) {
        *problem = tr("Training needs at least two classes. Add classes in the Classes panel.");
        return std::nullopt;
    }
    const auto& embeddings = predictions_->embeddings();
    const LabeledFeatures support = labeledFeatures(*snapshot, embeddings, LabelFilter::Examples);
    const QStringList empty = classesWithoutImages(*snapshot, support);
    if (!empty.isEmpty()) {
        *problem = tr("These classes have no example image with an embedding yet: %1. Drop example "
                      "images on them, or wait until their embeddings are computed.")
                       .arg(empty.join(QStringLiteral(", ")));
        return std::nullopt;
    }
    const LabeledFeatures validation = labeledFeatures(*snapshot, embeddings, LabelFilter::NonExamples);

    TrainingData data;
    for (const store::ClassInfo& info : snapshot->classes) {
        data.classIds.push_back(info.id);
        data.classNames.append(info.name);
    }
    if (const store::TemplateSet* active = snapshot->activeTemplateSet())
        data.templates = active->templates;
    data.model = model_->info();
    data.dim = model_->info().embeddingDim;
    data.logitScale = model_->info().logitScale;
    data.support = support.rows;
    data.supportLabels = support.labels;
    data.validation = validation.rows;
    data.validationLabels = validation.labels;
    for (const store::ImageInfo& image : snapshot->images) {
        const EmbeddingVector embedding = embeddings.value(image.sha256);
        if (embedding) {
            data.poolImageIds.push_back(image.id);
            data.pool.push_back(embedding);
        }
    }
    return data;
}

bool TrainingController::start(const std::vector<TrainingSettings>& settings)
{
    if (settings.empty()) {
        Q_EMIT errorOccurred(tr("Choose at least one method to train."));
        return false;
    }
    QString problem;
    std::optional<TrainingData> data = collectData(&problem);
    if (!data) {
        Q_EMIT errorOccurred(problem);
        return false;
    }
    const SnapshotPtr snapshot = project_->snapshot();
    PendingStart pending;
    pending.data = std::move(*data);
    const std::vector<ClassPrompt> prompts = PredictionController::classPrompts(*snapshot);
    for (const ClassPrompt& prompt : prompts)
        pending.data.classTexts.push_back(prompt.text.toStdString());
    // Only jobs that train through the text encoder keep the model alive.
    if (std::any_of(settings.begin(), settings.end(), [](const TrainingSettings& entry) { return entry.needsModel(); }))
        pending.data.session = model_->session();
    for (const TrainingSettings& entry : settings) {
        TrainingJobState state;
        state.id = ++lastJob_;
        state.settings = entry;
        state.name = tr("#%1 %2").arg(state.id).arg(methodDisplayName(entry.method));
        state.color = widgets::seriesColor(static_cast<int>(state.id - 1));
        state.startedAt = QDateTime::currentDateTime();
        state.projectFile = snapshot->file;
        jobs_.insert(state.id, state);
        order_.push_back(state.id);
        pending.jobIds.push_back(state.id);
        Q_EMIT jobAdded(state.id);
    }
    const qint64 requestId = model_->computePrototypes(prompts);
    waitingForPrototypes_.insert(requestId, std::move(pending));
    Q_EMIT runningJobsChanged(runningJobs());
    return true;
}

void TrainingController::onPrototypes(qint64 requestId, const ClassPrototypesPtr& prototypes)
{
    const auto it = waitingForPrototypes_.find(requestId);
    if (it == waitingForPrototypes_.end())
        return;
    PendingStart pending = std::move(*it);
    waitingForPrototypes_.erase(it);
    pending.data.prototypes = prototypes->values;
    const auto data = std::make_shared<const TrainingData>(std::move(pending.data));
    for (qint64 id : pending.jobIds) {
        TrainingJobState& state = jobs_[id];
        if (state.status != TrainingJobState::Status::Preparing)
            continue;  // cancelled while the prototypes were computed
        state.data = data;
        launch(state);
    }
}

void TrainingController::launch(TrainingJobState& state)
{
    state.status = TrainingJobState::Status::Running;
    auto* job = new TrainingJob(state.settings, state.data, this);
    threads_.insert(state.id, job);
    connectJob(job, state.id);

    QJsonObject hyperparameters = state.settings.toJson();
    hyperparameters.insert(QStringLiteral("support_size"), static_cast<qint64>(state.data->support.size()));
    hyperparameters.insert(QStringLiteral("classes"), QJsonArray::fromStringList(state.data->classNames));
    const qint64 jobId = state.id;
    const QString method = state.settings.method;
    const QString modelKey = model_->info().fingerprint;
    const qint64 seed = state.settings.seed;
    project_->post([jobId, method, modelKey, hyperparameters, seed](ProjectWorker& worker) {
        worker.startRun(jobId, method, modelKey, hyperparameters, seed);
    });
    qCInfo(lcTraining) << "starting job" << jobId << method << "on" << state.data->support.size() << "examples";
    job->start();
    Q_EMIT jobChanged(jobId);
}

void TrainingController::connectJob(TrainingJob* job, qint64 jobId)
{
    connect(job, &TrainingJob::progressed, this, [this, jobId](const TrainingPoint& point) {
        const auto it = jobs_.find(jobId);
        if (it == jobs_.end())
            return;
        it->lastPoint = point;
        store::EpochMetrics epoch;
        epoch.epoch = point.index;
        if (std::isfinite(point.trainingLoss))
            epoch.loss = point.trainingLoss;
        if (std::isfinite(point.validationLoss))
            epoch.validationLoss = point.validationLoss;
        if (std::isfinite(point.validationAccuracy))
            epoch.accuracy = point.validationAccuracy;
        project_->post([jobId, epoch](ProjectWorker& worker) { worker.addEpoch(jobId, epoch); });
        Q_EMIT jobProgressed(jobId, point);
        Q_EMIT jobChanged(jobId);
    });
    connect(job, &TrainingJob::finished, this, [this, jobId](const TrainingOutcomePtr& outcome) {
        finishJob(jobId, TrainingJobState::Status::Finished, outcome, QString());
    });
    connect(job, &TrainingJob::failed, this, [this, jobId](const QString& message) {
        finishJob(jobId, TrainingJobState::Status::Failed, nullptr, message);
    });
    connect(job, &TrainingJob::cancelled, this, [this, jobId] {
        finishJob(jobId, TrainingJobState::Status::Cancelled, nullptr, QString());
    });
}

void TrainingController::finishJob(qint64 jobId, TrainingJobState::Status status,
                                   const TrainingOutcomePtr& outcome, const QString& message)
{
    const auto it = jobs_.find(jobId);
    if (it == jobs_.end())
        return;
    it->status = status;
    it->outcome = outcome;
    it->message = message;

    QJsonObject metrics;
    store::RunStatus runStatus = store::RunStatus::Failed;
    std::shared_ptr<const engine::ClassifierHead> head;
    QJsonObject headDescription;
    if (status == TrainingJobState::Status::Finished) {
        // The measurements after the fit become the run's last epoch, so that
        // stored curves end with the same points as the live plot.
        store::EpochMetrics last;
        last.epoch = it->lastPoint.index + 1;
        last.loss = outcome->trainingLoss;
        if (outcome->validationCount > 0) {
            last.validationLoss = outcome->validationLoss;
            last.accuracy = outcome->validationAccuracy;
        }
        if (project_->isOpen())
            project_->post([jobId, last](ProjectWorker& worker) { worker.addEpoch(jobId, last); });
        metrics = outcome->metricsJson();
        metrics.insert(QStringLiteral("hyperparameters"), outcome->hyperparameters);
        runStatus = store::RunStatus::Finished;
        // Shares the outcome, so the head is not copied.
        head = std::shared_ptr<const engine::ClassifierHead>(outcome, &outcome->head);
        headDescription = headDescriptionToQJson(describeHead(*it));
    } else if (status == TrainingJobState::Status::Cancelled) {
        runStatus = store::RunStatus::Cancelled;
    } else {
        metrics.insert(QStringLiteral("error"), message);
        Q_EMIT errorOccurred(tr("Training %1 failed: %2").arg(it->name, message));
    }
    if (project_->isOpen()) {
        project_->post([jobId, runStatus, metrics, head, headDescription](ProjectWorker& worker) {
            worker.finishRun(jobId, runStatus, metrics, head, headDescription);
        });
    }
    if (TrainingJob* job = threads_.take(jobId))
        job->deleteLater();
    Q_EMIT jobChanged(jobId);
    Q_EMIT jobFinished(jobId);
    Q_EMIT runningJobsChanged(runningJobs());
}

void TrainingController::cancel(qint64 jobId)
{
    const auto it = jobs_.find(jobId);
    if (it == jobs_.end())
        return;
    if (TrainingJob* job = threads_.value(jobId)) {
        job->cancel();
        return;
    }
    if (it->status == TrainingJobState::Status::Preparing)
        finishJob(jobId, TrainingJobState::Status::Cancelled, nullptr, QString());
}

void TrainingController::cancelAll()
{
    for (qint64 id : order_)
        cancel(id);
}

bool TrainingController::waitForAll(int milliseconds)
{
    QDeadlineTimer deadline(milliseconds);
    for (TrainingJob* job : std::as_const(threads_)) {
        if (!job->wait(static_cast<int>(std::max<qint64>(0, deadline.remainingTime()))))
            return false;
    }
    return true;
}

void TrainingController::applyToPool(qint64 jobId)
{
    const TrainingJobState* state = job(jobId);
    if (state == nullptr || !state->outcome || !state->data)
        return;
    predictions_->applyPredictions(state->name, state->data->classIds, state->data->poolImageIds,
                                   state->outcome->poolProbabilities);
}

std::optional<double> TrainingController::estimateSeconds(const QString& method, int* basedOnRuns) const
{
    const SnapshotPtr snapshot = project_->snapshot();
    if (basedOnRuns != nullptr)
        *basedOnRuns = 0;
    if (!snapshot)
        return std::nullopt;
    std::vector<double> perExample;
    for (const store::TrainingRun& run : snapshot->runs) {
        const double size = run.hyperparameters.value(QStringLiteral("support_size")).toDouble();
        const double seconds = run.metrics.value(QStringLiteral("seconds")).toDouble();
        if (run.method == method && run.status == store::RunStatus::Finished && size > 0 && seconds > 0)
            perExample.push_back(seconds / size);
    }
    if (perExample.empty())
        return std::nullopt;
    std::sort(perExample.begin(), perExample.end());
    int examples = 0;
    for (const store::Label& label : snapshot->labels) {
        if (label.source == store::LabelSource::Example)
            ++examples;
    }
    if (basedOnRuns != nullptr)
        *basedOnRuns = static_cast<int>(perExample.size());
    return perExample[perExample.size() / 2] * std::max(1, examples);
}

}  // namespace fewshot::ui
