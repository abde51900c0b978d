#pragma once

#include "ui/project_requests.h"
#include "ui/studio_context.h"

#include <QElapsedTimer>
#include <QMainWindow>

#include <functional>

class QAction;
class QDockWidget;
class QMenu;
class QStackedWidget;
class QTabWidget;

namespace fewshot::ui {

class ClassesPanel;
class EvaluationPage;
class LabelingPage;
class PromptEditor;
class StatusPanel;
struct ModelInfo;
class TemplateComparisonPage;
class TrainingPage;
class WelcomePage;

// The application window: the start page until a project is open, then the
// labeling, training, template and evaluation pages with the classes and
// prompt docks. It owns the controllers that run the core on worker threads.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    enum class Page { Labeling, Training, Templates, Evaluation };
    // The paths that the File menu's imports request.
    enum class PathRequest { ClassFolders, LabelsCsv, RelinkFolder };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    const StudioContext& context() const { return context_; }
    WelcomePage* welcomePage() const { return welcome_; }
    LabelingPage* labelingPage() const { return labeling_; }
    TrainingPage* trainingPage() const { return training_; }
    TemplateComparisonPage* templatesPage() const { return templates_; }
    EvaluationPage* evaluationPage() const { return evaluation_; }
    ClassesPanel* classesPanel() const { return classes_; }
    PromptEditor* promptEditor() const { return prompts_; }
    StatusPanel* statusPanel() const { return status_; }
    // The notice shown while the demo model is loaded.
    widgets::MessageBar* demoModelNotice() const { return demoModelNotice_; }

    void createProject(const QString& file);
    void openProject(const QString& file);
    void showPage(Page page);
    void showWelcome();
    // Jobs that closing the window would cancel.
    int runningJobs() const;
    // Replaces the question asked when closing with running jobs (for tests).
    void setQuitConfirmation(std::function<bool(int runningJobs)> confirm) { confirmQuit_ = std::move(confirm); }
    // Replaces the file dialogs of the imports and relinking (for tests); an
    // empty path cancels.
    void setPathChooser(std::function<QString(PathRequest)> choose) { choosePath_ = std::move(choose); }

    // File menu actions that request a path through the path chooser.
    void importClassFolders();
    void importLabelsCsv();
    void relinkMissingImages();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createControllers();
    void createPages();
    void createDocks();
    void createMenus();
    void fillRecentMenu();
    void newProjectDialog();
    void openProjectDialog();
    void closeProject();
    void showSettings();
    void showExport();
    void showAbout();
    void onProjectOpened(const QString& file, bool created);
    void onProjectOpenFailed(const QString& message);
    QString choosePathWithDialog(PathRequest request);
    // Shows `text` with a Cancel button once a job has run for a while; `done` is 0 at its start.
    void showProgress(const QString& text, qint64 done);
    void showImportProgress(qint64 done, qint64 total);
    void showImportSummary(const ImportSummary& summary);
    void showRelinkSummary(const RelinkSummary& summary);
    void showMissingImagesNotice(int missing);
    void updateWindowTitle();
    void updateDemoModelNotice(const ModelInfo& info);
    void setProjectViewsVisible(bool visible);
    void shutDownJobs();

    StudioContext context_;
    QStackedWidget* stack_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    WelcomePage* welcome_ = nullptr;
    LabelingPage* labeling_ = nullptr;
    TrainingPage* training_ = nullptr;
    TemplateComparisonPage* templates_ = nullptr;
    EvaluationPage* evaluation_ = nullptr;
    ClassesPanel* classes_ = nullptr;
    PromptEditor* prompts_ = nullptr;
    QDockWidget* classesDock_ = nullptr;
    QDockWidget* promptDock_ = nullptr;
    StatusPanel* status_ = nullptr;
    widgets::MessageBar* demoModelNotice_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QList<QAction*> projectActions_;
    std::function<bool(int)> confirmQuit_;
    std::function<QString(PathRequest)> choosePath_;
    // Progress of imports and relinking shows only when they take a while.
    QElapsedTimer progressClock_;
    // Set when a project opens: its first snapshot shows whether images are missing.
    bool checkMissingImages_ = false;
    bool shuttingDown_ = false;
};

}  // namespace fewshot::ui
