#pragma once

#include "ui/model_types.h"
#include "ui/studio_context.h"

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QProgressBar;
class QPushButton;

namespace fewshot::ui {

// The start page: recent projects with New and Open, and the model chooser
// that loads a CLIP folder in the background and shows what was loaded.
class WelcomePage : public QWidget {
    Q_OBJECT

public:
    WelcomePage(const StudioContext& context, QWidget* parent = nullptr);

    void refreshRecentProjects();
    void refreshRecentModels();
    // Loads `folder` with the options from the settings.
    void loadModel(const QString& folder);
    // Moves the keyboard focus to the model folder field, its text selected.
    void focusModelChooser();

Q_SIGNALS:
    void newProjectRequested();
    void openProjectRequested();
    void recentProjectRequested(const QString& file);
    void returnToProjectRequested();

private:
    QWidget* buildProjectBox();
    QWidget* buildModelBox();
    void browseModel();
    void onLoadingStarted(const QString& folder);
    void onModelLoaded(const ModelInfo& info);
    void onModelLoadFailed(const QString& folder, const QString& message);
    void showModelInfo(const ModelInfo& info);
    void openRecentItem(QListWidgetItem* item);

    StudioContext context_;
    QListWidget* recentProjects_ = nullptr;
    QPushButton* returnButton_ = nullptr;
    QComboBox* modelPath_ = nullptr;
    QPushButton* loadButton_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* modelStatus_ = nullptr;
    QLabel* architecture_ = nullptr;
    QLabel* device_ = nullptr;
    QLabel* dtype_ = nullptr;
    QLabel* embedding_ = nullptr;
    QLabel* parameters_ = nullptr;
    QLabel* format_ = nullptr;
};

}  // namespace fewshot::ui
