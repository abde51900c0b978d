#pragma once

#include "ui/project_requests.h"
#include "ui/project_snapshot.h"

#include "engine/classifier_head.h"
#include "store/project_import.h"
#include "store/project_store.h"

#include <QJsonObject>
#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

namespace fewshot::ui {

// Owns the open ProjectStore on the project thread. The store belongs to the
// thread that opened it, so every call below runs there: ProjectController
// queues them and this object replies with signals. After each change it
// sends a fresh ProjectSnapshot; several changes queued back to back share
// one snapshot.
//
// Removals and imports keep what they removed or replaced under a token
// chosen by the caller, so that undo and redo can be queued right behind the
// change without waiting for its result.
//
// Snapshots count the images whose files are missing. The count is taken
// again after opening, imports, removals and relinking only, because it
// checks every file.
class ProjectWorker : public QObject {
    Q_OBJECT

public:
    explicit ProjectWorker(QObject* parent = nullptr);
    ~ProjectWorker() override;

    void createProject(const QString& file);
    void openProject(const QString& file);
    void closeProject();

    // Imports files and folders as examples of `className` (added when new)
    // or, without it, into the unlabeled pool.
    void importImages(qint64 token, const QStringList& paths, const std::optional<QString>& className,
                      const std::shared_ptr<std::atomic_bool>& cancel);
    // Imports a folder with one sub-folder per class; its images become
    // examples of those classes, which are added when new.
    void importClassFolders(qint64 token, const QString& folder, const std::shared_ptr<std::atomic_bool>& cancel);
    // Imports a CSV file of path,label[,source] rows, adding the classes it names.
    void importCsv(qint64 token, const QString& csvFile, const std::shared_ptr<std::atomic_bool>& cancel);
    void undoImport(qint64 token);
    void redoImport(qint64 token);
    // Looks for the missing images under `folder` by content and stores the paths found.
    void relinkMissing(const QString& folder, const std::shared_ptr<std::atomic_bool>& cancel);

    void addClass(qint64 token, const store::ClassInfo& info);
    void updateClass(const store::ClassInfo& info);
    // Removes `classId`, or without it the class that addClass(token) added.
    void removeClass(qint64 token, std::optional<qint64> classId);
    void restoreClass(qint64 token);
    void setClassOrder(const std::vector<qint64>& classIds);

    void applyLabels(const std::vector<LabelChange>& changes);
    void removeImages(qint64 token, const std::vector<qint64>& imageIds);
    void restoreImages(qint64 token);

    void addTemplateSet(qint64 token, const QString& name, const QStringList& templates, bool activate);
    void updateTemplateSet(qint64 setId, const QString& name, const QStringList& templates);
    // Removes `setId`, or without it the set that addTemplateSet(token) added.
    void removeTemplateSet(qint64 token, std::optional<qint64> setId);
    void restoreTemplateSet(qint64 token);
    void setActiveTemplateSet(std::optional<qint64> setId);
    void setClassTemplates(qint64 setId, qint64 classId, const QStringList& templates);

    void savePredictions(const QString& model, const std::vector<store::Prediction>& predictions);
    void loadPredictions(qint64 requestId, const QString& model);
    void findImageEmbeddings(qint64 requestId, const QString& model, const QString& preprocess,
                             const QStringList& sha256s);
    void storeImageEmbeddings(const QString& model, const QString& preprocess,
                              const std::vector<store::ImageEmbedding>& embeddings);

    void startRun(qint64 jobId, const QString& method, const QString& model,
                  const QJsonObject& hyperparameters, qint64 seed);
    void addEpoch(qint64 jobId, const store::EpochMetrics& epoch);
    // Records the end of a job's run, with its trained head when `head` is
    // set. `headDescription` is the JSON of an engine::HeadDescription; the
    // run id and the project file are added to its "training" object.
    void finishRun(qint64 jobId, store::RunStatus status, const QJsonObject& metrics,
                   const std::shared_ptr<const engine::ClassifierHead>& head = nullptr,
                   const QJsonObject& headDescription = QJsonObject());
    void readRunHead(qint64 requestId, qint64 runId);
    void setRunExportPath(qint64 runId, const QString& path);
    void removeRun(qint64 runId);

    void exportLabels(qint64 requestId, LabelExportFormat format, const QString& output, bool symlinks);

Q_SIGNALS:
    void snapshotReady(const fewshot::ui::SnapshotPtr& snapshot);
    void requestFailed(const QString& message);
    void projectOpened(const QString& file, bool created);
    void projectOpenFailed(const QString& message);
    void projectClosed();
    void importProgress(qint64 token, qint64 done, qint64 total);
    void importFinished(qint64 token, const fewshot::ui::ImportSummary& summary);
    void relinkProgress(qint64 done, qint64 total);
    void relinkFinished(const fewshot::ui::RelinkSummary& summary);
    // The head of a run, or null after a request error.
    void runHeadRead(qint64 requestId, const fewshot::ui::StoredRunHeadPtr& head);
    void predictionsLoaded(qint64 requestId, const fewshot::ui::PredictionListPtr& predictions);
    void embeddingsFound(qint64 requestId, const fewshot::ui::EmbeddingMapPtr& embeddings);
    void runStarted(qint64 jobId, qint64 runId);
    void labelExportFinished(qint64 requestId, const fewshot::ui::LabelExportSummary& summary);

private:
    struct LabelTransition {
        qint64 imageId = 0;
        std::optional<store::Label> before;
        std::optional<store::Label> after;
    };
    struct ImportRecord {
        std::vector<qint64> newImageIds;
        std::vector<store::RemovedImage> removedImages;  // filled by undo
        std::vector<LabelTransition> transitions;        // images that were already present
        std::vector<qint64> newClassIds;
        std::vector<store::RemovedClass> removedClasses;  // filled by undo
    };
    using ImportFunction = std::function<store::ImportResult(store::ProjectStore&, const store::ImportOptions&)>;

    // Runs one request: counts it, reports an Error through requestFailed,
    // and schedules a snapshot when `changes` is true. Returns false on error.
    bool handle(const std::function<void()>& work, bool changes = true);
    void scheduleSnapshot();
    void emitSnapshot();
    std::shared_ptr<ProjectSnapshot> buildSnapshot() const;
    void openStore(const QString& file, bool create);
    void seedNewProject();
    // Runs `import` with progress and cancellation, keeps what it changed
    // for undo under `token`, and sends importFinished.
    void runImport(qint64 token, ImportSummary summary, const std::shared_ptr<std::atomic_bool>& cancel,
                   const ImportFunction& import);
    ImportRecord recordImport(const std::vector<qint64>& importedIds,
                              const QHash<qint64, store::ImageInfo>& before,
                              const QHash<qint64, store::Label>& labelsBefore) const;
    int countMissingImages() const;
    store::ProjectStore& store();

    std::unique_ptr<store::ProjectStore> store_;
    quint64 sequence_ = 0;
    bool snapshotPending_ = false;
    int missingImages_ = 0;
    bool missingImagesStale_ = true;
    QHash<qint64, ImportRecord> imports_;
    QHash<qint64, qint64> addedClasses_;
    QHash<qint64, store::RemovedClass> removedClasses_;
    QHash<qint64, qint64> addedSets_;
    QHash<qint64, store::TemplateSet> removedSets_;
    QHash<qint64, std::vector<store::RemovedImage>> removedImages_;
    QHash<qint64, qint64> runIds_;  // job id -> run id
};

}  // namespace fewshot::ui
