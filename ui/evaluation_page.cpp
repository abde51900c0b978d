#include "ui/evaluation_page.h"

#include "ui/feature_sets.h"
#include "ui/model_controller.h"
#include "ui/prediction_controller.h"
#include "ui/project_controller.h"
#include "ui/training_controller.h"

#include "widgets/line_chart.h"
#include "widgets/message_bar.h"
#include "widgets/series_colors.h"

#include "pipeline/clip_session.h"
#include "train/method_factory.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <map>

namespace fewshot::ui {

EvaluationPage::EvaluationPage(const StudioContext& context, QWidget* parent) : QWidget(parent), context_(context)
{
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Methods:"), this));
    std::vector<std::string> names = engine::featureMethodNames();
    names.insert(names.end(), {"coop", "ensemble"});
    for (const std::string& name : names) {
        const QString method = QString::fromStdString(name);
        auto* check = new QCheckBox(TrainingController::methodDisplayName(method), this);
        check->setObjectName(QStringLiteral("evaluate-%1").arg(method));
        check->setProperty("method", method);
        // CoOp and the ensemble train through the text encoder, which takes
        // longer; they are there to compare, not on by default.
        check->setChecked(method == QLatin1String("zero-shot") || method == QLatin1String("linear-probe")
                          || method == QLatin1String("tip-adapter"));
        methods_.append(check);
        controls->addWidget(check);
    }
    seeds_ = new QSpinBox(this);
    seeds_->setRange(1, 10);
    seeds_->setValue(3);
    seeds_->setToolTip(tr("Each seed draws other support sets; the table shows the mean and spread"));
    controls->addWidget(new QLabel(tr("Seeds:"), this));
    controls->addWidget(seeds_);
    controls->addStretch(1);
    auto* buttons = new QHBoxLayout;
    run_ = new QPushButton(tr("Run Evaluation"), this);
    run_->setObjectName(QStringLiteral("runEvaluationButton"));
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setEnabled(false);
    save_ = new QPushButton(tr("Save Table…"), this);
    save_->setEnabled(false);
    buttons->addWidget(run_);
    buttons->addWidget(cancel_);
    buttons->addWidget(save_);
    connect(run_, &QPushButton::clicked, this, &EvaluationPage::runEvaluation);
    connect(cancel_, &QPushButton::clicked, this, &EvaluationPage::cancel);
    connect(save_, &QPushButton::clicked, this, &EvaluationPage::saveTable);

    progress_ = new QProgressBar(this);
    progress_->hide();
    info_ = new QLabel(tr("Each class needs at least two labeled images: half of them are drawn as support "
                          "sets, the other half measures accuracy."),
                       this);
    info_->setWordWrap(true);
    table_ = new QTableWidget(this);
    table_->setObjectName(QStringLiteral("evaluationTable"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    chart_ = new widgets::LineChart(this);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(table_);
    splitter->addWidget(chart_);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    auto* status = new QHBoxLayout;
    status->addWidget(info_, 1);
    status->addLayout(buttons);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addLayout(status);
    layout->addWidget(progress_);
    layout->addWidget(splitter, 1);

    connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, &EvaluationPage::onFinished);
    connect(context_.model, &ModelController::prototypesReady, this, &EvaluationPage::onPrototypes);
    connect(context_.model, &ModelController::requestFailed, this, [this](qint64 requestId, const QString& message) {
        if (requestId != pendingPrototypes_)
            return;
        pendingPrototypes_ = 0;
        setRunning(false);
        context_.messages->showMessage(message, widgets::MessageBar::Level::Error);
    });
}

EvaluationPage::~EvaluationPage()
{
    if (cancelFlag_)
        cancelFlag_->store(true);
    watcher_.waitForFinished();
}

void EvaluationPage::setMethodChecked(const QString& method, bool checked)
{
    for (QCheckBox* check : std::as_const(methods_)) {
        if (check->property("method").toString() == method)
            check->setChecked(checked);
    }
}

void EvaluationPage::setRunning(bool running)
{
    running_ = running;
    run_->setEnabled(!running);
    cancel_->setEnabled(running);
    progress_->setVisible(running);
    Q_EMIT runningChanged(running);
}

void EvaluationPage::runEvaluation()
{
    const SnapshotPtr snapshot = context_.project->snapshot();
    if (running_)
        return;
    if (!snapshot || !context_.model->isLoaded()) {
        context_.messages->showMessage(tr("Load a model and open a project to evaluate."),
                                       widgets::MessageBar::Level::Warning);
        return;
    }
    if (snapshot->classes.size() < 2) {
        context_.messages->showMessage(tr("The evaluation needs at least two classes."),
                                       widgets::MessageBar::Level::Warning);
        return;
    }
    setRunning(true);
    progress_->setRange(0, 0);
    pendingPrototypes_ = context_.model->computePrototypes(PredictionController::classPrompts(*snapshot));
}

void EvaluationPage::onPrototypes(qint64 requestId, const ClassPrototypesPtr& prototypes)
{
    if (requestId != pendingPrototypes_)
        return;
    pendingPrototypes_ = 0;
    const SnapshotPtr snapshot = context_.project->snapshot();
    if (!snapshot) {
        setRunning(false);
        return;
    }
    engine::EvaluationSettings settings;
    settings.methods.clear();
    for (QCheckBox* check : std::as_const(methods_)) {
        if (check->isChecked())
            settings.methods.push_back(check->property("method").toString().toStdString());
    }
    settings.seeds.clear();
    for (int seed = 1; seed <= seeds_->value(); ++seed)
        settings.seeds.push_back(seed);
    settings.fitOptions.logitScale = context_.model->info().logitScale;
    cancelFlag_ = std::make_shared<std::atomic_bool>(false);
    const auto cancel = cancelFlag_;
    settings.fitOptions.cancel = [cancel] { return cancel->load(); };
    settings.runFinished = [this](const std::string& method, int shots, int seed,
                                  const engine::ClassificationMetrics& metrics) {
        const QString text = tr("Finished %1 with %n shot(s), seed %2: %3 % accuracy.", nullptr, shots)
                                 .arg(TrainingController::methodDisplayName(QString::fromStdString(method)))
                                 .arg(seed)
                                 .arg(QLocale().toString(metrics.accuracy * 100.0, 'f', 1));
        // Runs on the evaluation thread; the destructor waits for it, so `this` is alive.
        QMetaObject::invokeMethod(this, [this, text] { info_->setText(text); }, Qt::QueuedConnection);
    };

    // CoOp needs the text encoder: the session stays alive until the
    // evaluation ends, even if another model is loaded meanwhile.
    const SessionPtr session = context_.model->session();
    std::vector<std::string> classTexts;
    for (const ClassPrompt& prompt : PredictionController::classPrompts(*snapshot))
        classTexts.push_back(prompt.text.toStdString());
    settings.createMethod = [session, classTexts](const std::string& name) {
        return train::makeMethod(name, session ? &session->model() : nullptr,
                                 session ? &session->tokenizer() : nullptr, classTexts);
    };

    const QHash<QString, EmbeddingVector> embeddings = context_.predictions->embeddings();
    const qint64 dim = prototypes->dim;
    const std::vector<float> values = prototypes->values;
    watcher_.setFuture(QtConcurrent::run([snapshot, embeddings, values, dim, settings]() mutable -> Outcome {
        Outcome outcome;
        try {
            std::vector<int> shots;
            const engine::FeatureDataset dataset = evaluationDataset(*snapshot, embeddings, values, dim, 1, shots);
            settings.shots = shots;
            outcome.report = engine::runKShotEvaluation(dataset, settings);
        } catch (const engine::Cancelled&) {
            outcome.cancelled = true;
        } catch (const std::exception& error) {
            outcome.error = QString::fromStdString(error.what());
        }
        return outcome;
    }));
}

void EvaluationPage::cancel()
{
    if (cancelFlag_)
        cancelFlag_->store(true);
    if (pendingPrototypes_ != 0) {
        pendingPrototypes_ = 0;
        setRunning(false);
    }
}

void EvaluationPage::onFinished()
{
    const Outcome outcome = watcher_.result();
    setRunning(false);
    if (outcome.cancelled) {
        context_.messages->showMessage(tr("The evaluation was cancelled."), widgets::MessageBar::Level::Information);
        Q_EMIT evaluationFinished(false);
        return;
    }
    if (!outcome.error.isEmpty()) {
        context_.messages->showMessage(tr("The evaluation failed: %1").arg(outcome.error),
                                       widgets::MessageBar::Level::Error);
        Q_EMIT evaluationFinished(false);
        return;
    }
    lastReport_ = std::make_shared<engine::EvaluationReport>(outcome.report);
    save_->setEnabled(true);
    showReport(outcome.report);
    Q_EMIT evaluationFinished(true);
}

void EvaluationPage::showReport(const engine::EvaluationReport& report)
{
    std::vector<std::string> methods;
    std::vector<int> shots;
    for (const engine::EvaluationSummary& summary : report.summaries) {
        if (std::find(methods.begin(), methods.end(), summary.method) == methods.end())
            methods.push_back(summary.method);
        if (std::find(shots.begin(), shots.end(), summary.shots) == shots.end())
            shots.push_back(summary.shots);
    }
    std::sort(shots.begin(), shots.end());
    table_->clear();
    table_->setRowCount(static_cast<int>(methods.size()));
    table_->setColumnCount(static_cast<int>(shots.size()));
    QStringList headers;
    for (int k : shots)
        headers.append(tr("%n shot(s)", nullptr, k));
    table_->setHorizontalHeaderLabels(headers);
    QStringList rows;
    for (const std::string& method : methods)
        rows.append(TrainingController::methodDisplayName(QString::fromStdString(method)));
    table_->setVerticalHeaderLabels(rows);

    chart_->clear();
    const QLocale locale;
    for (size_t m = 0; m < methods.size(); ++m) {
        QVector<double> x, y, errors;
        for (const engine::EvaluationSummary& summary : report.summaries) {
            if (summary.method != methods[m])
                continue;
            const auto column = static_cast<int>(std::find(shots.begin(), shots.end(), summary.shots) - shots.begin());
            auto* item = new QTableWidgetItem(tr("%1 ± %2 %").arg(locale.toString(summary.accuracyMean * 100.0, 'f', 1),
                                                                  locale.toString(summary.accuracyStd * 100.0, 'f', 1)));
            item->setTextAlignment(Qt::AlignCenter);
            table_->setItem(static_cast<int>(m), column, item);
            x.append(summary.shots);
            y.append(summary.accuracyMean);
            errors.append(summary.accuracyStd);
        }
        chart_->addSeries(rows[static_cast<int>(m)], widgets::seriesColor(static_cast<int>(m)), x, y, errors);
    }
    table_->resizeColumnsToContents();
    info_->setText(tr("Accuracy in percent, mean ± standard deviation over %n seed(s).", nullptr, seeds_->value()));
}

void EvaluationPage::saveTable()
{
    if (!lastReport_)
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Evaluation Table"), tr("evaluation.csv"),
                                                      tr("CSV file (*.csv)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    const QByteArray text = QByteArray::fromStdString(engine::csvTable(*lastReport_));
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
        context_.messages->showMessage(tr("Could not write %1: %2").arg(path, file.errorString()),
                                       widgets::MessageBar::Level::Error);
        return;
    }
    context_.messages->showMessage(tr("Saved the evaluation table to %1.").arg(path), widgets::MessageBar::Level::Positive);
}

}  // namespace fewshot::ui
