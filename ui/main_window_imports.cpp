// Imports and relinking of the File menu, with their progress and outcome
// in the message bar, for MainWindow.

#include "ui/main_window.h"

#include "ui/project_controller.h"

#include "widgets/message_bar.h"

#include <QFileDialog>
#include <QFileInfo>

namespace fewshot::ui {
namespace {

constexpr qint64 kProgressDelayMilliseconds = 400;

int count(const QStringList& list)
{
    return static_cast<int>(list.size());
}

}  // namespace

QString MainWindow::choosePathWithDialog(PathRequest request)
{
    switch (request) {
    case PathRequest::ClassFolders:
        return QFileDialog::getExistingDirectory(this, tr("Folder with One Sub-folder per Class"));
    case PathRequest::LabelsCsv:
        return QFileDialog::getOpenFileName(this, tr("Import Labels from CSV"), QString(),
                                            tr("CSV files (*.csv);;All files (*)"));
    case PathRequest::RelinkFolder: {
        const SnapshotPtr snapshot = context_.project->snapshot();
        return QFileDialog::getExistingDirectory(this, tr("Folder That Contains the Missing Images"),
                                                 snapshot ? snapshot->folder : QString());
    }
    }
    return {};
}

void MainWindow::importClassFolders()
{
    if (!context_.project->isOpen())
        return;
    const QString folder = choosePath_(PathRequest::ClassFolders);
    if (!folder.isEmpty())
        context_.project->importClassFolders(folder);
}

void MainWindow::importLabelsCsv()
{
    if (!context_.project->isOpen())
        return;
    const QString file = choosePath_(PathRequest::LabelsCsv);
    if (!file.isEmpty())
        context_.project->importCsv(file);
}

void MainWindow::relinkMissingImages()
{
    if (!context_.project->isOpen())
        return;
    const QString folder = choosePath_(PathRequest::RelinkFolder);
    if (!folder.isEmpty())
        context_.project->relinkMissing(folder);
}

void MainWindow::showProgress(const QString& text, qint64 done)
{
    if (done == 0 || !progressClock_.isValid())
        progressClock_.start();
    // A short job shows its outcome only, without a flash of progress first.
    if (progressClock_.elapsed() < kProgressDelayMilliseconds)
        return;
    context_.messages->showMessage(text, widgets::MessageBar::Level::Information, tr("Cancel"),
                                   [this] { context_.project->cancelImports(); });
}

void MainWindow::showImportProgress(qint64 done, qint64 total)
{
    showProgress(tr("Reading images: %1 of %2…").arg(done).arg(total), done);
}

void MainWindow::showImportSummary(const ImportSummary& summary)
{
    if (summary.failed)
        return;  // the core's message is on display already
    if (summary.cancelled) {
        context_.messages->showMessage(tr("The import was cancelled; nothing was added."),
                                       widgets::MessageBar::Level::Information);
        return;
    }
    const QString source = QFileInfo(summary.source).fileName();
    QStringList parts;
    const bool nothingNew = summary.added == 0 && summary.labeled == 0;
    if (summary.kind == ImportKind::Files) {
        parts.append(summary.className.isEmpty()
                         ? tr("Added %n image(s) to the pool.", nullptr, summary.added)
                         : tr("Added %n example(s) to %1.", nullptr, summary.labeled).arg(summary.className));
    } else if (nothingNew) {
        parts.append(tr("Nothing new was imported from %1.").arg(source));
    } else if (summary.kind == ImportKind::ClassFolders) {
        parts.append(tr("Imported %n image(s) from the class folders in %1 as examples.", nullptr, summary.labeled)
                         .arg(source));
    } else {
        parts.append(tr("Imported %n label(s) from %1.", nullptr, summary.labeled).arg(source));
    }
    if (summary.kind != ImportKind::Files) {
        if (!summary.classesCreated.isEmpty())
            parts.append(tr("New classes: %1.").arg(summary.classesCreated.join(QStringLiteral(", "))));
        if (summary.alreadyPresent > 0)
            parts.append(tr("%n image(s) were in the project already.", nullptr, summary.alreadyPresent));
        if (summary.labelsKept > 0)
            parts.append(tr("%n image(s) already had a different label and kept it.", nullptr, summary.labelsKept));
    }
    // The core words its warnings itself, in English.
    parts.append(summary.warnings);
    if (!summary.failures.isEmpty())
        parts.append(tr("Skipped %n file(s) that could not be read. First problem: %1", nullptr,
                        count(summary.failures))
                         .arg(summary.failures.first()));
    const bool clean = summary.failures.isEmpty() && summary.warnings.isEmpty();
    context_.messages->showMessage(parts.join(QLatin1Char(' ')),
                                   clean ? widgets::MessageBar::Level::Positive : widgets::MessageBar::Level::Warning);
}

void MainWindow::showRelinkSummary(const RelinkSummary& summary)
{
    using Level = widgets::MessageBar::Level;
    if (summary.failed)
        return;  // the core's message is on display already
    if (summary.cancelled) {
        context_.messages->showMessage(tr("Relinking was cancelled; no image paths were changed."), Level::Information);
        return;
    }
    if (summary.missingBefore == 0) {
        context_.messages->showMessage(tr("No images are missing, so there was nothing to relink."),
                                       Level::Information);
        return;
    }
    if (summary.stillMissing == 0) {
        context_.messages->showMessage(tr("Found the %n missing image(s) in %1 and stored the new paths.", nullptr,
                                          summary.relinked)
                                           .arg(summary.folder),
                                       Level::Positive);
        return;
    }
    context_.messages->showMessage(
        tr("Found %1 of the %n missing image(s) in %2 and stored their new paths. %3 are still missing: relink "
           "them from another folder, or remove them.",
           nullptr, summary.missingBefore)
            .arg(summary.relinked)
            .arg(summary.folder)
            .arg(summary.stillMissing),
        Level::Warning, tr("Relink Images…"), [this] { relinkMissingImages(); });
}

void MainWindow::showMissingImagesNotice(int missing)
{
    context_.messages->showMessage(
        tr("Could not find %n image(s) of this project at the stored paths, for example because their folder was "
           "moved. Their labels are kept. To find them, choose the folder they are in now.",
           nullptr, missing),
        widgets::MessageBar::Level::Warning, tr("Relink Images…"), [this] { relinkMissingImages(); });
}

}  // namespace fewshot::ui
