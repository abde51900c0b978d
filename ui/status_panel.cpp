#include "ui/status_panel.h"

#include "ui/model_controller.h"
#include "ui/prediction_controller.h"
#include "ui/project_controller.h"
#include "ui/training_controller.h"

#include <QLabel>
#include <QStatusBar>

namespace fewshot::ui {

StatusPanel::StatusPanel(const StudioContext& context, QStatusBar* bar, QObject* parent)
    : QObject(parent), context_(context)
{
    model_ = new QLabel(bar);
    model_->setObjectName(QStringLiteral("statusModel"));
    device_ = new QLabel(bar);
    jobs_ = new QLabel(bar);
    jobs_->setObjectName(QStringLiteral("statusJobs"));
    cache_ = new QLabel(bar);
    cache_->setObjectName(QStringLiteral("statusCache"));
    bar->addPermanentWidget(model_);
    bar->addPermanentWidget(device_);
    bar->addPermanentWidget(jobs_);
    bar->addPermanentWidget(cache_);

    const auto update = [this] { refresh(); };
    connect(context_.model, &ModelController::loadingStarted, this, update);
    connect(context_.model, &ModelController::modelLoaded, this, update);
    connect(context_.model, &ModelController::modelLoadFailed, this, update);
    connect(context_.model, &ModelController::runningJobsChanged, this, update);
    connect(context_.project, &ProjectController::runningJobsChanged, this, update);
    connect(context_.project, &ProjectController::snapshotChanged, this, update);
    connect(context_.project, &ProjectController::projectClosed, this, update);
    connect(context_.predictions, &PredictionController::runningJobsChanged, this, update);
    connect(context_.predictions, &PredictionController::embeddingsChanged, this, update);
    connect(context_.training, &TrainingController::runningJobsChanged, this, update);
    refresh();
}

int StatusPanel::runningJobs() const
{
    return context_.model->runningJobs() + context_.project->runningJobs() + context_.predictions->runningJobs()
           + context_.training->runningJobs();
}

QString StatusPanel::jobsText() const
{
    const int count = runningJobs();
    return count == 0 ? tr("No running jobs") : tr("%n running job(s)", nullptr, count);
}

void StatusPanel::refresh()
{
    const ModelController* model = context_.model;
    if (model->isLoading())
        model_->setText(tr("Loading model…"));
    else if (model->isLoaded())
        model_->setText(tr("Model: %1").arg(model->info().name));
    else
        model_->setText(tr("No model"));
    device_->setText(model->isLoaded() ? tr("Device: %1, %2").arg(model->info().device, model->info().dtype) : QString());
    device_->setVisible(model->isLoaded());
    jobs_->setText(jobsText());

    const SnapshotPtr snapshot = context_.project->snapshot();
    if (snapshot) {
        cache_->setText(tr("Embeddings: %1 of %n image(s), %2 cached", nullptr, static_cast<int>(snapshot->images.size()))
                            .arg(context_.predictions->embeddedImageCount())
                            .arg(snapshot->imageEmbeddings));
        cache_->setToolTip(tr("%1 image and %2 text embeddings are cached in the project file.")
                               .arg(snapshot->imageEmbeddings)
                               .arg(snapshot->textEmbeddings));
    } else {
        cache_->clear();
    }
    cache_->setVisible(snapshot != nullptr);
}

}  // namespace fewshot::ui
