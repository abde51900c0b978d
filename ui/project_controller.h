#pragma once

#include "ui/project_requests.h"
#include "ui/project_snapshot.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <functional>
#include <memory>

class QThread;
class QUndoStack;

namespace fewshot::ui {

class ProjectWorker;

// The GUI side of the open project. It runs a ProjectWorker on its own
// thread, queues requests to it, and keeps the latest ProjectSnapshot.
//
// Label changes show at once: they are applied to the snapshot here and sent
// to the project thread, and they stay applied on top of the snapshots that
// arrive until the project thread has handled them. Labeling with the
// keyboard therefore does not wait for the database writes.
//
// Every user change goes through the undo stack (undo_commands.h).
class ProjectController : public QObject {
    Q_OBJECT

public:
    explicit ProjectController(QObject* parent = nullptr);
    // Closes the project on its thread and stops the thread.
    ~ProjectController() override;

    bool isOpen() const { return open_; }
    SnapshotPtr snapshot() const { return current_; }
    QUndoStack* undoStack() const { return undoStack_; }
    // Imports, relinks and exports still running.
    int runningJobs() const { return runningImports_ + runningRelinks_ + runningExports_; }

    void createProject(const QString& file);
    void openProject(const QString& file);
    void closeProject();
    // Waits until the project thread has handled every queued request; for
    // shutdown and tests, never for interactive use.
    void waitForIdle();

    // Queues `request` to run on the project thread with its worker.
    void post(const std::function<void(ProjectWorker&)>& request);
    qint64 newToken() { return ++lastToken_; }

    // Imports dropped files and folders; the undo command follows on success.
    void importImages(const QStringList& paths, const std::optional<qint64>& classId);
    // Imports a folder with one sub-folder per class as examples of those
    // classes, undoably like importImages.
    void importClassFolders(const QString& folder);
    // Imports a CSV file of path,label[,source] rows, undoably like importImages.
    void importCsv(const QString& csvFile);
    // Looks for the missing images under `folder`; relinkFinished follows.
    // Relinking is not undoable: it only repairs paths.
    void relinkMissing(const QString& folder);
    // Cancels running imports and relinks; they change nothing then.
    void cancelImports();

    // Applies label changes now and queues them; used by the undo commands.
    void applyLabels(const std::vector<LabelChange>& changes);
    // Labels images in one undoable step; no class clears the labels.
    void labelImages(const std::vector<qint64>& imageIds, std::optional<qint64> classId,
                     store::LabelSource source, const QString& actionText);

    void exportLabels(LabelExportFormat format, const QString& output, bool symlinks);

    ProjectWorker* worker() const { return worker_; }

Q_SIGNALS:
    void snapshotChanged(const fewshot::ui::SnapshotPtr& snapshot);
    void projectOpened(const QString& file, bool created);
    void projectOpenFailed(const QString& message);
    void projectClosed();
    void errorOccurred(const QString& message);
    void importProgress(qint64 done, qint64 total);
    void importFinished(const fewshot::ui::ImportSummary& summary);
    void relinkProgress(qint64 done, qint64 total);
    void relinkFinished(const fewshot::ui::RelinkSummary& summary);
    void labelExportFinished(const fewshot::ui::LabelExportSummary& summary);
    void runningJobsChanged(int count);

private:
    struct PendingLabel {
        quint64 sequence = 0;
        std::optional<store::Label> target;
    };
    void receiveSnapshot(const SnapshotPtr& snapshot);
    void startImport(const std::function<void(ProjectWorker&, qint64 token,
                                              const std::shared_ptr<std::atomic_bool>& cancel)>& request);
    void finishImport(qint64 token, const ImportSummary& summary);
    static QString importActionText(const ImportSummary& summary);
    SnapshotPtr withPendingLabels(const SnapshotPtr& snapshot) const;

    QThread* thread_ = nullptr;
    ProjectWorker* worker_ = nullptr;
    QUndoStack* undoStack_ = nullptr;
    SnapshotPtr current_;
    QHash<qint64, PendingLabel> pendingLabels_;
    std::shared_ptr<std::atomic_bool> cancelImports_;
    quint64 issued_ = 0;
    qint64 lastToken_ = 0;
    int runningImports_ = 0;
    int runningRelinks_ = 0;
    int runningExports_ = 0;
    bool open_ = false;
};

}  // namespace fewshot::ui
