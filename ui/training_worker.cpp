#include "ui/training_worker.h"

#include "ui/ui_log.h"

#include "base/error.h"
#include "engine/method.h"
#include "engine/metrics.h"
#include "pipeline/clip_session.h"
#include "train/method_factory.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QThread>

#include <chrono>
#include <cmath>

namespace fewshot::ui {
namespace {

engine::FeatureMatrix stackRows(const std::vector<EmbeddingVector>& rows, qint64 dim)
{
    engine::FeatureMatrix matrix(static_cast<int64_t>(rows.size()), dim);
    for (size_t i = 0; i < rows.size(); ++i) {
        if (!rows[i] || static_cast<qint64>(rows[i]->size()) != dim)
            throw Error(QCoreApplication::translate("fewshot::ui::TrainingWorker",
                                                    "An image embedding does not match the loaded model. "
                                                    "Load the model again and restart the training.")
                            .toStdString());
        std::copy(rows[i]->begin(), rows[i]->end(), matrix.row(static_cast<int64_t>(i)));
    }
    return matrix;
}

// Mean negative log-likelihood of the true classes.
double logLoss(const engine::FeatureMatrix& probabilities, const std::vector<int64_t>& labels)
{
    if (labels.empty())
        return 0.0;
    double total = 0.0;
    for (size_t i = 0; i < labels.size(); ++i) {
        const double p = probabilities.at(static_cast<int64_t>(i), labels[i]);
        total -= std::log(std::max(p, 1e-12));
    }
    return total / static_cast<double>(labels.size());
}

QJsonObject toQJson(const nlohmann::json& json)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(json.dump())).object();
}

}  // namespace

TrainingWorker::TrainingWorker(TrainingSettings settings, TrainingDataPtr data,
                               std::shared_ptr<std::atomic_bool> cancel)
    : settings_(std::move(settings)), data_(std::move(data)), cancel_(std::move(cancel))
{
}

void TrainingWorker::run()
{
    try {
        const engine::FeatureMatrix support = stackRows(data_->support, data_->dim);
        const engine::FeatureMatrix prototypes(static_cast<int64_t>(data_->classIds.size()), data_->dim,
                                               data_->prototypes);
        train::MethodSettings methodSettings;
        methodSettings.promptLearning.classSpecific = settings_.classSpecificContext;
        const ClipSession* session = data_->session.get();
        std::unique_ptr<engine::FewShotMethod> method =
            train::makeMethod(settings_.method.toStdString(), session ? &session->model() : nullptr,
                              session ? &session->tokenizer() : nullptr, data_->classTexts, methodSettings);

        engine::FitOptions options;
        options.seed = static_cast<uint64_t>(settings_.seed);
        options.classBalanced = settings_.classBalanced;
        options.logitScale = data_->logitScale;
        options.linearProbe.anchorToZeroShot = settings_.anchorToZeroShot;
        options.tipAdapter.epochs = settings_.epochs;
        options.tipAdapter.learningRate = settings_.learningRate;
        int reports = 0;
        options.progress = [this, &reports](const engine::FitProgress& progress) {
            TrainingPoint point;
            point.index = ++reports;
            point.stage = QString::fromStdString(progress.stage);
            point.step = progress.step;
            point.totalSteps = progress.totalSteps;
            point.trainingLoss = progress.trainingLoss;
            point.validationLoss = progress.validationLoss;
            point.validationAccuracy = progress.validationAccuracy;
            point.elapsedSeconds = progress.elapsedSeconds;
            Q_EMIT progressed(point);
        };
        options.cancel = [this] { return cancel_->load(); };

        const auto start = std::chrono::steady_clock::now();
        method->fit(support, data_->supportLabels, prototypes, options);
        auto outcome = std::make_shared<TrainingOutcome>();
        outcome->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        outcome->head = method->head();
        outcome->hyperparameters = toQJson(method->hyperparameters());

        const engine::FeatureMatrix trained = method->predictProbabilities(support);
        outcome->trainingAccuracy = engine::computeMetrics(trained, data_->supportLabels).accuracy;
        outcome->trainingLoss = logLoss(trained, data_->supportLabels);
        if (!data_->validation.empty()) {
            const engine::FeatureMatrix heldOut = method->predictProbabilities(stackRows(data_->validation, data_->dim));
            outcome->validationCount = static_cast<int>(data_->validation.size());
            outcome->validationAccuracy = engine::computeMetrics(heldOut, data_->validationLabels).accuracy;
            outcome->validationLoss = logLoss(heldOut, data_->validationLabels);
        }
        if (!data_->pool.empty())
            outcome->poolProbabilities = method->predictProbabilities(stackRows(data_->pool, data_->dim)).values;
        qCInfo(lcTraining) << settings_.method << "finished in" << outcome->seconds << "s, training accuracy"
                           << outcome->trainingAccuracy;
        Q_EMIT finished(outcome);
    } catch (const engine::Cancelled&) {
        qCInfo(lcTraining) << settings_.method << "cancelled";
        Q_EMIT cancelled();
    } catch (const std::exception& error) {
        qCWarning(lcTraining) << settings_.method << "failed:" << error.what();
        Q_EMIT failed(QString::fromStdString(error.what()));
    }
}

TrainingJob::TrainingJob(const TrainingSettings& settings, TrainingDataPtr data, QObject* parent)
    : QObject(parent), thread_(new QThread(this)), cancel_(std::make_shared<std::atomic_bool>(false))
{
    qRegisterMetaType<TrainingPoint>();
    qRegisterMetaType<TrainingOutcomePtr>();
    worker_ = new TrainingWorker(settings, std::move(data), cancel_);
    worker_->moveToThread(thread_);
    thread_->setObjectName(QStringLiteral("training"));
    connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &TrainingWorker::progressed, this, &TrainingJob::progressed);
    connect(worker_, &TrainingWorker::finished, this, [this](const TrainingOutcomePtr& outcome) {
        thread_->quit();
        Q_EMIT finished(outcome);
    });
    connect(worker_, &TrainingWorker::failed, this, [this](const QString& message) {
        thread_->quit();
        Q_EMIT failed(message);
    });
    connect(worker_, &TrainingWorker::cancelled, this, [this] {
        thread_->quit();
        Q_EMIT cancelled();
    });
}

TrainingJob::~TrainingJob()
{
    cancel_->store(true);
    thread_->quit();
    thread_->wait();
}

void TrainingJob::start()
{
    thread_->start();
    QMetaObject::invokeMethod(worker_, &TrainingWorker::run, Qt::QueuedConnection);
}

void TrainingJob::cancel()
{
    cancel_->store(true);
}

bool TrainingJob::isRunning() const
{
    return thread_->isRunning();
}

bool TrainingJob::wait(int milliseconds)
{
    return thread_->wait(QDeadlineTimer(milliseconds));
}

}  // namespace fewshot::ui
