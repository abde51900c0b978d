#include "ui/model_controller.h"

#include "ui/model_worker.h"
#include "ui/ui_log.h"

#include <QThread>

namespace fewshot::ui {

ModelController::ModelController(QObject* parent)
    : QObject(parent), thread_(new QThread(this)), worker_(new ModelWorker),
      cancelEncoding_(std::make_shared<std::atomic_bool>(false))
{
    qRegisterMetaType<ModelInfo>();
    qRegisterMetaType<SessionPtr>();
    qRegisterMetaType<EncodedBatchPtr>();
    qRegisterMetaType<ZeroShotReplyPtr>();
    qRegisterMetaType<ClassPrototypesPtr>();
    qRegisterMetaType<TemplateScoresPtr>();

    thread_->setObjectName(QStringLiteral("model"));
    worker_->moveToThread(thread_);
    connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);

    connect(worker_, &ModelWorker::modelLoaded, this, [this](qint64 requestId, const ModelInfo& info) {
        if (requestId != loadRequest_)
            return;
        loading_ = false;
        info_ = info;
        Q_EMIT runningJobsChanged(runningJobs());
        Q_EMIT modelLoaded(info);
    });
    connect(worker_, &ModelWorker::sessionChanged, this, [this](qint64 requestId, const SessionPtr& session) {
        if (requestId == loadRequest_ || requestId == 0)
            session_ = session;
    });
    connect(worker_, &ModelWorker::modelLoadFailed, this, [this](qint64 requestId, const QString& message) {
        if (requestId != loadRequest_)
            return;
        loading_ = false;
        Q_EMIT runningJobsChanged(runningJobs());
        Q_EMIT modelLoadFailed(loadingFolder_, message);
    });
    connect(worker_, &ModelWorker::imagesEncoded, this, &ModelController::imagesEncoded);
    connect(worker_, &ModelWorker::encodingProgress, this,
            [this](qint64, qint64 done, qint64 total) { Q_EMIT encodingProgress(done, total); });
    connect(worker_, &ModelWorker::encodingFinished, this, [this](qint64 jobId, bool cancelled) {
        --encodingJobs_;
        Q_EMIT runningJobsChanged(runningJobs());
        Q_EMIT encodingFinished(jobId, cancelled);
    });
    connect(worker_, &ModelWorker::zeroShotReady, this, &ModelController::zeroShotReady);
    connect(worker_, &ModelWorker::prototypesReady, this, &ModelController::prototypesReady);
    connect(worker_, &ModelWorker::templatesScored, this, &ModelController::templatesScored);
    connect(worker_, &ModelWorker::requestFailed, this, &ModelController::requestFailed);
    thread_->start();
}

ModelController::~ModelController()
{
    cancelEncoding_->store(true);
    thread_->quit();
    thread_->wait();
}

void ModelController::post(const std::function<void(ModelWorker&)>& request)
{
    ModelWorker* worker = worker_;
    QMetaObject::invokeMethod(worker_, [worker, request] { request(*worker); }, Qt::QueuedConnection);
}

void ModelController::load(const QString& folder, const ModelLoadOptions& options)
{
    loading_ = true;
    loadingFolder_ = folder;
    loadRequest_ = ++lastRequest_;
    const qint64 requestId = loadRequest_;
    Q_EMIT loadingStarted(folder);
    Q_EMIT runningJobsChanged(runningJobs());
    post([requestId, folder, options](ModelWorker& worker) { worker.load(requestId, folder, options); });
}

qint64 ModelController::encodeImages(const std::vector<ImageToEncode>& images)
{
    const qint64 jobId = ++lastRequest_;
    ++encodingJobs_;
    Q_EMIT runningJobsChanged(runningJobs());
    const auto cancel = cancelEncoding_;
    post([jobId, images, cancel](ModelWorker& worker) { worker.encodeImages(jobId, images, cancel); });
    return jobId;
}

void ModelController::cancelEncoding()
{
    // Jobs hold the flag they were started with; new jobs get a fresh one.
    cancelEncoding_->store(true);
    cancelEncoding_ = std::make_shared<std::atomic_bool>(false);
}

qint64 ModelController::computeZeroShot(const ZeroShotRequestPtr& request)
{
    const qint64 requestId = ++lastRequest_;
    post([requestId, request](ModelWorker& worker) { worker.computeZeroShot(requestId, request); });
    return requestId;
}

qint64 ModelController::computePrototypes(const std::vector<ClassPrompt>& classes)
{
    const qint64 requestId = ++lastRequest_;
    post([requestId, classes](ModelWorker& worker) { worker.computePrototypes(requestId, classes); });
    return requestId;
}

qint64 ModelController::scoreTemplates(const TemplateScoringRequestPtr& request)
{
    const qint64 requestId = ++lastRequest_;
    post([requestId, request](ModelWorker& worker) { worker.scoreTemplates(requestId, request); });
    return requestId;
}

}  // namespace fewshot::ui
