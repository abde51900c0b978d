#pragma once

#include "ui/sample_images.h"

#include <QObject>
#include <QString>

#include <functional>

class QWidget;

namespace fewshot::ui {

class MainWindow;

// Drives the application through its main views with a sample project and
// saves a PNG of each: the start page, labeling, the large preview, training
// curves, template comparison, evaluation, settings, export and the model
// error message. Used by tests/gui/screenshots.sh for the documentation.
class ScreenshotTour : public QObject {
    Q_OBJECT

public:
    struct Options {
        QString outputFolder;
        QString modelFolder;
        QString workFolder;  // sample images and project go here
    };

    ScreenshotTour(MainWindow* window, Options options, QObject* parent = nullptr);

    void start();

Q_SIGNALS:
    // `failures` counts the steps that timed out or could not be saved.
    void finished(int failures);

private:
    void waitFor(const std::function<bool()>& condition, int timeoutMilliseconds, const QString& what,
                 const std::function<void()>& next);
    void save(QWidget* widget, const QString& name);
    void settle(const std::function<void()>& next);

    void loadModel();
    void createProject();
    void fillProject();
    void labelSome();
    void showPreview();
    void train();
    void scoreTemplates();
    void evaluate();
    void showDialogs();
    void showModelError();

    MainWindow* window_;
    Options options_;
    SampleImages samples_;
    int failures_ = 0;
};

}  // namespace fewshot::ui
