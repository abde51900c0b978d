#pragma once

#include "ui/model_types.h"
#include "ui/studio_context.h"

#include "engine/evaluation.h"

#include <QFutureWatcher>
#include <QWidget>

#include <atomic>
#include <memory>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace fewshot::widgets {
class LineChart;
}

namespace fewshot::ui {

// The k-shot evaluation of the current project: the labeled images of each
// class are split in half, support sets of 1, 2, 4, ... shots are drawn from
// one half and every chosen method is measured on the other, over several
// seeds. Shows the engine's table and accuracy against shots per method.
class EvaluationPage : public QWidget {
    Q_OBJECT

public:
    EvaluationPage(const StudioContext& context, QWidget* parent = nullptr);
    // Cancels a running evaluation and waits for it.
    ~EvaluationPage() override;

    QTableWidget* table() const { return table_; }
    widgets::LineChart* chart() const { return chart_; }
    bool isRunning() const { return running_; }
    void setMethodChecked(const QString& method, bool checked);
    void runEvaluation();
    void cancel();

Q_SIGNALS:
    void evaluationFinished(bool succeeded);
    void runningChanged(bool running);

private:
    struct Outcome {
        engine::EvaluationReport report;
        QString error;
        bool cancelled = false;
    };
    void onPrototypes(qint64 requestId, const ClassPrototypesPtr& prototypes);
    void onFinished();
    void showReport(const engine::EvaluationReport& report);
    void setRunning(bool running);
    void saveTable();

    StudioContext context_;
    QList<QCheckBox*> methods_;
    QSpinBox* seeds_ = nullptr;
    QPushButton* run_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QPushButton* save_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* info_ = nullptr;
    QTableWidget* table_ = nullptr;
    widgets::LineChart* chart_ = nullptr;
    QFutureWatcher<Outcome> watcher_;
    std::shared_ptr<std::atomic_bool> cancelFlag_;
    std::shared_ptr<engine::EvaluationReport> lastReport_;
    qint64 pendingPrototypes_ = 0;
    bool running_ = false;
};

}  // namespace fewshot::ui
