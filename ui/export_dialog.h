#pragma once

#include "ui/project_requests.h"
#include "ui/studio_context.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;

namespace fewshot::ui {

// Exports the project's labels (CSV, JSON or one folder per class) and the
// classifier head of a finished training run. The export runs in the
// background; the dialog shows the outcome and stays open for another one.
class ExportDialog : public QDialog {
    Q_OBJECT

public:
    ExportDialog(const StudioContext& context, QWidget* parent = nullptr);

    void setLabelOutput(LabelExportFormat format, const QString& path);
    void exportLabels();
    void exportHead();
    QLabel* statusLabel() const { return status_; }

private:
    QWidget* buildLabelsTab();
    QWidget* buildHeadTab();
    void refreshJobs();
    void browseLabels();
    void browseHead();
    void showStatus(const QString& text, bool error);

    StudioContext context_;
    QTabWidget* tabs_ = nullptr;
    QComboBox* format_ = nullptr;
    QLineEdit* labelPath_ = nullptr;
    QCheckBox* symlinks_ = nullptr;
    QPushButton* exportLabels_ = nullptr;
    QComboBox* jobs_ = nullptr;
    QLineEdit* headPath_ = nullptr;
    QPushButton* exportHead_ = nullptr;
    QLabel* status_ = nullptr;
};

}  // namespace fewshot::ui
