#include "ui/training_page.h"

#include "ui/project_controller.h"
#include "ui/run_history_panel.h"
#include "ui/training_controller.h"

#include "engine/method.h"
#include "widgets/message_bar.h"
#include "widgets/plot_export.h"
#include "widgets/training_plot.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fewshot::ui {
namespace {

enum JobColumn { ColumnName, ColumnStatus, ColumnProgress, ColumnTime, ColumnTraining, ColumnValidation, ColumnCancel, ColumnCount };

QString percent(double value)
{
    return QLocale().toString(value * 100.0, 'f', 1) + QStringLiteral(" %");
}

}  // namespace

TrainingPage::TrainingPage(const StudioContext& context, QWidget* parent) : QWidget(parent), context_(context)
{
    plot_ = new widgets::TrainingPlot(this);
    plot_->setObjectName(QStringLiteral("trainingPlot"));
    plot_->setXAxisLabel(tr("Epoch or candidate"));
    plot_->setToolTip(tr("Training loss by fine-tuning epoch (Tip-Adapter-F); validation loss and "
                         "accuracy on held-out folds by cross-validation candidate; and, at the end of "
                         "each curve, the measurements after the fit on the examples (training) and on "
                         "the other labeled images (validation)."));
    auto* savePlot = new QPushButton(tr("Save Plot…"), this);
    connect(savePlot, &QPushButton::clicked, this, &TrainingPage::savePlot);
    history_ = new RunHistoryPanel(context_, plot_, this);

    auto* plotBox = new QGroupBox(tr("Curves"), this);
    auto* plotLayout = new QVBoxLayout(plotBox);
    plotLayout->addWidget(plot_, 1);
    auto* plotButtons = new QHBoxLayout;
    plotButtons->addStretch(1);
    plotButtons->addWidget(savePlot);
    plotLayout->addLayout(plotButtons);

    auto* setup = buildSetupBox();
    auto* top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(setup);
    top->addWidget(plotBox);
    top->setStretchFactor(0, 2);
    top->setStretchFactor(1, 3);

    // The tables get the whole width, so their metric columns stay in view.
    tables_ = new QTabWidget(this);
    tables_->addTab(buildJobsBox(), tr("Jobs of this session"));
    tables_->addTab(history_, tr("Training runs in this project"));

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(top);
    splitter->addWidget(tables_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    TrainingController* training = context_.training;
    connect(training, &TrainingController::jobAdded, this, &TrainingPage::onJobAdded);
    connect(training, &TrainingController::jobChanged, this, &TrainingPage::onJobChanged);
    connect(training, &TrainingController::jobProgressed, this, &TrainingPage::onJobProgressed);
    connect(training, &TrainingController::jobFinished, this, &TrainingPage::onJobFinished);
    connect(context_.project, &ProjectController::snapshotChanged, this, &TrainingPage::updateEstimate);
}

QWidget* TrainingPage::buildSetupBox()
{
    auto* box = new QGroupBox(tr("New training"), this);
    auto* methodRow = new QGridLayout;
    std::vector<std::string> names = engine::featureMethodNames();
    names.insert(names.end(), {"coop", "ensemble"});
    for (const std::string& name : names) {
        const QString method = QString::fromStdString(name);
        auto* check = new QCheckBox(TrainingController::methodDisplayName(method), box);
        check->setObjectName(QStringLiteral("method-%1").arg(method));
        check->setProperty("method", method);
        check->setChecked(method == QLatin1String("linear-probe"));
        connect(check, &QCheckBox::toggled, this, &TrainingPage::updateEstimate);
        const auto index = static_cast<int>(methods_.size());
        methods_.append(check);
        methodRow->addWidget(check, index / 2, index % 2);
    }

    seed_ = new QSpinBox(box);
    seed_->setRange(1, 1000000);
    balanced_ = new QCheckBox(tr("Weight classes equally"), box);
    balanced_->setChecked(true);
    anchored_ = new QCheckBox(tr("Anchor the linear probe to zero-shot"), box);
    anchored_->setToolTip(tr("Penalize the distance of the linear probe's weights from the zero-shot "
                             "classifier instead of their size"));
    anchored_->setChecked(true);
    classSpecific_ = new QCheckBox(tr("CoOp: learn one prompt context per class"), box);
    classSpecific_->setObjectName(QStringLiteral("classSpecificContext"));
    classSpecific_->setToolTip(tr("One context shared by all classes suits few examples; one per class can fit "
                                  "better with eight or more examples per class"));
    epochs_ = new QSpinBox(box);
    epochs_->setRange(1, 500);
    epochs_->setValue(20);
    learningRate_ = new QDoubleSpinBox(box);
    learningRate_->setDecimals(5);
    learningRate_->setRange(1e-5, 1.0);
    learningRate_->setSingleStep(1e-4);
    learningRate_->setValue(1e-3);
    connect(epochs_, qOverload<int>(&QSpinBox::valueChanged), this, &TrainingPage::updateEstimate);

    estimate_ = new QLabel(box);
    estimate_->setWordWrap(true);
    start_ = new QPushButton(tr("Start Training"), box);
    start_->setObjectName(QStringLiteral("startTrainingButton"));
    connect(start_, &QPushButton::clicked, this, &TrainingPage::startTraining);

    auto* form = new QFormLayout;
    form->addRow(tr("Methods:"), methodRow);
    form->addRow(tr("Seed:"), seed_);
    form->addRow(QString(), balanced_);
    form->addRow(QString(), anchored_);
    form->addRow(QString(), classSpecific_);
    epochs_->setToolTip(tr("Fine-tuning epochs of Tip-Adapter-F at most; cross-fitting may choose fewer"));
    learningRate_->setToolTip(tr("Learning rate of the Tip-Adapter-F fine-tuning"));
    form->addRow(tr("Epochs:"), epochs_);
    form->addRow(tr("Learning rate:"), learningRate_);
    auto* startRow = new QHBoxLayout;
    startRow->addWidget(estimate_, 1);
    startRow->addWidget(start_);
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(form);
    layout->addLayout(startRow);
    updateEstimate();
    return box;
}

QWidget* TrainingPage::buildJobsBox()
{
    auto* box = new QWidget(this);
    jobs_ = new QTableWidget(0, ColumnCount, box);
    jobs_->setObjectName(QStringLiteral("jobsTable"));
    jobs_->setHorizontalHeaderLabels({tr("Job"), tr("Status"), tr("Progress"), tr("Time"),
                                      tr("Training accuracy"), tr("Validation accuracy"), QString()});
    jobs_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    jobs_->horizontalHeader()->setStretchLastSection(true);
    jobs_->verticalHeader()->hide();
    jobs_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    jobs_->setSelectionBehavior(QAbstractItemView::SelectRows);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(jobs_);
    return box;
}

std::vector<TrainingSettings> TrainingPage::chosenSettings() const
{
    std::vector<TrainingSettings> list;
    for (QCheckBox* check : methods_) {
        if (!check->isChecked())
            continue;
        TrainingSettings settings;
        settings.method = check->property("method").toString();
        settings.seed = seed_->value();
        settings.classBalanced = balanced_->isChecked();
        settings.anchorToZeroShot = anchored_->isChecked();
        settings.classSpecificContext = classSpecific_->isChecked();
        settings.epochs = epochs_->value();
        settings.learningRate = learningRate_->value();
        list.push_back(settings);
    }
    return list;
}

void TrainingPage::setMethodChecked(const QString& method, bool checked)
{
    for (QCheckBox* check : std::as_const(methods_)) {
        if (check->property("method").toString() == method)
            check->setChecked(checked);
    }
}

void TrainingPage::startTraining()
{
    context_.training->start(chosenSettings());
}

void TrainingPage::updateEstimate()
{
    double total = 0.0;
    QStringList unknown;
    for (const TrainingSettings& settings : chosenSettings()) {
        const std::optional<double> seconds = context_.training->estimateSeconds(settings.method);
        if (seconds)
            total += *seconds;
        else
            unknown.append(TrainingController::methodDisplayName(settings.method));
    }
    QString text = total > 0.0 ? tr("Estimated time: about %1 s, from earlier runs in this project.")
                                     .arg(QLocale().toString(total, 'f', total < 10 ? 1 : 0))
                               : QString();
    if (!unknown.isEmpty())
        text += (text.isEmpty() ? QString() : QStringLiteral(" "))
                + tr("No estimate yet for %1: it has not run in this project.").arg(unknown.join(QStringLiteral(", ")));
    estimate_->setText(text);
}

int TrainingPage::rowOfJob(qint64 jobId) const
{
    for (int row = 0; row < jobs_->rowCount(); ++row) {
        if (jobs_->item(row, ColumnName) && jobs_->item(row, ColumnName)->data(Qt::UserRole).toLongLong() == jobId)
            return row;
    }
    return -1;
}

void TrainingPage::onJobAdded(qint64 jobId)
{
    const TrainingJobState* state = context_.training->job(jobId);
    if (state == nullptr)
        return;
    const int row = jobs_->rowCount();
    jobs_->insertRow(row);
    QPixmap swatch(12, 12);
    swatch.fill(state->color);
    auto* name = new QTableWidgetItem(QIcon(swatch), state->name);
    name->setData(Qt::UserRole, jobId);
    jobs_->setItem(row, ColumnName, name);
    for (int column = ColumnStatus; column < ColumnCancel; ++column)
        jobs_->setItem(row, column, new QTableWidgetItem);
    auto* cancel = new QPushButton(tr("Cancel"), jobs_);
    cancel->setObjectName(QStringLiteral("cancelJob%1").arg(jobId));
    connect(cancel, &QPushButton::clicked, this, [this, jobId] { context_.training->cancel(jobId); });
    jobs_->setCellWidget(row, ColumnCancel, cancel);
    plot_->addSeries(static_cast<int>(jobId), state->name, state->color);
    tables_->setCurrentIndex(0);
    onJobChanged(jobId);
}

void TrainingPage::onJobChanged(qint64 jobId)
{
    const TrainingJobState* state = context_.training->job(jobId);
    const int row = rowOfJob(jobId);
    if (state == nullptr || row < 0)
        return;
    jobs_->item(row, ColumnStatus)->setText(TrainingController::statusText(state->status));
    jobs_->item(row, ColumnStatus)->setToolTip(state->message);
    const TrainingPoint& point = state->lastPoint;
    jobs_->item(row, ColumnProgress)->setText(point.totalSteps > 0 ? tr("%1: %2 of %3").arg(TrainingController::stageText(point.stage)).arg(point.step).arg(point.totalSteps)
                                                                   : QString());
    const double seconds = state->outcome ? state->outcome->seconds : point.elapsedSeconds;
    jobs_->item(row, ColumnTime)->setText(tr("%1 s").arg(QLocale().toString(seconds, 'f', 1)));
    if (state->outcome) {
        jobs_->item(row, ColumnTraining)->setText(percent(state->outcome->trainingAccuracy));
        jobs_->item(row, ColumnValidation)->setText(state->outcome->validationCount > 0
                                                        ? tr("%1 on %n image(s)", nullptr, state->outcome->validationCount)
                                                              .arg(percent(state->outcome->validationAccuracy))
                                                        : tr("no labeled images to check on"));
    }
    const bool running = state->status == TrainingJobState::Status::Running
                         || state->status == TrainingJobState::Status::Preparing;
    if (QWidget* cancel = jobs_->cellWidget(row, ColumnCancel))
        cancel->setEnabled(running);
}

void TrainingPage::onJobProgressed(qint64 jobId, const TrainingPoint& point)
{
    bool restart = false;
    const std::vector<CurvePoint> points = curves_[jobId].add(point, &restart);
    const auto series = static_cast<int>(jobId);
    if (restart)
        plot_->clearPoints(series, widgets::TrainingPlot::Metric::TrainingLoss);
    for (const CurvePoint& entry : points)
        plot_->addPoint(series, entry.metric, entry.x, entry.y);
}

void TrainingPage::onJobFinished(qint64 jobId)
{
    const TrainingJobState* state = context_.training->job(jobId);
    if (state == nullptr || !state->outcome)
        return;
    // The engine reports no accuracy while fitting, so accuracy is measured once, after the fit.
    bool restart = false;
    const std::vector<CurvePoint> points = curves_[jobId].finish(*state->outcome, &restart);
    if (restart)
        plot_->clearPoints(static_cast<int>(jobId), widgets::TrainingPlot::Metric::TrainingLoss);
    for (const CurvePoint& entry : points)
        plot_->addPoint(static_cast<int>(jobId), entry.metric, entry.x, entry.y);
    updateEstimate();
}

void TrainingPage::savePlot()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Plot"), tr("training-curves.png"),
                                                      widgets::plotFileFilter());
    if (path.isEmpty())
        return;
    QString error;
    if (plot_->save(path, &error))
        context_.messages->showMessage(tr("Saved the plot to %1.").arg(path), widgets::MessageBar::Level::Positive);
    else
        context_.messages->showMessage(error, widgets::MessageBar::Level::Error);
}

}  // namespace fewshot::ui
