#include "ui/template_comparison_page.h"

#include "ui/feature_sets.h"
#include "ui/model_controller.h"
#include "ui/prediction_controller.h"
#include "ui/project_controller.h"

#include "widgets/bar_chart.h"
#include "widgets/message_bar.h"
#include "widgets/series_colors.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace fewshot::ui {
namespace {

// Sorts numerically while showing a percentage.
class PercentItem : public QTableWidgetItem {
public:
    explicit PercentItem(double value) : QTableWidgetItem(std::isfinite(value) ? QLocale().toString(value * 100.0, 'f', 1) + QStringLiteral(" %") : QStringLiteral("—"))
    {
        setData(Qt::UserRole, std::isfinite(value) ? value : -1.0);
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    bool operator<(const QTableWidgetItem& other) const override
    {
        return data(Qt::UserRole).toDouble() < other.data(Qt::UserRole).toDouble();
    }
};

std::vector<QStringList> sameForAll(const QString& text, size_t classes)
{
    return std::vector<QStringList>(classes, QStringList{text});
}

}  // namespace

TemplateComparisonPage::TemplateComparisonPage(const StudioContext& context, QWidget* parent)
    : QWidget(parent), context_(context)
{
    score_ = new QPushButton(tr("Score Templates"), this);
    score_->setObjectName(QStringLiteral("scoreTemplatesButton"));
    connect(score_, &QPushButton::clicked, this, &TemplateComparisonPage::scoreTemplates);
    info_ = new QLabel(tr("Scores each template of the active set and each saved set by zero-shot accuracy on "
                          "the labeled images."),
                       this);
    info_->setWordWrap(true);
    setA_ = new QComboBox(this);
    setB_ = new QComboBox(this);
    compare_ = new QPushButton(tr("Compare Sets"), this);
    connect(compare_, &QPushButton::clicked, this, &TemplateComparisonPage::compareSets);

    table_ = new QTableWidget(this);
    table_->setObjectName(QStringLiteral("templateScores"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->hide();
    chart_ = new widgets::BarChart(this);

    auto* top = new QHBoxLayout;
    top->addWidget(score_);
    top->addWidget(info_, 1);
    auto* compareRow = new QHBoxLayout;
    compareRow->addWidget(new QLabel(tr("Side by side:"), this));
    compareRow->addWidget(setA_, 1);
    compareRow->addWidget(new QLabel(tr("and"), this));
    compareRow->addWidget(setB_, 1);
    compareRow->addWidget(compare_);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(table_);
    splitter->addWidget(chart_);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addLayout(compareRow);
    layout->addWidget(splitter, 1);

    connect(context_.model, &ModelController::templatesScored, this, &TemplateComparisonPage::onScores);
    connect(context_.model, &ModelController::requestFailed, this, [this](qint64 requestId, const QString& message) {
        if (requestId != pending_)
            return;
        pending_ = 0;
        score_->setEnabled(true);
        context_.messages->showMessage(message, widgets::MessageBar::Level::Error);
    });
    connect(context_.project, &ProjectController::snapshotChanged, this, &TemplateComparisonPage::refreshSetChoices);
    refreshSetChoices();
}

void TemplateComparisonPage::refreshSetChoices()
{
    const SnapshotPtr snapshot = context_.project->snapshot();
    for (QComboBox* combo : {setA_, setB_}) {
        const QString current = combo->currentText();
        combo->clear();
        if (snapshot) {
            for (const store::TemplateSet& set : snapshot->templateSets)
                combo->addItem(set.name, set.id);
        }
        const int index = combo->findText(current);
        if (index >= 0)
            combo->setCurrentIndex(index);
    }
    if (setB_->currentIndex() == 0 && setB_->count() > 1)
        setB_->setCurrentIndex(1);
}

void TemplateComparisonPage::scoreTemplates()
{
    const SnapshotPtr snapshot = context_.project->snapshot();
    QString problem;
    if (!snapshot || !context_.model->isLoaded())
        problem = tr("Load a model and open a project to score templates.");
    else if (snapshot->classes.size() < 2)
        problem = tr("Scoring templates needs at least two classes.");
    const LabeledFeatures labeled = snapshot ? labeledFeatures(*snapshot, context_.predictions->embeddings(), LabelFilter::All)
                                             : LabeledFeatures();
    if (problem.isEmpty() && labeled.rows.empty())
        problem = tr("Label some images first: templates are scored on the labeled images.");
    if (!problem.isEmpty()) {
        context_.messages->showMessage(problem, widgets::MessageBar::Level::Warning);
        return;
    }

    auto request = std::make_shared<TemplateScoringRequest>();
    request->classes = PredictionController::classPrompts(*snapshot);
    request->embeddings = labeled.rows;
    request->labels = labeled.labels;
    const size_t classCount = snapshot->classes.size();
    if (const store::TemplateSet* active = snapshot->activeTemplateSet()) {
        for (const QString& entry : active->templates)
            request->candidates.push_back({entry, false, sameForAll(entry, classCount)});
    }
    for (const store::TemplateSet& set : snapshot->templateSets) {
        TemplateCandidate candidate{set.name, true, {}};
        for (const store::ClassInfo& info : snapshot->classes) {
            const QStringList override = set.classOverrides.value(info.id);
            candidate.classTemplates.push_back(override.isEmpty() ? set.templates : override);
        }
        request->candidates.push_back(candidate);
    }
    pending_ = context_.model->scoreTemplates(request);
    score_->setEnabled(false);
    info_->setText(tr("Scoring %n candidate(s) on the labeled images…", nullptr,
                      static_cast<int>(request->candidates.size())));
}

void TemplateComparisonPage::onScores(qint64 requestId, const TemplateScoresPtr& scores)
{
    if (requestId != pending_)
        return;
    pending_ = 0;
    score_->setEnabled(true);
    scores_ = scores;
    info_->setText(tr("Zero-shot accuracy on %n labeled image(s). The best candidate is highlighted.", nullptr,
                      scores->imageCount));
    fillTable();
    showAccuracyChart();
    Q_EMIT scoresReady();
}

int TemplateComparisonPage::bestIndex() const
{
    int best = -1;
    for (size_t i = 0; scores_ && i < scores_->scores.size(); ++i) {
        if (best < 0 || scores_->scores[i].accuracy > scores_->scores[static_cast<size_t>(best)].accuracy)
            best = static_cast<int>(i);
    }
    return best;
}

void TemplateComparisonPage::fillTable()
{
    const SnapshotPtr snapshot = context_.project->snapshot();
    QStringList headers{tr("Template or set"), tr("Kind"), tr("Accuracy")};
    for (qint64 classId : scores_->classIds) {
        const store::ClassInfo* info = snapshot ? snapshot->findClass(classId) : nullptr;
        headers.append(tr("Recall: %1").arg(info ? info->name : QString::number(classId)));
    }
    table_->setSortingEnabled(false);
    table_->clear();
    table_->setColumnCount(static_cast<int>(headers.size()));
    table_->setHorizontalHeaderLabels(headers);
    table_->setRowCount(static_cast<int>(scores_->scores.size()));
    const int best = bestIndex();
    for (int row = 0; row < table_->rowCount(); ++row) {
        const TemplateScore& score = scores_->scores[static_cast<size_t>(row)];
        table_->setItem(row, 0, new QTableWidgetItem(score.name));
        table_->setItem(row, 1, new QTableWidgetItem(score.isSet ? tr("Set") : tr("Template")));
        table_->setItem(row, 2, new PercentItem(score.accuracy));
        for (size_t c = 0; c < score.perClassRecall.size(); ++c)
            table_->setItem(row, static_cast<int>(c) + 3, new PercentItem(score.perClassRecall[c]));
        if (row == best) {
            for (int column = 0; column < table_->columnCount(); ++column) {
                QTableWidgetItem* item = table_->item(row, column);
                if (item == nullptr)
                    continue;
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
                item->setBackground(QColor(0xdf, 0xf2, 0xdc));
            }
        }
    }
    table_->setSortingEnabled(true);
    table_->sortByColumn(2, Qt::DescendingOrder);
    table_->resizeColumnsToContents();
}

void TemplateComparisonPage::showAccuracyChart()
{
    QStringList names;
    widgets::BarChart::Series series{tr("Accuracy"), widgets::seriesColor(0), {}};
    for (const TemplateScore& score : scores_->scores) {
        names.append(score.isSet ? tr("[set] %1").arg(score.name) : score.name);
        series.values.append(score.accuracy);
    }
    chart_->setValueAxisLabel(tr("Zero-shot accuracy"));
    chart_->setData(names, {series}, bestIndex());
}

void TemplateComparisonPage::compareSets()
{
    if (!scores_) {
        context_.messages->showMessage(tr("Score the templates first."), widgets::MessageBar::Level::Information);
        return;
    }
    const SnapshotPtr snapshot = context_.project->snapshot();
    QStringList categories{tr("Accuracy")};
    for (qint64 classId : scores_->classIds) {
        const store::ClassInfo* info = snapshot ? snapshot->findClass(classId) : nullptr;
        categories.append(tr("Recall: %1").arg(info ? info->name : QString::number(classId)));
    }
    std::vector<widgets::BarChart::Series> series;
    int colorIndex = 0;
    for (QComboBox* combo : {setA_, setB_}) {
        const QString name = combo->currentText();
        const auto it = std::find_if(scores_->scores.begin(), scores_->scores.end(),
                                     [&](const TemplateScore& score) { return score.isSet && score.name == name; });
        if (it == scores_->scores.end())
            continue;
        widgets::BarChart::Series entry{name, widgets::seriesColor(colorIndex++), {it->accuracy}};
        for (double recall : it->perClassRecall)
            entry.values.append(recall);
        series.push_back(entry);
    }
    if (series.empty()) {
        context_.messages->showMessage(tr("Score the templates again: the chosen sets have no scores yet."),
                                       widgets::MessageBar::Level::Information);
        return;
    }
    chart_->setValueAxisLabel(tr("Accuracy and recall"));
    chart_->setData(categories, series);
}

}  // namespace fewshot::ui
