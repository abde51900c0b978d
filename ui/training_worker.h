#pragma once

#include "ui/training_types.h"

#include <QObject>

#include <atomic>
#include <memory>

class QThread;

namespace fewshot::ui {

// Fits one few-shot method on its own thread. The engine's progress and
// cancel callbacks become queued signals and an atomic flag.
class TrainingWorker : public QObject {
    Q_OBJECT

public:
    TrainingWorker(TrainingSettings settings, TrainingDataPtr data, std::shared_ptr<std::atomic_bool> cancel);

    void run();

Q_SIGNALS:
    void progressed(const fewshot::ui::TrainingPoint& point);
    void finished(const fewshot::ui::TrainingOutcomePtr& outcome);
    void failed(const QString& message);
    void cancelled();

private:
    TrainingSettings settings_;
    TrainingDataPtr data_;
    std::shared_ptr<std::atomic_bool> cancel_;
};

// One training job: a thread with a TrainingWorker on it. Deleting the job
// cancels the fit and waits for the thread.
class TrainingJob : public QObject {
    Q_OBJECT

public:
    TrainingJob(const TrainingSettings& settings, TrainingDataPtr data, QObject* parent = nullptr);
    ~TrainingJob() override;

    void start();
    void cancel();
    bool isRunning() const;
    // Waits for the thread to end after cancel(); false on timeout.
    bool wait(int milliseconds);

Q_SIGNALS:
    void progressed(const fewshot::ui::TrainingPoint& point);
    void finished(const fewshot::ui::TrainingOutcomePtr& outcome);
    void failed(const QString& message);
    void cancelled();

private:
    QThread* thread_;
    TrainingWorker* worker_;
    std::shared_ptr<std::atomic_bool> cancel_;
};

}  // namespace fewshot::ui
