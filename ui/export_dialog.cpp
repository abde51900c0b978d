#include "ui/export_dialog.h"

#include "ui/project_controller.h"
#include "ui/training_controller.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace fewshot::ui {

ExportDialog::ExportDialog(const StudioContext& context, QWidget* parent) : QDialog(parent), context_(context)
{
    setWindowTitle(tr("Export"));
    tabs_ = new QTabWidget(this);
    tabs_->addTab(buildLabelsTab(), tr("Labels"));
    tabs_->addTab(buildHeadTab(), tr("Classifier head"));
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs_);
    layout->addWidget(status_);
    layout->addWidget(buttons);
    resize(560, 300);

    connect(context_.project, &ProjectController::labelExportFinished, this, [this](const LabelExportSummary& summary) {
        exportLabels_->setEnabled(true);
        if (summary.failed) {
            showStatus(tr("The labels were not exported; see the message above the main window."), true);
            return;
        }
        QString text = tr("Exported %n labeled image(s) to %1.", nullptr, summary.exported).arg(summary.output);
        if (!summary.warnings.isEmpty())
            text += QLatin1Char('\n') + summary.warnings.join(QLatin1Char('\n'));
        showStatus(text, false);
    });
    connect(context_.training, &TrainingController::exportFinished, this,
            [this](qint64, const QString& folder, bool succeeded) {
                exportHead_->setEnabled(true);
                showStatus(succeeded ? tr("Wrote the classifier head to %1.").arg(folder)
                                     : tr("The classifier head was not written; see the message above the main window."),
                           !succeeded);
            });
    connect(context_.training, &TrainingController::jobChanged, this, &ExportDialog::refreshJobs);
    connect(context_.project, &ProjectController::snapshotChanged, this, &ExportDialog::refreshJobs);
    refreshJobs();
}

QWidget* ExportDialog::buildLabelsTab()
{
    auto* page = new QWidget(this);
    format_ = new QComboBox(page);
    format_->addItem(tr("CSV file (path, label, source)"), static_cast<int>(LabelExportFormat::Csv));
    format_->addItem(tr("JSON file with classes and labels"), static_cast<int>(LabelExportFormat::Json));
    format_->addItem(tr("One folder per class (ImageFolder layout)"), static_cast<int>(LabelExportFormat::Folders));
    labelPath_ = new QLineEdit(page);
    auto* browse = new QPushButton(tr("Browse…"), page);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browseLabels);
    symlinks_ = new QCheckBox(tr("Link to the images instead of copying them"), page);
    exportLabels_ = new QPushButton(tr("Export Labels"), page);
    connect(exportLabels_, &QPushButton::clicked, this, &ExportDialog::exportLabels);
    connect(format_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        symlinks_->setEnabled(format_->currentData().toInt() == static_cast<int>(LabelExportFormat::Folders));
    });
    symlinks_->setEnabled(false);

    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(labelPath_, 1);
    pathRow->addWidget(browse);
    auto* form = new QFormLayout(page);
    form->addRow(tr("Format:"), format_);
    form->addRow(tr("Output:"), pathRow);
    form->addRow(QString(), symlinks_);
    form->addRow(QString(), exportLabels_);
    return page;
}

QWidget* ExportDialog::buildHeadTab()
{
    auto* page = new QWidget(this);
    jobs_ = new QComboBox(page);
    headPath_ = new QLineEdit(page);
    auto* browse = new QPushButton(tr("Browse…"), page);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browseHead);
    exportHead_ = new QPushButton(tr("Export Head"), page);
    connect(exportHead_, &QPushButton::clicked, this, &ExportDialog::exportHead);
    auto* note = new QLabel(tr("Writes head.safetensors, a TorchScript module head.pt, metadata.json and a "
                               "README into the folder. The folder must be new, empty, or an earlier head export, "
                               "which is replaced."),
                            page);
    note->setWordWrap(true);

    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(headPath_, 1);
    pathRow->addWidget(browse);
    auto* form = new QFormLayout(page);
    form->addRow(tr("Training run:"), jobs_);
    form->addRow(tr("Folder:"), pathRow);
    form->addRow(QString(), note);
    form->addRow(QString(), exportHead_);
    return page;
}

void ExportDialog::refreshJobs()
{
    const qint64 current = jobs_->currentData().toLongLong();
    jobs_->clear();
    // Finished runs of the project, newest first, with a positive id.
    const SnapshotPtr snapshot = context_.project->snapshot();
    if (snapshot) {
        const QLocale locale;
        for (auto run = snapshot->runs.rbegin(); run != snapshot->runs.rend(); ++run) {
            const bool usable = run->hasHead || context_.training->jobOfRun(run->id) != 0;
            if (run->status != store::RunStatus::Finished || !usable)
                continue;
            jobs_->addItem(tr("Run %1: %2, %3")
                               .arg(run->id)
                               .arg(TrainingController::methodDisplayName(run->method),
                                    locale.toString(run->startedAt.toLocalTime(), QLocale::ShortFormat)),
                           run->id);
        }
    }
    // Jobs of this session without a run record (the project is read-only),
    // with the negated job id.
    for (qint64 jobId : context_.training->jobIds()) {
        const TrainingJobState* state = context_.training->job(jobId);
        if (state != nullptr && state->outcome && state->runId == 0 && snapshot && state->projectFile == snapshot->file)
            jobs_->addItem(state->name, -jobId);
    }
    const int index = jobs_->findData(current);
    if (index >= 0)
        jobs_->setCurrentIndex(index);
    exportHead_->setEnabled(jobs_->count() > 0);
    if (jobs_->count() == 0)
        jobs_->addItem(tr("No finished training run in this project"));
}

void ExportDialog::setLabelOutput(LabelExportFormat format, const QString& path)
{
    format_->setCurrentIndex(format_->findData(static_cast<int>(format)));
    labelPath_->setText(path);
}

void ExportDialog::browseLabels()
{
    const auto format = static_cast<LabelExportFormat>(format_->currentData().toInt());
    QString path;
    if (format == LabelExportFormat::Folders)
        path = QFileDialog::getExistingDirectory(this, tr("Empty Folder for the Class Folders"));
    else if (format == LabelExportFormat::Csv)
        path = QFileDialog::getSaveFileName(this, tr("Export Labels"), tr("labels.csv"), tr("CSV file (*.csv)"));
    else
        path = QFileDialog::getSaveFileName(this, tr("Export Labels"), tr("labels.json"), tr("JSON file (*.json)"));
    if (!path.isEmpty())
        labelPath_->setText(path);
}

void ExportDialog::browseHead()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder for the Classifier Head"));
    if (!folder.isEmpty())
        headPath_->setText(folder);
}

void ExportDialog::exportLabels()
{
    const QString path = labelPath_->text().trimmed();
    if (path.isEmpty()) {
        showStatus(tr("Choose where to write the labels first."), true);
        return;
    }
    exportLabels_->setEnabled(false);
    showStatus(tr("Exporting…"), false);
    context_.project->exportLabels(static_cast<LabelExportFormat>(format_->currentData().toInt()), path,
                                   symlinks_->isChecked());
}

void ExportDialog::exportHead()
{
    const QString folder = headPath_->text().trimmed();
    const qint64 id = jobs_->currentData().toLongLong();
    if (folder.isEmpty() || id == 0) {
        showStatus(tr("Choose a finished training run and a folder first."), true);
        return;
    }
    exportHead_->setEnabled(false);
    showStatus(tr("Exporting…"), false);
    if (id > 0)
        context_.training->exportRun(id, folder);
    else
        context_.training->exportHead(-id, folder);
}

void ExportDialog::showStatus(const QString& text, bool error)
{
    status_->setText(text);
    status_->setStyleSheet(error ? QStringLiteral("color: #b02020;") : QString());
}

}  // namespace fewshot::ui
