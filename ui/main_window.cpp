#include "ui/main_window.h"

#include "ui/app_settings.h"
#include "ui/classes_panel.h"
#include "ui/demo_project.h"
#include "ui/evaluation_page.h"
#include "ui/labeling_page.h"
#include "ui/model_controller.h"
#include "ui/prediction_controller.h"
#include "ui/project_controller.h"
#include "ui/prompt_editor.h"
#include "ui/status_panel.h"
#include "ui/template_comparison_page.h"
#include "ui/training_controller.h"
#include "ui/training_page.h"
#include "ui/ui_log.h"
#include "ui/welcome_page.h"

#include "widgets/message_bar.h"
#include "widgets/thumbnail_cache.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace fewshot::ui {
namespace {

// How long closing waits for cancelled jobs before leaving anyway.
constexpr int kShutdownWaitMilliseconds = 10000;

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));
    createControllers();
    createPages();
    createDocks();
    createMenus();
    status_ = new StatusPanel(context_, statusBar(), this);
    setProjectViewsVisible(false);
    updateWindowTitle();
    resize(1280, 820);
    restoreGeometry(AppSettings::windowGeometry());
    restoreState(AppSettings::windowState());
    setProjectViewsVisible(false);

    choosePath_ = [this](PathRequest request) { return choosePathWithDialog(request); };
    confirmQuit_ = [this](int jobs) {
        const auto answer = QMessageBox::question(
            this, tr("Quit FewShot Studio"),
            tr("%n job(s) are still running. Cancel them and quit?", nullptr, jobs),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        return answer == QMessageBox::Yes;
    };
}

MainWindow::~MainWindow()
{
    shutDownJobs();
}

void MainWindow::createControllers()
{
    auto* central = new QWidget(this);
    context_.messages = new widgets::MessageBar(central);
    context_.messages->setObjectName(QStringLiteral("messageBar"));
    // Separate from the message bar, so that other messages do not replace it.
    demoModelNotice_ = new widgets::MessageBar(central);
    context_.thumbnails = new widgets::ThumbnailCache(this);
    context_.thumbnails->setThumbnailSize(AppSettings::thumbnailSize());
    context_.project = new ProjectController(this);
    context_.model = new ModelController(this);
    context_.predictions = new PredictionController(context_.project, context_.model, this);
    context_.training = new TrainingController(context_.project, context_.model, context_.predictions, this);

    const auto showError = [this](const QString& message) {
        context_.messages->showMessage(message, widgets::MessageBar::Level::Error);
    };
    connect(context_.project, &ProjectController::errorOccurred, this, showError);
    connect(context_.predictions, &PredictionController::errorOccurred, this, [this](const QString& message) {
        // Images that cannot be read are often missing; then relinking is the fix to offer.
        const SnapshotPtr snapshot = context_.project->snapshot();
        if (snapshot && snapshot->missingImages > 0)
            context_.messages->showMessage(message, widgets::MessageBar::Level::Error, tr("Relink Images…"),
                                           [this] { relinkMissingImages(); });
        else
            context_.messages->showMessage(message, widgets::MessageBar::Level::Error);
    });
    connect(context_.training, &TrainingController::errorOccurred, this, showError);
    connect(context_.project, &ProjectController::projectOpened, this, &MainWindow::onProjectOpened);
    connect(context_.project, &ProjectController::projectOpenFailed, this, &MainWindow::onProjectOpenFailed);
    connect(context_.project, &ProjectController::projectClosed, this, [this] {
        setProjectViewsVisible(false);
        updateWindowTitle();
    });
    connect(context_.project, &ProjectController::importProgress, this, &MainWindow::showImportProgress);
    connect(context_.project, &ProjectController::importFinished, this, &MainWindow::showImportSummary);
    connect(context_.project, &ProjectController::relinkProgress, this, [this](qint64 done, qint64 total) {
        showProgress(tr("Looking for the missing images: checked %1 of %2 files…").arg(done).arg(total), done);
    });
    connect(context_.project, &ProjectController::relinkFinished, this, &MainWindow::showRelinkSummary);
    connect(context_.model, &ModelController::modelLoaded, this, &MainWindow::updateWindowTitle);
    connect(context_.model, &ModelController::modelLoaded, this, &MainWindow::updateDemoModelNotice);
    connect(demoModelNotice_, &widgets::MessageBar::actionTriggered, this, [this] {
        showWelcome();
        welcome_->focusModelChooser();
    });
    connect(context_.project, &ProjectController::snapshotChanged, this, &MainWindow::updateWindowTitle);
    connect(context_.project, &ProjectController::snapshotChanged, this, [this](const SnapshotPtr& snapshot) {
        if (!checkMissingImages_)
            return;
        checkMissingImages_ = false;
        if (snapshot->missingImages > 0)
            showMissingImagesNotice(snapshot->missingImages);
    });
}

void MainWindow::createPages()
{
    welcome_ = new WelcomePage(context_, this);
    connect(welcome_, &WelcomePage::newProjectRequested, this, &MainWindow::newProjectDialog);
    connect(welcome_, &WelcomePage::openProjectRequested, this, &MainWindow::openProjectDialog);
    connect(welcome_, &WelcomePage::recentProjectRequested, this, &MainWindow::openProject);
    connect(welcome_, &WelcomePage::returnToProjectRequested, this, [this] { showPage(Page::Labeling); });

    labeling_ = new LabelingPage(context_, this);
    labeling_->setThumbnailSize(AppSettings::thumbnailSize());
    training_ = new TrainingPage(context_, this);
    templates_ = new TemplateComparisonPage(context_, this);
    evaluation_ = new EvaluationPage(context_, this);

    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("pageTabs"));
    tabs_->setDocumentMode(true);
    tabs_->addTab(labeling_, QIcon(QStringLiteral(":/icons/grid.svg")), tr("Predictions && Labeling"));
    tabs_->addTab(training_, QIcon(QStringLiteral(":/icons/curve.svg")), tr("Training"));
    tabs_->addTab(templates_, QIcon(QStringLiteral(":/icons/bars.svg")), tr("Template Comparison"));
    tabs_->addTab(evaluation_, QIcon(QStringLiteral(":/icons/shots.svg")), tr("Evaluation"));

    stack_ = new QStackedWidget(this);
    stack_->addWidget(welcome_);
    stack_->addWidget(tabs_);

    QWidget* central = context_.messages->parentWidget();
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->setSpacing(4);
    layout->addWidget(demoModelNotice_);
    layout->addWidget(context_.messages);
    layout->addWidget(stack_, 1);
    setCentralWidget(central);
}

void MainWindow::createDocks()
{
    classes_ = new ClassesPanel(context_, this);
    classesDock_ = new QDockWidget(tr("Classes"), this);
    classesDock_->setObjectName(QStringLiteral("classesDock"));
    classesDock_->setWidget(classes_);
    classesDock_->setMinimumWidth(240);
    addDockWidget(Qt::LeftDockWidgetArea, classesDock_);

    prompts_ = new PromptEditor(context_, this);
    promptDock_ = new QDockWidget(tr("Prompts"), this);
    promptDock_->setObjectName(QStringLiteral("promptDock"));
    promptDock_->setWidget(prompts_);
    promptDock_->setMinimumWidth(310);
    addDockWidget(Qt::RightDockWidgetArea, promptDock_);
    connect(classes_, &ClassesPanel::classSelected, prompts_, &PromptEditor::selectClass);
}

void MainWindow::setProjectViewsVisible(bool visible)
{
    stack_->setCurrentIndex(visible ? 1 : 0);
    classesDock_->setVisible(visible);
    promptDock_->setVisible(visible);
    for (QAction* action : std::as_const(projectActions_))
        action->setEnabled(visible);
}

void MainWindow::showPage(Page page)
{
    if (!context_.project->isOpen())
        return;
    stack_->setCurrentIndex(1);
    tabs_->setCurrentIndex(static_cast<int>(page));
}

void MainWindow::showWelcome()
{
    welcome_->refreshRecentProjects();
    stack_->setCurrentIndex(0);
}

void MainWindow::createProject(const QString& file)
{
    // Jobs of the previous project would write their runs into the new one.
    context_.training->cancelAll();
    context_.project->createProject(file);
}

void MainWindow::openProject(const QString& file)
{
    if (!QFileInfo::exists(file)) {
        context_.messages->showMessage(tr("The project %1 does not exist any more. It was removed from the "
                                          "recent projects.")
                                           .arg(file),
                                       widgets::MessageBar::Level::Warning);
        AppSettings::removeRecentProject(file);
        welcome_->refreshRecentProjects();
        return;
    }
    context_.training->cancelAll();
    context_.project->openProject(file);
}

void MainWindow::onProjectOpened(const QString& file, bool created)
{
    AppSettings::addRecentProject(file);
    welcome_->refreshRecentProjects();
    setProjectViewsVisible(true);
    showPage(Page::Labeling);
    updateWindowTitle();
    context_.messages->dismiss();
    checkMissingImages_ = true;
    if (created)
        context_.messages->showMessage(tr("Created %1. Add classes, drop example images on them, and drop "
                                          "unlabeled images on the grid.")
                                           .arg(QFileInfo(file).fileName()),
                                       widgets::MessageBar::Level::Positive);
    if (!context_.model->isLoaded() && !context_.model->isLoading())
        context_.messages->showMessage(tr("No CLIP model is loaded, so there are no predictions yet. Choose a "
                                          "model on the start page (File > Start Page)."),
                                       widgets::MessageBar::Level::Information);
}

void MainWindow::onProjectOpenFailed(const QString& message)
{
    context_.messages->showMessage(tr("Could not open the project: %1").arg(message), widgets::MessageBar::Level::Error);
}

void MainWindow::updateWindowTitle()
{
    const SnapshotPtr snapshot = context_.project->snapshot();
    QString title = tr("FewShot Studio");
    if (context_.project->isOpen() && snapshot)
        title = tr("%1 — FewShot Studio").arg(QFileInfo(snapshot->file).completeBaseName());
    setWindowTitle(title);
}

void MainWindow::updateDemoModelNotice(const ModelInfo& info)
{
    if (!isDemoModel(info.folder)) {
        demoModelNotice_->dismiss();
        return;
    }
    demoModelNotice_->showMessage(
        tr("This is the small demo model, trained only on generated images of parts with surface defects. Its "
           "predictions on real images mean nothing. For your own images, download a CLIP checkpoint such as "
           "openai/clip-vit-base-patch32 (see \"Get a CLIP checkpoint\" in the README) and load its folder."),
        widgets::MessageBar::Level::Warning, tr("Choose a CLIP Model"));
}

int MainWindow::runningJobs() const
{
    return status_->runningJobs() + (evaluation_->isRunning() ? 1 : 0);
}

void MainWindow::shutDownJobs()
{
    if (shuttingDown_)
        return;
    shuttingDown_ = true;
    qCInfo(lcUi) << "shutting down with" << runningJobs() << "running jobs";
    context_.training->cancelAll();
    context_.model->cancelEncoding();
    context_.project->cancelImports();
    evaluation_->cancel();
    if (!context_.training->waitForAll(kShutdownWaitMilliseconds))
        qCWarning(lcUi) << "training jobs did not stop in time";
    context_.project->waitForIdle();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    const int jobs = runningJobs();
    if (jobs > 0 && !confirmQuit_(jobs)) {
        event->ignore();
        return;
    }
    AppSettings::setWindowLayout(saveGeometry(), saveState());
    shutDownJobs();
    event->accept();
}

}  // namespace fewshot::ui
