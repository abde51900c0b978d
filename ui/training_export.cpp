// Head export of TrainingController: the description the engine writes
// next to the weights, and the background export itself.

#include "ui/training_controller.h"

#include "ui/model_controller.h"
#include "ui/project_controller.h"
#include "ui/project_worker.h"

#include <QFile>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QtConcurrent/QtConcurrentRun>

namespace fewshot::ui {

engine::HeadDescription TrainingController::describeHead(const TrainingJobState& state) const
{
    const auto toJson = [](const QJsonObject& object) {
        return nlohmann::json::parse(QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString());
    };
    const ModelInfo& model = model_->info();
    engine::HeadDescription description;
    description.method = state.settings.method.toStdString();
    for (const QString& name : state.data->classNames)
        description.classNames.push_back(name.toStdString());
    // NOTE: per-class template overrides are not recorded; the set's list is.
    for (const QString& entry : state.data->templates)
        description.templates.push_back(entry.toStdString());
    description.clipModelName = model.name.toStdString();
    description.clipModelFingerprint = model.fingerprint.toStdString();
    description.preprocessing = {{"resize_shortest_edge", model.resizeShortestEdge},
                                 {"crop_size", model.cropSize},
                                 {"mean", model.mean},
                                 {"std", model.std}};
    description.hyperparameters = toJson(state.outcome->hyperparameters);
    description.metrics = toJson(state.outcome->metricsJson());
    description.training = {{"support_size", state.data->support.size()},
                            {"validation_size", state.data->validation.size()},
                            {"seed", state.settings.seed},
                            {"support_source", "project examples"}};
    return description;
}

void TrainingController::exportHead(qint64 jobId, const QString& folder)
{
    const TrainingJobState* state = job(jobId);
    if (state == nullptr || !state->outcome || !state->data) {
        Q_EMIT errorOccurred(tr("Only finished training runs of this session can be exported."));
        return;
    }
    const engine::HeadDescription description = describeHead(*state);
    const TrainingOutcomePtr outcome = state->outcome;

    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, jobId, folder] {
        const QString error = watcher->result();
        watcher->deleteLater();
        const auto it = jobs_.find(jobId);
        if (!error.isEmpty()) {
            Q_EMIT errorOccurred(error);
            Q_EMIT exportFinished(jobId, folder, false);
            return;
        }
        if (it != jobs_.end()) {
            it->exportPath = folder;
            const qint64 runId = it->runId;
            if (runId != 0 && project_->isOpen())
                project_->post([runId, folder](ProjectWorker& worker) { worker.setRunExportPath(runId, folder); });
            Q_EMIT jobChanged(jobId);
        }
        Q_EMIT exportFinished(jobId, folder, true);
    });
    watcher->setFuture(QtConcurrent::run([folder, outcome, description]() -> QString {
        try {
            engine::exportHeadFolder(std::filesystem::path(QFile::encodeName(folder).toStdString()), outcome->head,
                                     description);
            return {};
        } catch (const std::exception& error) {
            return QString::fromStdString(error.what());
        }
    }));
}

}  // namespace fewshot::ui
