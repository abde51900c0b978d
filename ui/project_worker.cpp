#include "ui/project_worker.h"

#include "ui/template_presets.h"
#include "ui/ui_log.h"

#include "base/error.h"
#include "image/image_io.h"
#include "store/project_import.h"

#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace fewshot::ui {
namespace {

// Image dimensions for the store, read with the same decoder that later feeds
// the model, so a file that passes here can also be encoded.
store::ImageSize readImageSize(const QString& path)
{
    const RgbImage image = readImage(QFile::encodeName(path).toStdString());
    return {image.width, image.height};
}

}  // namespace

ProjectWorker::ProjectWorker(QObject* parent) : QObject(parent) {}

ProjectWorker::~ProjectWorker() = default;

store::ProjectStore& ProjectWorker::store()
{
    if (!store_)
        throw Error(tr("No project is open. Create or open a project first.").toStdString());
    return *store_;
}

bool ProjectWorker::handle(const std::function<void()>& work, bool changes)
{
    ++sequence_;
    bool succeeded = true;
    try {
        work();
    } catch (const std::exception& error) {
        qCWarning(lcProject) << "project request failed:" << error.what();
        Q_EMIT requestFailed(QString::fromStdString(error.what()));
        succeeded = false;
        // The GUI may have shown the change already; a snapshot puts it right.
        changes = true;
    }
    if (changes && store_)
        scheduleSnapshot();
    return succeeded;
}

void ProjectWorker::scheduleSnapshot()
{
    if (snapshotPending_)
        return;
    snapshotPending_ = true;
    // Queued behind the requests already waiting, so a burst of changes
    // (a label per key press) produces one snapshot.
    QMetaObject::invokeMethod(this, &ProjectWorker::emitSnapshot, Qt::QueuedConnection);
}

void ProjectWorker::emitSnapshot()
{
    snapshotPending_ = false;
    if (!store_)
        return;
    try {
        if (missingImagesStale_) {
            missingImages_ = countMissingImages();
            missingImagesStale_ = false;
        }
        Q_EMIT snapshotReady(buildSnapshot());
    } catch (const std::exception& error) {
        qCWarning(lcProject) << "reading the project failed:" << error.what();
        Q_EMIT requestFailed(QString::fromStdString(error.what()));
    }
}

std::shared_ptr<ProjectSnapshot> ProjectWorker::buildSnapshot() const
{
    auto snapshot = std::make_shared<ProjectSnapshot>();
    snapshot->file = store_->file();
    snapshot->folder = store_->folder();
    snapshot->readOnly = store_->isReadOnly();
    snapshot->classes = store_->classes();
    snapshot->images = store_->images();
    for (const store::ImageInfo& image : snapshot->images)
        snapshot->absolutePaths.insert(image.id, store_->absolutePath(image));
    for (const store::Label& label : store_->labels())
        snapshot->labels.insert(label.imageId, label);
    snapshot->templateSets = store_->templateSets();
    snapshot->activeTemplateSetId = store_->activeTemplateSetId();
    snapshot->runs = store_->runs();
    snapshot->missingImages = missingImages_;
    snapshot->imageEmbeddings = store_->imageEmbeddingCount();
    snapshot->textEmbeddings = store_->textEmbeddingCount();
    snapshot->sequence = sequence_;
    return snapshot;
}

int ProjectWorker::countMissingImages() const
{
    int missing = 0;
    for (const store::ImageInfo& image : store_->images()) {
        if (!QFileInfo::exists(store_->absolutePath(image)))
            ++missing;
    }
    return missing;
}

void ProjectWorker::openStore(const QString& file, bool create)
{
    ++sequence_;
    store_.reset();
    missingImagesStale_ = true;
    try {
        store_ = create ? store::ProjectStore::create(file) : store::ProjectStore::open(file);
        if (create)
            seedNewProject();
    } catch (const std::exception& error) {
        store_.reset();
        qCWarning(lcProject) << "opening" << file << "failed:" << error.what();
        Q_EMIT projectOpenFailed(QString::fromStdString(error.what()));
        return;
    }
    qCInfo(lcProject) << (create ? "created" : "opened") << store_->file();
    imports_.clear();
    addedClasses_.clear();
    removedClasses_.clear();
    addedSets_.clear();
    removedSets_.clear();
    removedImages_.clear();
    runIds_.clear();
    // The GUI accepts snapshots only of an open project, so it hears of the
    // opening first.
    Q_EMIT projectOpened(store_->file(), create);
    emitSnapshot();
}

// A new project starts with the general photo templates active, so that
// zero-shot predictions appear as soon as there are two classes.
void ProjectWorker::seedNewProject()
{
    const TemplatePreset preset = templatePreset(QStringLiteral("general"));
    const store::TemplateSet set = store_->addTemplateSet(preset.name, preset.templates);
    store_->setActiveTemplateSet(set.id);
}

void ProjectWorker::createProject(const QString& file)
{
    openStore(file, true);
}

void ProjectWorker::openProject(const QString& file)
{
    openStore(file, false);
}

void ProjectWorker::closeProject()
{
    ++sequence_;
    if (!store_)
        return;
    qCInfo(lcProject) << "closing" << store_->file();
    store_.reset();
    Q_EMIT projectClosed();
}

void ProjectWorker::importImages(qint64 token, const QStringList& paths,
                                 const std::optional<QString>& className,
                                 const std::shared_ptr<std::atomic_bool>& cancel)
{
    ImportSummary summary;
    summary.className = className.value_or(QString());
    runImport(token, summary, cancel, [&](store::ProjectStore& project, const store::ImportOptions& options) {
        return store::addImageFiles(project, paths, className, options);
    });
}

void ProjectWorker::importClassFolders(qint64 token, const QString& folder,
                                       const std::shared_ptr<std::atomic_bool>& cancel)
{
    ImportSummary summary;
    summary.kind = ImportKind::ClassFolders;
    summary.source = folder;
    runImport(token, summary, cancel, [&](store::ProjectStore& project, store::ImportOptions options) {
        options.classFolderSource = store::LabelSource::Example;
        return store::importClassFolders(project, folder, options);
    });
}

void ProjectWorker::importCsv(qint64 token, const QString& csvFile, const std::shared_ptr<std::atomic_bool>& cancel)
{
    ImportSummary summary;
    summary.kind = ImportKind::Csv;
    summary.source = csvFile;
    runImport(token, summary, cancel, [&](store::ProjectStore& project, store::ImportOptions options) {
        // NOTE: a misspelt label becomes a new class; the import's undo removes it again.
        options.createClasses = true;
        return store::importCsv(project, csvFile, options);
    });
}

void ProjectWorker::runImport(qint64 token, ImportSummary summary, const std::shared_ptr<std::atomic_bool>& cancel,
                              const ImportFunction& import)
{
    const bool succeeded = handle([&] {
        QHash<qint64, store::ImageInfo> before;
        for (const store::ImageInfo& image : store().images())
            before.insert(image.id, image);
        QHash<qint64, store::Label> labelsBefore;
        for (const store::Label& label : store().labels())
            labelsBefore.insert(label.imageId, label);

        store::ImportOptions options;
        options.readSize = readImageSize;
        options.progress = [this, token, cancel](qint64 done, qint64 total) {
            Q_EMIT importProgress(token, done, total);
            return !(cancel && cancel->load());
        };
        const store::ImportResult result = import(store(), options);
        summary.added = result.images.added;
        summary.alreadyPresent = result.images.alreadyPresent;
        summary.labeled = result.images.labeled;
        summary.labelsKept = result.images.labelsKept;
        summary.failures = result.failures;
        summary.warnings = result.warnings;
        summary.classesCreated = result.classesCreated;
        summary.cancelled = result.cancelled;
        if (result.cancelled)
            return;
        ImportRecord record = recordImport(result.images.imageIds, before, labelsBefore);
        for (const QString& name : result.classesCreated) {
            if (const std::optional<store::ClassInfo> created = store().findClass(name))
                record.newClassIds.push_back(created->id);
        }
        imports_.insert(token, std::move(record));
        missingImagesStale_ = true;
    });
    // The core's message has gone out through requestFailed already.
    summary.failed = !succeeded;
    Q_EMIT importFinished(token, summary);
}

ProjectWorker::ImportRecord ProjectWorker::recordImport(const std::vector<qint64>& importedIds,
                                                        const QHash<qint64, store::ImageInfo>& before,
                                                        const QHash<qint64, store::Label>& labelsBefore) const
{
    ImportRecord record;
    QSet<qint64> seen;
    for (qint64 id : importedIds) {
        if (seen.contains(id))
            continue;
        seen.insert(id);
        if (!before.contains(id)) {
            record.newImageIds.push_back(id);
            continue;
        }
        LabelTransition transition;
        transition.imageId = id;
        if (labelsBefore.contains(id))
            transition.before = labelsBefore.value(id);
        transition.after = store_->label(id);
        const bool same = transition.before.has_value() == transition.after.has_value()
                          && (!transition.before
                              || (transition.before->classId == transition.after->classId
                                  && transition.before->source == transition.after->source
                                  && transition.before->time == transition.after->time));
        if (!same)
            record.transitions.push_back(transition);
    }
    return record;
}

void ProjectWorker::undoImport(qint64 token)
{
    handle([&] {
        auto it = imports_.find(token);
        if (it == imports_.end())
            return;
        ImportRecord& record = *it;
        store().transaction(tr("undo adding images"), [&] {
            record.removedImages.clear();
            record.removedClasses.clear();
            for (qint64 id : record.newImageIds)
                record.removedImages.push_back(store().removeImage(id));
            for (const LabelTransition& transition : record.transitions)
                store().restoreLabel(transition.imageId, transition.before);
            // Last, so that the labels of the new classes are gone already.
            for (qint64 id : record.newClassIds)
                record.removedClasses.push_back(store().removeClass(id));
        });
        missingImagesStale_ = true;
    });
}

void ProjectWorker::redoImport(qint64 token)
{
    handle([&] {
        auto it = imports_.find(token);
        if (it == imports_.end())
            return;
        ImportRecord& record = *it;
        store().transaction(tr("redo adding images"), [&] {
            for (const store::RemovedClass& removed : record.removedClasses)
                store().restoreClass(removed);
            for (const store::RemovedImage& removed : record.removedImages)
                store().restoreImage(removed);
            for (const LabelTransition& transition : record.transitions)
                store().restoreLabel(transition.imageId, transition.after);
        });
        record.removedImages.clear();
        record.removedClasses.clear();
        missingImagesStale_ = true;
    });
}

void ProjectWorker::relinkMissing(const QString& folder, const std::shared_ptr<std::atomic_bool>& cancel)
{
    RelinkSummary summary;
    summary.folder = folder;
    const bool succeeded = handle([&] {
        const store::RelinkResult result = store().relinkMissing(folder, [this, cancel](qint64 done, qint64 total) {
            Q_EMIT relinkProgress(done, total);
            return !(cancel && cancel->load());
        });
        summary.missingBefore = result.missingBefore;
        summary.relinked = result.relinked;
        summary.stillMissing = result.stillMissing;
        summary.filesHashed = result.filesHashed;
        summary.cancelled = result.cancelled;
        missingImagesStale_ = true;
    });
    summary.failed = !succeeded;
    Q_EMIT relinkFinished(summary);
}

}  // namespace fewshot::ui
