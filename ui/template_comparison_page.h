#pragma once

#include "ui/model_types.h"
#include "ui/studio_context.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace fewshot::widgets {
class BarChart;
}

namespace fewshot::ui {

// Scores each template of the active set, and each saved set as a whole, by
// zero-shot accuracy on the labeled images. The page shows a sortable table
// with per-class recall and a bar chart with the best one highlighted, and
// it puts two sets side by side.
class TemplateComparisonPage : public QWidget {
    Q_OBJECT

public:
    TemplateComparisonPage(const StudioContext& context, QWidget* parent = nullptr);

    QTableWidget* table() const { return table_; }
    widgets::BarChart* chart() const { return chart_; }
    void scoreTemplates();
    void compareSets();

Q_SIGNALS:
    void scoresReady();

private:
    void onScores(qint64 requestId, const TemplateScoresPtr& scores);
    void fillTable();
    void showAccuracyChart();
    void refreshSetChoices();
    int bestIndex() const;

    StudioContext context_;
    QPushButton* score_ = nullptr;
    QLabel* info_ = nullptr;
    QComboBox* setA_ = nullptr;
    QComboBox* setB_ = nullptr;
    QPushButton* compare_ = nullptr;
    QTableWidget* table_ = nullptr;
    widgets::BarChart* chart_ = nullptr;
    TemplateScoresPtr scores_;
    qint64 pending_ = 0;
};

}  // namespace fewshot::ui
