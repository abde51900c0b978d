// Predictions, embedding cache, training runs and label export of ProjectWorker.

#include "ui/project_worker.h"

#include "ui/ui_log.h"

#include "ui/run_heads.h"

#include "base/error.h"
#include "store/project_export.h"

namespace fewshot::ui {

void ProjectWorker::savePredictions(const QString& model, const std::vector<store::Prediction>& predictions)
{
    // Predictions are not part of the snapshot, so saving them needs none.
    // Like the other background writes below, it is dropped quietly when the
    // project was closed while it waited in the queue.
    if (!store_)
        return;
    handle([&] { store().setPredictions(model, predictions); }, false);
}

void ProjectWorker::loadPredictions(qint64 requestId, const QString& model)
{
    auto predictions = std::make_shared<std::vector<store::Prediction>>();
    handle([&] { *predictions = store().predictions(model); }, false);
    Q_EMIT predictionsLoaded(requestId, predictions);
}

void ProjectWorker::findImageEmbeddings(qint64 requestId, const QString& model, const QString& preprocess,
                                        const QStringList& sha256s)
{
    auto found = std::make_shared<EmbeddingMap>();
    handle(
        [&] {
            const std::vector<QString> hashes(sha256s.begin(), sha256s.end());
            const auto vectors = store().findImageEmbeddings(model, preprocess, 0, hashes);
            for (size_t i = 0; i < hashes.size() && i < vectors.size(); ++i) {
                if (vectors[i])
                    found->insert(hashes[i], *vectors[i]);
            }
        },
        false);
    Q_EMIT embeddingsFound(requestId, found);
}

void ProjectWorker::storeImageEmbeddings(const QString& model, const QString& preprocess,
                                         const std::vector<store::ImageEmbedding>& embeddings)
{
    // Float16 halves the cache. Its 11-bit significand keeps each value within
    // a relative 4.9e-4, ample for cosine similarities.
    if (!store_)
        return;
    handle([&] {
        if (!store().isReadOnly())
            store().storeImageEmbeddings(model, preprocess, embeddings, store::VectorPrecision::Float16);
    });
}

void ProjectWorker::startRun(qint64 jobId, const QString& method, const QString& model,
                             const QJsonObject& hyperparameters, qint64 seed)
{
    handle([&] {
        const qint64 runId = store().startRun(method, model, hyperparameters, seed);
        runIds_.insert(jobId, runId);
        Q_EMIT runStarted(jobId, runId);
    });
}

void ProjectWorker::addEpoch(qint64 jobId, const store::EpochMetrics& epoch)
{
    // Epochs arrive many times a second during training; the next snapshot
    // (at the end of the run) carries them.
    if (!store_)
        return;
    handle(
        [&] {
            if (runIds_.contains(jobId))
                store().addEpoch(runIds_.value(jobId), epoch);
        },
        false);
}

void ProjectWorker::finishRun(qint64 jobId, store::RunStatus status, const QJsonObject& metrics,
                              const std::shared_ptr<const engine::ClassifierHead>& head,
                              const QJsonObject& headDescription)
{
    if (!store_)
        return;
    handle([&] {
        if (!runIds_.contains(jobId))
            return;
        const qint64 runId = runIds_.take(jobId);
        if (!head) {
            store().finishRun(runId, status, metrics);
            return;
        }
        QJsonObject description = headDescription;
        QJsonObject training = description.value(QStringLiteral("training")).toObject();
        training.insert(QStringLiteral("project"), store().file());
        training.insert(QStringLiteral("run"), runId);
        description.insert(QStringLiteral("training"), training);
        const store::RunHead record = encodeRunHead(*head, description);
        // One transaction, so that a finished run always has its head.
        store().transaction(tr("record the trained run"), [&] {
            store().setRunHead(runId, record);
            store().finishRun(runId, status, metrics);
        });
    });
}

void ProjectWorker::readRunHead(qint64 requestId, qint64 runId)
{
    std::shared_ptr<StoredRunHead> result;
    handle(
        [&] {
            const store::TrainingRun run = store().run(runId);
            const std::optional<store::RunHead> head = store().runHead(runId);
            if (!head)
                throw Error(tr("Run %1 has no stored classifier head, so it cannot be applied or exported. "
                               "Runs trained before FewShot Studio stored heads, and runs that did not "
                               "finish, have none. Train it again.")
                                .arg(runId)
                                .toStdString());
            result = std::make_shared<StoredRunHead>();
            result->runId = runId;
            result->method = run.method;
            result->weights = head->weights;
            result->description = head->description;
        },
        false);
    Q_EMIT runHeadRead(requestId, result);
}

void ProjectWorker::setRunExportPath(qint64 runId, const QString& path)
{
    handle([&] { store().setRunExportPath(runId, path); });
}

void ProjectWorker::removeRun(qint64 runId)
{
    handle([&] { store().removeRun(runId); });
}

void ProjectWorker::exportLabels(qint64 requestId, LabelExportFormat format, const QString& output,
                                 bool symlinks)
{
    LabelExportSummary summary;
    summary.output = output;
    const bool succeeded = handle(
        [&] {
            store::ExportResult result;
            switch (format) {
            case LabelExportFormat::Csv:
                result = store::exportCsv(store(), output);
                break;
            case LabelExportFormat::Json:
                result = store::exportJson(store(), output);
                break;
            case LabelExportFormat::Folders: {
                store::FolderExportOptions options;
                options.symlinks = symlinks;
                result = store::exportFolders(store(), output, options);
                break;
            }
            }
            summary.exported = result.exported;
            summary.warnings = result.warnings;
            qCInfo(lcProject) << "exported" << result.exported << "labels to" << output;
        },
        false);
    summary.failed = !succeeded;
    Q_EMIT labelExportFinished(requestId, summary);
}

}  // namespace fewshot::ui
