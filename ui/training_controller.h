#pragma once

#include "ui/project_requests.h"
#include "ui/training_types.h"

#include "engine/head_folder.h"

#include <QColor>
#include <QDateTime>
#include <QHash>
#include <QObject>

#include <functional>
#include <optional>
#include <vector>

namespace fewshot::ui {

class ModelController;
class PredictionController;
class ProjectController;
class TrainingJob;

// A training job as the training panel lists it.
struct TrainingJobState {
    enum class Status { Preparing, Running, Finished, Failed, Cancelled };

    qint64 id = 0;
    TrainingSettings settings;
    QString name;   // "#3 Linear probe"
    QColor color;
    Status status = Status::Preparing;
    TrainingPoint lastPoint;
    QString message;  // the failure
    QDateTime startedAt;
    qint64 runId = 0;  // the project's run record, once created
    QString projectFile;  // the project the run record belongs to
    TrainingDataPtr data;
    TrainingOutcomePtr outcome;
    QString exportPath;
};

// Runs few-shot training jobs, several at once, each on its own thread.
// A job trains on the embedded example images with class prototypes from
// the active templates, and is measured on the other labeled images. Each
// job is recorded as a training run in the project, with its progress as
// epochs and, once finished, its trained head, so that later sessions and
// `fewshot export --project` can apply or export the run.
class TrainingController : public QObject {
    Q_OBJECT

public:
    TrainingController(ProjectController* project, ModelController* model,
                       PredictionController* predictions, QObject* parent = nullptr);
    // Cancels and waits for every job.
    ~TrainingController() override;

    // Starts one job per settings entry. Returns false with a message through
    // errorOccurred when the project cannot be trained on yet.
    bool start(const std::vector<TrainingSettings>& settings);
    void cancel(qint64 jobId);
    void cancelAll();
    // Waits until no job thread is running; false on timeout.
    bool waitForAll(int milliseconds);

    int runningJobs() const;
    std::vector<qint64> jobIds() const { return order_; }
    const TrainingJobState* job(qint64 jobId) const;

    // Shows the job's predictions in the labeling view.
    void applyToPool(qint64 jobId);
    // Writes the job's head to `folder` in the background; exportFinished follows.
    void exportHead(qint64 jobId, const QString& folder);
    // The same for a training run of the project: with the job's head when
    // the run was trained in this session, else with the head the project
    // stores. runApplied or errorOccurred follows applyRun.
    void applyRun(qint64 runId);
    void exportRun(qint64 runId, const QString& folder);
    // The job of this session that trained `runId` and still has its head, or 0.
    qint64 jobOfRun(qint64 runId) const;

    // Seconds an earlier run of `method` took per example image, scaled to the
    // current example count: an estimate, none without earlier runs.
    std::optional<double> estimateSeconds(const QString& method, int* basedOnRuns = nullptr) const;

    static QString methodDisplayName(const QString& method);
    static QString statusText(TrainingJobState::Status status);
    // The engine's stage names ("cross-validation", "fit", "fine-tuning") for display.
    static QString stageText(const QString& stage);

Q_SIGNALS:
    void jobAdded(qint64 jobId);
    void jobChanged(qint64 jobId);
    void jobProgressed(qint64 jobId, const fewshot::ui::TrainingPoint& point);
    void jobFinished(qint64 jobId);
    // `runId` is 0 for a job without a run record (in a read-only project).
    void exportFinished(qint64 runId, const QString& folder, bool succeeded);
    void runApplied(qint64 runId, const QString& sourceName);
    void errorOccurred(const QString& message);
    void runningJobsChanged(int count);

private:
    void onPrototypes(qint64 requestId, const ClassPrototypesPtr& prototypes);
    std::optional<TrainingData> collectData(QString* problem) const;
    void launch(TrainingJobState& state);
    void connectJob(TrainingJob* job, qint64 jobId);
    static engine::HeadDescription describeHead(const TrainingJobState& state);
    void onRunHeadRead(qint64 requestId, const StoredRunHeadPtr& head);
    // Computes the stored head's predictions of the pool on a pool thread and shows them.
    void applyStoredHead(const StoredRunHeadPtr& head);
    // Runs `write` on a pool thread and records the export in the job and the run.
    void writeHeadFolder(qint64 jobId, qint64 runId, const QString& folder,
                         const std::function<void()>& write);
    void finishJob(qint64 jobId, TrainingJobState::Status status, const TrainingOutcomePtr& outcome,
                   const QString& message);

    ProjectController* project_;
    ModelController* model_;
    PredictionController* predictions_;
    QHash<qint64, TrainingJobState> jobs_;
    QHash<qint64, TrainingJob*> threads_;
    std::vector<qint64> order_;
    struct PendingStart {
        std::vector<qint64> jobIds;
        TrainingData data;  // without prototypes yet
    };
    QHash<qint64, PendingStart> waitingForPrototypes_;  // prototype request id -> jobs
    struct HeadRequest {
        enum class Purpose { Apply, Export };
        Purpose purpose = Purpose::Apply;
        qint64 runId = 0;
        QString folder;  // for an export
    };
    QHash<qint64, HeadRequest> headRequests_;  // stored head request id -> what it is for
    qint64 lastJob_ = 0;
};

}  // namespace fewshot::ui
