#pragma once

#include "ui/studio_context.h"
#include "ui/training_curves.h"
#include "ui/training_types.h"

#include <QHash>

#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableWidget;

namespace fewshot::widgets {
class TrainingPlot;
}

namespace fewshot::ui {

class RunHistoryPanel;

// The training panel. It offers the methods and options with an estimate of
// the time, lists the jobs of this session with their progress and a Cancel
// button each, and draws live loss and accuracy curves in one colour per
// job. The project's finished runs can be compared, applied to the pool or
// exported.
class TrainingPage : public QWidget {
    Q_OBJECT

public:
    TrainingPage(const StudioContext& context, QWidget* parent = nullptr);

    widgets::TrainingPlot* plot() const { return plot_; }
    QTableWidget* jobsTable() const { return jobs_; }
    RunHistoryPanel* history() const { return history_; }
    // The settings of every checked method.
    std::vector<TrainingSettings> chosenSettings() const;
    void setMethodChecked(const QString& method, bool checked);
    void startTraining();

private:
    QWidget* buildSetupBox();
    QWidget* buildJobsBox();
    void onJobAdded(qint64 jobId);
    void onJobChanged(qint64 jobId);
    void onJobProgressed(qint64 jobId, const TrainingPoint& point);
    void onJobFinished(qint64 jobId);
    void updateEstimate();
    void savePlot();
    int rowOfJob(qint64 jobId) const;

    StudioContext context_;
    QList<QCheckBox*> methods_;
    QSpinBox* seed_ = nullptr;
    QCheckBox* balanced_ = nullptr;
    QCheckBox* anchored_ = nullptr;
    QCheckBox* classSpecific_ = nullptr;
    QSpinBox* epochs_ = nullptr;
    QDoubleSpinBox* learningRate_ = nullptr;
    QLabel* estimate_ = nullptr;
    QPushButton* start_ = nullptr;
    QTableWidget* jobs_ = nullptr;
    widgets::TrainingPlot* plot_ = nullptr;
    RunHistoryPanel* history_ = nullptr;
    QTabWidget* tables_ = nullptr;
    QHash<qint64, LiveCurves> curves_;
};

}  // namespace fewshot::ui
