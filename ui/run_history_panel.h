#pragma once

#include "ui/project_snapshot.h"
#include "ui/studio_context.h"

#include <QWidget>
#include <QSet>

class QPushButton;
class QTableWidget;

namespace fewshot::widgets {
class TrainingPlot;
}

namespace fewshot::ui {

// The project's training runs with their metrics. Selected runs can be
// drawn in the training plot for comparison. A finished run whose head the
// project stores, or that was trained in this session, can also be applied
// to the pool or exported as a classifier head.
class RunHistoryPanel : public QWidget {
    Q_OBJECT

public:
    RunHistoryPanel(const StudioContext& context, widgets::TrainingPlot* plot, QWidget* parent = nullptr);

    QTableWidget* table() const { return table_; }
    std::vector<qint64> selectedRunIds() const;
    // Draws the stored curves of the selected runs next to the live ones.
    void compareSelected();
    void applySelected();
    void exportSelected(const QString& folder = QString());
    void deleteSelected();

private:
    void onSnapshot(const SnapshotPtr& snapshot);
    void updateButtons();
    // True when the run has a classifier to apply or export.
    bool hasClassifier(qint64 runId) const;

    StudioContext context_;
    widgets::TrainingPlot* plot_;
    SnapshotPtr snapshot_;
    QTableWidget* table_ = nullptr;
    QPushButton* compare_ = nullptr;
    QPushButton* apply_ = nullptr;
    QPushButton* export_ = nullptr;
    QPushButton* delete_ = nullptr;
    QSet<qint64> compared_;
};

}  // namespace fewshot::ui
