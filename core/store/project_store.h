#pragma once

#include "store/store_types.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace fewshot::store {

enum class OpenMode { ReadWrite, ReadOnly };

// Progress report of a long job. Returning false cancels the job before it writes anything.
using ProgressCallback = std::function<bool(qint64 done, qint64 total)>;

// A labeling project: one SQLite file (".fewshot") opened through QtSql.
//
// Durability: while open, the file uses WAL journaling with synchronous=FULL,
// and every method that changes something is one committed transaction. So a
// crash or SIGKILL loses nothing that a method had returned from, and neither
// does a power loss on a disk that honours fsync.
// Closing switches the file back to a rollback journal, which leaves a closed
// project as one self-contained file.
//
// Sharing: a read-write store holds a QLockFile "<file>.lock" next to the
// project until it is destroyed. A second read-write open, in this process or
// another, fails with an Error saying who holds the lock. OpenMode::ReadOnly
// opens without the lock and rejects writes. A lock left by a crashed process
// on this host is recognised by its process id and taken over.
//
// Undo: changes return what they replaced (or the new row), and the matching
// remove and restore methods put rows back exactly, with the same ids and
// times. The GUI's undo commands are meant to be built on these.
//
// Threads: a store belongs to the thread that opened it. Another thread can
// read through its own read-only store, but writes go through the owner.
// Errors: every method throws fewshot::Error with a message naming the file.
class ProjectStore {
public:
    // Creates a new project at `file`, which must not exist. The file appears
    // complete or not at all: it is built under a temporary name and renamed.
    static std::unique_ptr<ProjectStore> create(const QString& file);

    // Opens an existing project, upgrading an older format after saving a copy
    // "<file>.schema-vN.bak". Rejects files made by a newer build.
    static std::unique_ptr<ProjectStore> open(const QString& file,
                                              OpenMode mode = OpenMode::ReadWrite);

    ~ProjectStore();
    ProjectStore(const ProjectStore&) = delete;
    ProjectStore& operator=(const ProjectStore&) = delete;

    static int currentSchemaVersion();
    QString file() const;    // absolute path
    QString folder() const;  // the folder that stored image paths are relative to
    bool isReadOnly() const;

    // Runs `work` as one transaction. Store calls inside it join it, and an
    // exception from `work` rolls all of it back. `action` completes
    // "Could not ..." in error messages.
    void transaction(const QString& action, const std::function<void()>& work);

    // Classes, in display order.
    std::vector<ClassInfo> classes() const;
    ClassInfo classInfo(qint64 classId) const;
    std::optional<ClassInfo> findClass(const QString& name) const;
    // Adds a class at the end of the order. An empty colour gets one from a palette.
    ClassInfo addClass(const ClassInfo& info);
    // Returns the class named `name`, adding it when there is none.
    ClassInfo ensureClass(const QString& name);
    // Changes name, colour, prompt and normal flag, and returns the previous values.
    ClassInfo updateClass(const ClassInfo& info);
    // Removes a class, its labels, predictions and template overrides.
    RemovedClass removeClass(qint64 classId);
    void restoreClass(const RemovedClass& removed);
    // Sets the display order (all class ids) and returns the previous order.
    std::vector<qint64> setClassOrder(const std::vector<qint64>& classIds);

    // Template sets.
    std::vector<TemplateSet> templateSets() const;
    TemplateSet templateSet(qint64 setId) const;
    TemplateSet addTemplateSet(const QString& name, const QStringList& templates);
    // Renames the set, replaces its templates and returns the previous set.
    TemplateSet updateTemplateSet(qint64 setId, const QString& name, const QStringList& templates);
    TemplateSet removeTemplateSet(qint64 setId);
    void restoreTemplateSet(const TemplateSet& removed);
    std::optional<qint64> activeTemplateSetId() const;
    // Returns the previously active set.
    std::optional<qint64> setActiveTemplateSet(std::optional<qint64> setId);
    // Sets a class's own templates within a set (empty removes the override)
    // and returns the previous override.
    QStringList setClassTemplates(qint64 setId, qint64 classId, const QStringList& templates);
    // Returns the templates used for a class: its override in the active set,
    // else the active set's list, and none when no set is active.
    QStringList templatesForClass(qint64 classId) const;

    // Images.
    // Adds images and their labels in one transaction. An image whose path is
    // already in the project keeps its row, and its label follows `conflict`.
    AddImagesResult addImages(const std::vector<ImageToAdd>& images, LabelConflict conflict);
    std::vector<ImageInfo> images() const;
    qint64 imageCount() const;
    ImageInfo image(qint64 imageId) const;
    std::optional<ImageInfo> findImage(const QString& absolutePath) const;
    QString absolutePath(const ImageInfo& image) const;
    // Returns the form an absolute path is stored in, relative to folder() when possible.
    QString storedPath(const QString& absolutePath) const;
    // Images whose files are not at their stored path.
    std::vector<ImageInfo> missingImages() const;
    RemovedImage removeImage(qint64 imageId);
    void restoreImage(const RemovedImage& removed);
    // Looks for the missing images' files by SHA-256 under `searchFolder`
    // (recursively, hashing only files of a matching size) and stores the
    // paths found. Images not found stay listed, with their labels.
    RelinkResult relinkMissing(const QString& searchFolder, const ProgressCallback& progress = {});
    // Points one image at another file with the same content and returns the previous stored path.
    QString relinkImage(qint64 imageId, const QString& absolutePath);

    // Labels: one per image.
    std::optional<Label> label(qint64 imageId) const;
    std::vector<Label> labels() const;
    // Returns the previous label.
    std::optional<Label> setLabel(qint64 imageId, qint64 classId, LabelSource source);
    std::optional<Label> clearLabel(qint64 imageId);
    // Puts back a label returned by setLabel or clearLabel (none clears it).
    void restoreLabel(qint64 imageId, const std::optional<Label>& label);

    // Predictions, the latest per image and model.
    void setPredictions(const QString& model, const std::vector<Prediction>& predictions);
    std::vector<Prediction> predictions(const QString& model) const;
    void clearPredictions(const QString& model);

    // Training runs. Epochs are stored as they finish, so a crashed run keeps
    // its curves. Runs still "running" when a project is opened become "interrupted".
    qint64 startRun(const QString& method, const QString& model,
                    const QJsonObject& hyperparameters, qint64 seed);
    void addEpoch(qint64 runId, const EpochMetrics& epoch);
    void finishRun(qint64 runId, RunStatus status, const QJsonObject& metrics);
    void setRunExportPath(qint64 runId, const QString& path);
    std::vector<TrainingRun> runs() const;  // oldest first, with epochs
    TrainingRun run(qint64 runId) const;
    void removeRun(qint64 runId);
    // Stores the trained head of a run, replacing an earlier one. Removing
    // the run removes its head.
    void setRunHead(qint64 runId, const RunHead& head);
    // The run's head, or none when the run stored no head (runs that failed,
    // and runs recorded before project format 3).
    std::optional<RunHead> runHead(qint64 runId) const;

    // Embedding cache. Image vectors are keyed by model fingerprint,
    // preprocessing key, content hash and augmentation index, so renamed or
    // moved files keep their vectors. Storing a key again replaces its vector.
    void storeImageEmbeddings(const QString& model, const QString& preprocess,
                              const std::vector<ImageEmbedding>& embeddings,
                              VectorPrecision precision);
    // One entry per requested hash, empty where nothing is cached.
    std::vector<std::optional<std::vector<float>>> findImageEmbeddings(
        const QString& model, const QString& preprocess, int augmentation,
        const std::vector<QString>& sha256s) const;
    void storeTextEmbeddings(const QString& model, const std::vector<TextEmbedding>& embeddings,
                             VectorPrecision precision);
    std::vector<std::optional<std::vector<float>>> findTextEmbeddings(
        const QString& model, const QStringList& prompts) const;
    qint64 imageEmbeddingCount() const;
    qint64 textEmbeddingCount() const;
    // Removes the cached vectors of one model, or of all models when `model`
    // is empty, and returns how many were removed.
    qint64 clearEmbeddingCache(const QString& model = QString());
    // Removes image vectors whose content hash no longer belongs to any image.
    qint64 pruneImageEmbeddings();

    // The CLIP model folder last used with this project by the command line
    // (an absolute path), or an empty string when none was recorded.
    QString modelFolder() const;
    void setModelFolder(const QString& absolutePath);

    ProjectSummary summary() const;

    struct Impl;

private:
    explicit ProjectStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

}  // namespace fewshot::store
