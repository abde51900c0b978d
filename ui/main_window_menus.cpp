// Menus and the dialogs they open, for MainWindow.

#include "ui/main_window.h"

#include "ui/app_settings.h"
#include "ui/classes_panel.h"
#include "ui/export_dialog.h"
#include "ui/labeling_page.h"
#include "ui/model_controller.h"
#include "ui/project_controller.h"
#include "ui/settings_dialog.h"
#include "ui/training_controller.h"
#include "ui/welcome_page.h"

#include "widgets/message_bar.h"
#include "widgets/thumbnail_cache.h"

#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QUndoStack>

namespace fewshot::ui {
namespace {

const QString kProjectSuffix = QStringLiteral("fewshot");

}  // namespace

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New Project…"), QKeySequence::New, this, &MainWindow::newProjectDialog);
    file->addAction(tr("&Open Project…"), QKeySequence::Open, this, &MainWindow::openProjectDialog);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    projectActions_.append(file->addAction(tr("&Close Project"), QKeySequence::Close, this, &MainWindow::closeProject));
    file->addSeparator();
    file->addAction(tr("&Start Page"), this, &MainWindow::showWelcome);
    projectActions_.append(file->addAction(tr("&Add Images to the Pool…"), this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Add Images to the Pool"), QString(), tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)"));
        if (!files.isEmpty())
            context_.project->importImages(files, std::nullopt);
    }));
    QAction* classFolders = file->addAction(tr("Import Class &Folders…"), this, &MainWindow::importClassFolders);
    classFolders->setObjectName(QStringLiteral("importClassFoldersAction"));
    classFolders->setStatusTip(tr("Add the images of a folder with one sub-folder per class as examples of "
                                  "those classes"));
    projectActions_.append(classFolders);
    QAction* csv = file->addAction(tr("Import &Labels from CSV…"), this, &MainWindow::importLabelsCsv);
    csv->setObjectName(QStringLiteral("importLabelsCsvAction"));
    csv->setStatusTip(tr("Add images and their labels from a CSV file of path,label rows"));
    projectActions_.append(csv);
    QAction* relink = file->addAction(tr("Relink &Missing Images…"), this, &MainWindow::relinkMissingImages);
    relink->setObjectName(QStringLiteral("relinkMissingImagesAction"));
    relink->setStatusTip(tr("Find images that were moved, by their content, in a folder you choose"));
    projectActions_.append(relink);
    file->addSeparator();
    projectActions_.append(file->addAction(tr("&Export…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, &MainWindow::showExport));
    file->addSeparator();
    file->addAction(tr("Se&ttings…"), QKeySequence::Preferences, this, &MainWindow::showSettings);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = context_.project->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = context_.project->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    projectActions_.append(edit->addAction(tr("Add &Class…"), this, [this] { classes_->addClass(); }));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    const QList<QPair<QString, Page>> pages = {{tr("&Labeling"), Page::Labeling},
                                               {tr("&Training"), Page::Training},
                                               {tr("Te&mplate Comparison"), Page::Templates},
                                               {tr("&Evaluation"), Page::Evaluation}};
    int key = Qt::Key_1;
    for (const auto& [text, page] : pages) {
        const Page target = page;
        projectActions_.append(view->addAction(text, QKeySequence(Qt::CTRL | static_cast<Qt::Key>(key++)), this,
                                               [this, target] { showPage(target); }));
    }
    view->addSeparator();
    view->addAction(classesDock_->toggleViewAction());
    view->addAction(promptDock_->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About FewShot Studio"), this, &MainWindow::showAbout);
}

void MainWindow::fillRecentMenu()
{
    recentMenu_->clear();
    for (const QString& entry : AppSettings::recentProjects()) {
        QAction* action = recentMenu_->addAction(entry, this, [this, entry] { openProject(entry); });
        action->setEnabled(QFileInfo::exists(entry));
    }
    if (recentMenu_->isEmpty())
        recentMenu_->addAction(tr("No recent projects"))->setEnabled(false);
}

void MainWindow::newProjectDialog()
{
    QString file = QFileDialog::getSaveFileName(this, tr("New Project"), QString(),
                                                tr("FewShot projects (*.fewshot)"), nullptr,
                                                QFileDialog::DontConfirmOverwrite);
    if (file.isEmpty())
        return;
    if (QFileInfo(file).suffix() != kProjectSuffix)
        file += QLatin1Char('.') + kProjectSuffix;
    if (QFileInfo::exists(file)) {
        context_.messages->showMessage(tr("%1 exists already. Open it with File > Open Project, or choose "
                                          "another name.")
                                           .arg(file),
                                       widgets::MessageBar::Level::Warning);
        return;
    }
    createProject(file);
}

void MainWindow::openProjectDialog()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Project"), QString(),
                                                      tr("FewShot projects (*.fewshot);;All files (*)"));
    if (!file.isEmpty())
        openProject(file);
}

void MainWindow::closeProject()
{
    context_.training->cancelAll();
    context_.project->closeProject();
    showWelcome();
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const bool modelChanged = dialog.save();
    context_.thumbnails->setThumbnailSize(AppSettings::thumbnailSize());
    labeling_->setThumbnailSize(AppSettings::thumbnailSize());
    if (modelChanged && context_.model->isLoaded()) {
        const QString folder = context_.model->info().folder;
        context_.messages->showMessage(tr("The new device, data type and thread settings apply when the model "
                                          "is loaded again."),
                                       widgets::MessageBar::Level::Information, tr("Reload Model"), [this, folder] {
                                           context_.messages->dismiss();
                                           welcome_->loadModel(folder);
                                       });
    }
}

void MainWindow::showExport()
{
    auto* dialog = new ExportDialog(context_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About FewShot Studio"),
                       tr("<h3>FewShot Studio %1</h3><p>Label images with a few examples per class, using a CLIP "
                          "model on this computer.</p>")
                           .arg(QApplication::applicationVersion()));
}

}  // namespace fewshot::ui
