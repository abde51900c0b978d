#include "ui/project_controller.h"

#include "ui/project_worker.h"
#include "ui/ui_log.h"
#include "ui/undo_commands.h"

#include <QFileInfo>
#include <QThread>
#include <QUndoStack>

namespace fewshot::ui {

ProjectController::ProjectController(QObject* parent)
    : QObject(parent), thread_(new QThread(this)), worker_(new ProjectWorker),
      undoStack_(new QUndoStack(this)), cancelImports_(std::make_shared<std::atomic_bool>(false))
{
    qRegisterMetaType<SnapshotPtr>();
    qRegisterMetaType<ImportSummary>();
    qRegisterMetaType<LabelExportSummary>();
    qRegisterMetaType<RelinkSummary>();
    qRegisterMetaType<StoredRunHeadPtr>();
    qRegisterMetaType<EmbeddingMapPtr>();
    qRegisterMetaType<PredictionListPtr>();

    thread_->setObjectName(QStringLiteral("project"));
    worker_->moveToThread(thread_);
    connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);

    connect(worker_, &ProjectWorker::snapshotReady, this, &ProjectController::receiveSnapshot);
    connect(worker_, &ProjectWorker::requestFailed, this, &ProjectController::errorOccurred);
    connect(worker_, &ProjectWorker::projectOpenFailed, this, &ProjectController::projectOpenFailed);
    connect(worker_, &ProjectWorker::projectOpened, this, [this](const QString& file, bool created) {
        open_ = true;
        Q_EMIT projectOpened(file, created);
    });
    connect(worker_, &ProjectWorker::projectClosed, this, [this] {
        open_ = false;
        current_.reset();
        pendingLabels_.clear();
        undoStack_->clear();
        Q_EMIT projectClosed();
    });
    connect(worker_, &ProjectWorker::importProgress, this,
            [this](qint64, qint64 done, qint64 total) { Q_EMIT importProgress(done, total); });
    connect(worker_, &ProjectWorker::importFinished, this, &ProjectController::finishImport);
    connect(worker_, &ProjectWorker::relinkProgress, this, &ProjectController::relinkProgress);
    connect(worker_, &ProjectWorker::relinkFinished, this, [this](const RelinkSummary& summary) {
        --runningRelinks_;
        Q_EMIT runningJobsChanged(runningJobs());
        Q_EMIT relinkFinished(summary);
    });
    connect(worker_, &ProjectWorker::labelExportFinished, this,
            [this](qint64, const LabelExportSummary& summary) {
                --runningExports_;
                Q_EMIT runningJobsChanged(runningJobs());
                Q_EMIT labelExportFinished(summary);
            });
    thread_->start();
}

ProjectController::~ProjectController()
{
    cancelImports_->store(true);
    QMetaObject::invokeMethod(worker_, &ProjectWorker::closeProject, Qt::BlockingQueuedConnection);
    thread_->quit();
    thread_->wait();
}

void ProjectController::post(const std::function<void(ProjectWorker&)>& request)
{
    ++issued_;
    ProjectWorker* worker = worker_;
    QMetaObject::invokeMethod(worker_, [worker, request] { request(*worker); }, Qt::QueuedConnection);
}

void ProjectController::waitForIdle()
{
    QMetaObject::invokeMethod(worker_, [] {}, Qt::BlockingQueuedConnection);
}

void ProjectController::createProject(const QString& file)
{
    undoStack_->clear();
    post([file](ProjectWorker& worker) { worker.createProject(file); });
}

void ProjectController::openProject(const QString& file)
{
    undoStack_->clear();
    post([file](ProjectWorker& worker) { worker.openProject(file); });
}

void ProjectController::closeProject()
{
    cancelImports_->store(true);
    post([](ProjectWorker& worker) { worker.closeProject(); });
}

void ProjectController::receiveSnapshot(const SnapshotPtr& snapshot)
{
    if (!open_)
        return;
    for (auto it = pendingLabels_.begin(); it != pendingLabels_.end();) {
        if (it->sequence <= snapshot->sequence)
            it = pendingLabels_.erase(it);
        else
            ++it;
    }
    current_ = withPendingLabels(snapshot);
    Q_EMIT snapshotChanged(current_);
}

SnapshotPtr ProjectController::withPendingLabels(const SnapshotPtr& snapshot) const
{
    if (pendingLabels_.isEmpty())
        return snapshot;
    auto merged = std::make_shared<ProjectSnapshot>(*snapshot);
    for (auto it = pendingLabels_.cbegin(); it != pendingLabels_.cend(); ++it) {
        if (it->target)
            merged->labels.insert(it.key(), *it->target);
        else
            merged->labels.remove(it.key());
    }
    return merged;
}

void ProjectController::applyLabels(const std::vector<LabelChange>& changes)
{
    if (!current_ || changes.empty())
        return;
    post([changes](ProjectWorker& worker) { worker.applyLabels(changes); });
    for (const LabelChange& change : changes) {
        PendingLabel pending{issued_, change.target};
        if (pending.target && !pending.target->time.isValid()) {
            pending.target->imageId = change.imageId;
            pending.target->time = QDateTime::currentDateTimeUtc();
        }
        pendingLabels_.insert(change.imageId, pending);
    }
    current_ = withPendingLabels(current_);
    Q_EMIT snapshotChanged(current_);
}

void ProjectController::labelImages(const std::vector<qint64>& imageIds, std::optional<qint64> classId,
                                    store::LabelSource source, const QString& actionText)
{
    if (!current_ || imageIds.empty())
        return;
    std::vector<LabelChange> before;
    std::vector<LabelChange> after;
    for (qint64 id : imageIds) {
        LabelChange previous{id, std::nullopt};
        if (current_->labels.contains(id))
            previous.target = current_->labels.value(id);
        LabelChange next{id, std::nullopt};
        if (classId) {
            store::Label label;
            label.imageId = id;
            label.classId = *classId;
            label.source = source;
            next.target = label;
        }
        before.push_back(previous);
        after.push_back(next);
    }
    undoStack_->push(new LabelCommand(this, std::move(before), std::move(after), actionText));
}

void ProjectController::importImages(const QStringList& paths, const std::optional<qint64>& classId)
{
    if (!current_ || paths.isEmpty())
        return;
    std::optional<QString> className;
    if (classId) {
        const store::ClassInfo* info = current_->findClass(*classId);
        if (info == nullptr)
            return;
        className = info->name;
    }
    startImport([paths, className](ProjectWorker& worker, qint64 token, const std::shared_ptr<std::atomic_bool>& cancel) {
        worker.importImages(token, paths, className, cancel);
    });
}

void ProjectController::importClassFolders(const QString& folder)
{
    if (!current_ || folder.isEmpty())
        return;
    startImport([folder](ProjectWorker& worker, qint64 token, const std::shared_ptr<std::atomic_bool>& cancel) {
        worker.importClassFolders(token, folder, cancel);
    });
}

void ProjectController::importCsv(const QString& csvFile)
{
    if (!current_ || csvFile.isEmpty())
        return;
    startImport([csvFile](ProjectWorker& worker, qint64 token, const std::shared_ptr<std::atomic_bool>& cancel) {
        worker.importCsv(token, csvFile, cancel);
    });
}

void ProjectController::startImport(
    const std::function<void(ProjectWorker&, qint64, const std::shared_ptr<std::atomic_bool>&)>& request)
{
    // A cancel request applies to the jobs running at that moment only.
    if (runningImports_ == 0 && runningRelinks_ == 0)
        cancelImports_->store(false);
    const qint64 token = newToken();
    ++runningImports_;
    Q_EMIT runningJobsChanged(runningJobs());
    const auto cancel = cancelImports_;
    post([request, token, cancel](ProjectWorker& worker) { request(worker, token, cancel); });
}

void ProjectController::relinkMissing(const QString& folder)
{
    if (!current_ || folder.isEmpty())
        return;
    if (runningImports_ == 0 && runningRelinks_ == 0)
        cancelImports_->store(false);
    ++runningRelinks_;
    Q_EMIT runningJobsChanged(runningJobs());
    const auto cancel = cancelImports_;
    post([folder, cancel](ProjectWorker& worker) { worker.relinkMissing(folder, cancel); });
}

void ProjectController::cancelImports()
{
    cancelImports_->store(true);
}

QString ProjectController::importActionText(const ImportSummary& summary)
{
    const QString source = QFileInfo(summary.source).fileName();
    switch (summary.kind) {
    case ImportKind::ClassFolders:
        return tr("Import class folders from %1").arg(source);
    case ImportKind::Csv:
        return tr("Import labels from %1").arg(source);
    case ImportKind::Files:
        break;
    }
    return summary.className.isEmpty() ? tr("Add %n image(s) to the pool", nullptr, summary.added)
                                       : tr("Add %n example(s) to %1", nullptr, summary.labeled).arg(summary.className);
}

void ProjectController::finishImport(qint64 token, const ImportSummary& summary)
{
    --runningImports_;
    Q_EMIT runningJobsChanged(runningJobs());
    const bool changed = summary.added > 0 || summary.labeled > 0 || !summary.classesCreated.isEmpty();
    if (!summary.failed && !summary.cancelled && changed)
        undoStack_->push(new ImportCommand(this, token, importActionText(summary)));
    Q_EMIT importFinished(summary);
}

void ProjectController::exportLabels(LabelExportFormat format, const QString& output, bool symlinks)
{
    ++runningExports_;
    Q_EMIT runningJobsChanged(runningJobs());
    const qint64 token = newToken();
    post([token, format, output, symlinks](ProjectWorker& worker) {
        worker.exportLabels(token, format, output, symlinks);
    });
}

}  // namespace fewshot::ui
