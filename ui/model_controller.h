#pragma once

#include "ui/model_types.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace fewshot::ui {

class ModelWorker;

// The GUI side of the CLIP model: runs a ModelWorker on its own thread,
// numbers the requests, and remembers what is loaded.
class ModelController : public QObject {
    Q_OBJECT

public:
    explicit ModelController(QObject* parent = nullptr);
    // Cancels image encoding and waits for the model thread. NOTE: a model
    // that is still loading cannot be interrupted, so this waits for it.
    ~ModelController() override;

    // A model stays loaded while another one loads, and after that one fails.
    bool isLoaded() const { return info_.isValid(); }
    bool isLoading() const { return loading_; }
    const ModelInfo& info() const { return info_; }
    // The loaded model's session, for jobs that need its encoders; null
    // before the first load. Matches info().
    SessionPtr session() const { return session_; }
    QString loadingFolder() const { return loadingFolder_; }
    int runningJobs() const { return (loading_ ? 1 : 0) + encodingJobs_; }

    void load(const QString& folder, const ModelLoadOptions& options);
    qint64 encodeImages(const std::vector<ImageToEncode>& images);
    void cancelEncoding();
    qint64 computeZeroShot(const ZeroShotRequestPtr& request);
    qint64 computePrototypes(const std::vector<ClassPrompt>& classes);
    qint64 scoreTemplates(const TemplateScoringRequestPtr& request);

Q_SIGNALS:
    void loadingStarted(const QString& folder);
    void modelLoaded(const fewshot::ui::ModelInfo& info);
    void modelLoadFailed(const QString& folder, const QString& message);
    void imagesEncoded(qint64 jobId, const fewshot::ui::EncodedBatchPtr& batch);
    void encodingProgress(qint64 done, qint64 total);
    void encodingFinished(qint64 jobId, bool cancelled);
    void zeroShotReady(qint64 requestId, const fewshot::ui::ZeroShotReplyPtr& reply);
    void prototypesReady(qint64 requestId, const fewshot::ui::ClassPrototypesPtr& prototypes);
    void templatesScored(qint64 requestId, const fewshot::ui::TemplateScoresPtr& scores);
    void requestFailed(qint64 requestId, const QString& message);
    void runningJobsChanged(int count);

private:
    void post(const std::function<void(ModelWorker&)>& request);

    QThread* thread_ = nullptr;
    ModelWorker* worker_ = nullptr;
    ModelInfo info_;
    SessionPtr session_;
    QString loadingFolder_;
    std::shared_ptr<std::atomic_bool> cancelEncoding_;
    qint64 lastRequest_ = 0;
    qint64 loadRequest_ = 0;
    int encodingJobs_ = 0;
    bool loading_ = false;
};

}  // namespace fewshot::ui
