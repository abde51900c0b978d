#include "ui/screenshot_tour.h"

#include "ui/classes_panel.h"
#include "ui/evaluation_page.h"
#include "ui/export_dialog.h"
#include "ui/labeling_page.h"
#include "ui/main_window.h"
#include "ui/model_controller.h"
#include "ui/prediction_controller.h"
#include "ui/preview_dialog.h"
#include "ui/project_controller.h"
#include "ui/prompt_editor.h"
#include "ui/settings_dialog.h"
#include "ui/template_comparison_page.h"
#include "ui/training_controller.h"
#include "ui/training_page.h"
#include "ui/ui_log.h"
#include "ui/welcome_page.h"

#include "widgets/image_grid_view.h"
#include "widgets/message_bar.h"
#include "widgets/thumbnail_cache.h"

#include <QDir>
#include <QElapsedTimer>
#include <QItemSelectionModel>
#include <QTimer>

namespace fewshot::ui {
namespace {

constexpr int kPollMilliseconds = 100;
constexpr int kSettleMilliseconds = 600;
constexpr int kStepTimeout = 60000;

}  // namespace

ScreenshotTour::ScreenshotTour(MainWindow* window, Options options, QObject* parent)
    : QObject(parent), window_(window), options_(std::move(options))
{
}

void ScreenshotTour::start()
{
    QDir().mkpath(options_.outputFolder);
    samples_ = writeSampleImages(QDir(options_.workFolder).filePath(QStringLiteral("images")), 4, 36);
    window_->show();
    loadModel();
}

void ScreenshotTour::waitFor(const std::function<bool()>& condition, int timeoutMilliseconds, const QString& what,
                             const std::function<void()>& next)
{
    auto* timer = new QTimer(this);
    auto* elapsed = new QElapsedTimer;
    elapsed->start();
    connect(timer, &QTimer::timeout, this, [=] {
        const bool done = condition();
        if (!done && elapsed->elapsed() < timeoutMilliseconds)
            return;
        if (!done) {
            qCWarning(lcUi) << "screenshot tour: timed out waiting for" << what;
            ++failures_;
        }
        timer->stop();
        timer->deleteLater();
        delete elapsed;
        settle(next);
    });
    timer->start(kPollMilliseconds);
}

// Lets queued repaints and thumbnail loads finish before a picture is taken.
void ScreenshotTour::settle(const std::function<void()>& next)
{
    QTimer::singleShot(kSettleMilliseconds, this, next);
}

void ScreenshotTour::save(QWidget* widget, const QString& name)
{
    const QString path = QDir(options_.outputFolder).filePath(name);
    if (!widget->grab().save(path)) {
        qCWarning(lcUi) << "screenshot tour: could not write" << path;
        ++failures_;
        return;
    }
    qCInfo(lcUi) << "saved" << path;
}

void ScreenshotTour::loadModel()
{
    window_->welcomePage()->loadModel(options_.modelFolder);
    waitFor([this] { return window_->context().model->isLoaded(); }, kStepTimeout, QStringLiteral("the model"), [this] {
        save(window_, QStringLiteral("01-welcome.png"));
        createProject();
    });
}

void ScreenshotTour::createProject()
{
    const QString file = QDir(options_.workFolder).filePath(QStringLiteral("shapes.fewshot"));
    QFile::remove(file);
    window_->createProject(file);
    waitFor([this] { return window_->context().project->isOpen() && window_->context().project->snapshot(); }, kStepTimeout,
            QStringLiteral("the project"), [this] { fillProject(); });
}

void ScreenshotTour::fillProject()
{
    for (const QString& name : std::as_const(samples_.classNames))
        window_->classesPanel()->addClassNamed(name);
    waitFor([this] { return window_->context().project->snapshot()->classes.size() == size_t(samples_.classNames.size()); },
            kStepTimeout, QStringLiteral("the classes"), [this] {
                const SnapshotPtr snapshot = window_->context().project->snapshot();
                for (int c = 0; c < samples_.classNames.size(); ++c)
                    window_->context().project->importImages(samples_.examples[c], snapshot->classes[static_cast<size_t>(c)].id);
                window_->context().project->importImages(samples_.pool, std::nullopt);
                const auto total = static_cast<size_t>(samples_.pool.size() + samples_.classNames.size() * 4);
                waitFor(
                    [this, total] {
                        return window_->context().project->snapshot()->images.size() == total
                               && window_->context().predictions->predictions().size() == static_cast<int>(total)
                               && !window_->context().predictions->isStale();
                    },
                    kStepTimeout, QStringLiteral("the predictions"), [this] { labelSome(); });
            });
}

void ScreenshotTour::labelSome()
{
    const SnapshotPtr snapshot = window_->context().project->snapshot();
    // Label every other pool image by its file name, so training has images to validate on.
    int poolIndex = 0;
    for (const store::ImageInfo& image : snapshot->images) {
        if (snapshot->labels.contains(image.id) || poolIndex++ % 2 != 0)
            continue;
        for (const store::ClassInfo& info : snapshot->classes) {
            if (QFileInfo(image.path).fileName().startsWith(info.name))
                window_->context().project->labelImages({image.id}, info.id, store::LabelSource::Manual, QString());
        }
    }
    window_->showPage(MainWindow::Page::Labeling);
    window_->labelingPage()->grid()->setFocus();
    const QModelIndex first = window_->labelingPage()->grid()->model()->index(2, 0);
    window_->labelingPage()->grid()->selectionModel()->setCurrentIndex(first, QItemSelectionModel::ClearAndSelect);
    waitFor([this] { return window_->context().thumbnails->pendingCount() == 0; }, kStepTimeout,
            QStringLiteral("the thumbnails"), [this] {
                save(window_, QStringLiteral("02-labeling.png"));
                showPreview();
            });
}

void ScreenshotTour::showPreview()
{
    window_->labelingPage()->togglePreview();
    PreviewDialog* preview = window_->labelingPage()->preview();
    preview->resize(560, 620);
    settle([this, preview] {
        save(preview, QStringLiteral("03-preview.png"));
        preview->hide();
        train();
    });
}

void ScreenshotTour::train()
{
    window_->showPage(MainWindow::Page::Training);
    TrainingPage* page = window_->trainingPage();
    page->setMethodChecked(QStringLiteral("linear-probe"), true);
    page->setMethodChecked(QStringLiteral("tip-adapter-f"), true);
    page->startTraining();
    waitFor([this] { return window_->context().training->runningJobs() == 0; }, kStepTimeout * 3,
            QStringLiteral("the training jobs"), [this] {
                save(window_, QStringLiteral("04-training.png"));
                scoreTemplates();
            });
}

void ScreenshotTour::scoreTemplates()
{
    window_->promptEditor()->addSetFromPreset(QStringLiteral("industrial"));
    window_->showPage(MainWindow::Page::Templates);
    bool* scored = new bool(false);
    connect(window_->templatesPage(), &TemplateComparisonPage::scoresReady, this, [scored] { *scored = true; });
    settle([this, scored] {
        window_->templatesPage()->scoreTemplates();
        waitFor([scored] { return *scored; }, kStepTimeout, QStringLiteral("the template scores"), [this, scored] {
            delete scored;
            save(window_, QStringLiteral("05-templates.png"));
            evaluate();
        });
    });
}

void ScreenshotTour::evaluate()
{
    window_->showPage(MainWindow::Page::Evaluation);
    EvaluationPage* page = window_->evaluationPage();
    page->runEvaluation();
    waitFor([page] { return !page->isRunning(); }, kStepTimeout * 3, QStringLiteral("the evaluation"), [this] {
        save(window_, QStringLiteral("06-evaluation.png"));
        showDialogs();
    });
}

void ScreenshotTour::showDialogs()
{
    auto* settings = new SettingsDialog(window_);
    settings->show();
    auto* exporter = new ExportDialog(window_->context(), window_);
    exporter->show();
    settle([this, settings, exporter] {
        save(settings, QStringLiteral("07-settings.png"));
        save(exporter, QStringLiteral("08-export.png"));
        settings->deleteLater();
        exporter->deleteLater();
        showModelError();
    });
}

void ScreenshotTour::showModelError()
{
    window_->showWelcome();
    window_->welcomePage()->loadModel(QDir(options_.workFolder).filePath(QStringLiteral("images")));
    waitFor([this] { return !window_->context().model->isLoading(); }, kStepTimeout, QStringLiteral("the failed load"),
            [this] {
                save(window_, QStringLiteral("09-model-error.png"));
                Q_EMIT finished(failures_);
            });
}

}  // namespace fewshot::ui
