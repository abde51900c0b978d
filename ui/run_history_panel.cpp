#include "ui/run_history_panel.h"

#include "ui/display_names.h"
#include "ui/project_controller.h"
#include "ui/project_worker.h"
#include "ui/training_controller.h"
#include "ui/training_curves.h"

#include "widgets/message_bar.h"
#include "widgets/series_colors.h"
#include "widgets/training_plot.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fewshot::ui {
namespace {

enum RunColumn { ColumnRun, ColumnMethod, ColumnStarted, ColumnStatus, ColumnTraining, ColumnValidation, ColumnSeconds, ColumnExport, ColumnCount };

QString metricText(const QJsonObject& metrics, const char* key)
{
    const QJsonValue value = metrics.value(QLatin1String(key));
    return value.isDouble() ? QLocale().toString(value.toDouble() * 100.0, 'f', 1) + QStringLiteral(" %") : QString();
}

// Series ids of stored runs are negative so they never meet the ids of live jobs.
int seriesOfRun(qint64 runId)
{
    return -static_cast<int>(runId);
}

}  // namespace

RunHistoryPanel::RunHistoryPanel(const StudioContext& context, widgets::TrainingPlot* plot, QWidget* parent)
    : QWidget(parent), context_(context), plot_(plot)
{
    table_ = new QTableWidget(0, ColumnCount, this);
    table_->setObjectName(QStringLiteral("runsTable"));
    table_->setHorizontalHeaderLabels({tr("Run"), tr("Method"), tr("Started"), tr("Status"), tr("Training accuracy"),
                                       tr("Validation accuracy"), tr("Seconds"), tr("Exported to")});
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSortingEnabled(true);
    connect(table_, &QTableWidget::itemSelectionChanged, this, &RunHistoryPanel::updateButtons);

    compare_ = new QPushButton(tr("Show Curves"), this);
    compare_->setToolTip(tr("Draw the stored curves of the selected runs in the plot"));
    apply_ = new QPushButton(tr("Apply to Pool"), this);
    apply_->setObjectName(QStringLiteral("applyRunButton"));
    apply_->setToolTip(tr("Show this run's predictions in the labeling view"));
    export_ = new QPushButton(tr("Export Head…"), this);
    export_->setObjectName(QStringLiteral("exportRunButton"));
    delete_ = new QPushButton(tr("Delete Run"), this);
    connect(compare_, &QPushButton::clicked, this, &RunHistoryPanel::compareSelected);
    connect(apply_, &QPushButton::clicked, this, &RunHistoryPanel::applySelected);
    connect(export_, &QPushButton::clicked, this, [this] { exportSelected(); });
    connect(delete_, &QPushButton::clicked, this, &RunHistoryPanel::deleteSelected);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(compare_);
    buttons->addWidget(apply_);
    buttons->addWidget(export_);
    buttons->addStretch(1);
    buttons->addWidget(delete_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table_, 1);
    layout->addLayout(buttons);

    connect(context_.project, &ProjectController::snapshotChanged, this, &RunHistoryPanel::onSnapshot);
    connect(context_.training, &TrainingController::jobChanged, this, &RunHistoryPanel::updateButtons);
    connect(context_.training, &TrainingController::exportFinished, this,
            [this](qint64, const QString& folder, bool succeeded) {
                // A failure has been reported through errorOccurred already.
                if (succeeded)
                    context_.messages->showMessage(tr("Wrote the classifier head to %1.").arg(folder),
                                                   widgets::MessageBar::Level::Positive);
            });
    connect(context_.training, &TrainingController::runApplied, this, [this](qint64, const QString& name) {
        context_.messages->showMessage(tr("The labeling view now shows the predictions of %1.").arg(name),
                                       widgets::MessageBar::Level::Positive);
    });
    updateButtons();
}

void RunHistoryPanel::onSnapshot(const SnapshotPtr& snapshot)
{
    const std::vector<qint64> selected = selectedRunIds();
    snapshot_ = snapshot;
    table_->setSortingEnabled(false);
    table_->setRowCount(static_cast<int>(snapshot->runs.size()));
    const QLocale locale;
    int row = 0;
    for (auto it = snapshot->runs.rbegin(); it != snapshot->runs.rend(); ++it, ++row) {
        const store::TrainingRun& run = *it;
        auto* id = new QTableWidgetItem;
        id->setData(Qt::DisplayRole, run.id);
        id->setData(Qt::UserRole, run.id);
        table_->setItem(row, ColumnRun, id);
        table_->setItem(row, ColumnMethod, new QTableWidgetItem(TrainingController::methodDisplayName(run.method)));
        table_->setItem(row, ColumnStarted,
                        new QTableWidgetItem(locale.toString(run.startedAt.toLocalTime(), QLocale::ShortFormat)));
        table_->setItem(row, ColumnStatus, new QTableWidgetItem(runStatusText(run.status)));
        table_->setItem(row, ColumnTraining, new QTableWidgetItem(metricText(run.metrics, "training_accuracy")));
        table_->setItem(row, ColumnValidation, new QTableWidgetItem(metricText(run.metrics, "validation_accuracy")));
        const QJsonValue seconds = run.metrics.value(QStringLiteral("seconds"));
        table_->setItem(row, ColumnSeconds,
                        new QTableWidgetItem(seconds.isDouble() ? locale.toString(seconds.toDouble(), 'f', 1) : QString()));
        table_->setItem(row, ColumnExport, new QTableWidgetItem(run.exportPath));
        if (std::find(selected.begin(), selected.end(), run.id) != selected.end())
            table_->selectRow(row);
    }
    table_->setSortingEnabled(true);
    updateButtons();
}

std::vector<qint64> RunHistoryPanel::selectedRunIds() const
{
    std::vector<qint64> ids;
    for (const QModelIndex& index : table_->selectionModel()->selectedRows(ColumnRun))
        ids.push_back(index.data(Qt::UserRole).toLongLong());
    return ids;
}

bool RunHistoryPanel::hasClassifier(qint64 runId) const
{
    if (context_.training->jobOfRun(runId) != 0)
        return true;
    if (!snapshot_)
        return false;
    const auto run = std::find_if(snapshot_->runs.begin(), snapshot_->runs.end(),
                                  [runId](const store::TrainingRun& entry) { return entry.id == runId; });
    return run != snapshot_->runs.end() && run->status == store::RunStatus::Finished && run->hasHead;
}

void RunHistoryPanel::updateButtons()
{
    const std::vector<qint64> ids = selectedRunIds();
    const bool single = ids.size() == 1;
    const bool usable = single && hasClassifier(ids.front());
    compare_->setEnabled(!ids.empty());
    apply_->setEnabled(usable);
    export_->setEnabled(usable);
    delete_->setEnabled(!ids.empty());
    const store::TrainingRun* run = nullptr;
    if (single && snapshot_) {
        for (const store::TrainingRun& entry : snapshot_->runs) {
            if (entry.id == ids.front())
                run = &entry;
        }
    }
    const QString reason = run != nullptr && run->status == store::RunStatus::Running
                               ? tr("This run is still training.")
                               : tr("This run has no stored classifier: it did not finish, or it was trained by "
                                    "an older version of FewShot Studio. Train it again to apply or export it.");
    apply_->setToolTip(usable || !single ? tr("Show this run's predictions in the labeling view") : reason);
    export_->setToolTip(usable || !single ? tr("Write this run's classifier head to a folder") : reason);
}

void RunHistoryPanel::compareSelected()
{
    if (!snapshot_)
        return;
    for (qint64 runId : std::as_const(compared_))
        plot_->removeSeries(seriesOfRun(runId));
    compared_.clear();
    int colorIndex = 6;
    for (qint64 runId : selectedRunIds()) {
        const auto run = std::find_if(snapshot_->runs.begin(), snapshot_->runs.end(),
                                      [runId](const store::TrainingRun& entry) { return entry.id == runId; });
        if (run == snapshot_->runs.end())
            continue;
        const int series = seriesOfRun(runId);
        plot_->addSeries(series, tr("Run %1 %2").arg(runId).arg(TrainingController::methodDisplayName(run->method)),
                         widgets::seriesColor(colorIndex++));
        for (const CurvePoint& point : storedRunCurves(*run))
            plot_->addPoint(series, point.metric, point.x, point.y);
        compared_.insert(runId);
    }
}

void RunHistoryPanel::applySelected()
{
    const std::vector<qint64> ids = selectedRunIds();
    if (ids.size() != 1 || !hasClassifier(ids.front()))
        return;
    context_.training->applyRun(ids.front());
}

void RunHistoryPanel::exportSelected(const QString& folder)
{
    const std::vector<qint64> ids = selectedRunIds();
    if (ids.size() != 1 || !hasClassifier(ids.front()))
        return;
    QString target = folder;
    if (target.isEmpty())
        target = QFileDialog::getExistingDirectory(this, tr("Folder for the Classifier Head"));
    if (!target.isEmpty())
        context_.training->exportRun(ids.front(), target);
}

void RunHistoryPanel::deleteSelected()
{
    const std::vector<qint64> ids = selectedRunIds();
    if (ids.empty())
        return;
    const auto answer = QMessageBox::question(this, tr("Delete Runs"),
                                              tr("Delete %n training run(s) with their curves from the project? "
                                                 "This cannot be undone.", nullptr, static_cast<int>(ids.size())),
                                              QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    for (qint64 runId : ids) {
        plot_->removeSeries(seriesOfRun(runId));
        compared_.remove(runId);
        context_.project->post([runId](ProjectWorker& worker) { worker.removeRun(runId); });
    }
}

}  // namespace fewshot::ui
