#pragma once

#include "ui/studio_context.h"

#include <QDialog>

class QLabel;

namespace fewshot::widgets {
class ProbabilityBars;
}

namespace fewshot::ui {

// A large view of one image with the class probabilities of the current
// prediction and its label. Keys: Left/Right go to the neighbouring image,
// 1..9 and Enter label it as in the grid, Space or Escape close.
class PreviewDialog : public QDialog {
    Q_OBJECT

public:
    PreviewDialog(const StudioContext& context, QWidget* parent = nullptr);

    void showImage(qint64 imageId);
    qint64 imageId() const { return imageId_; }
    widgets::ProbabilityBars* probabilities() const { return bars_; }

Q_SIGNALS:
    void navigateRequested(int offset);
    void classKeyPressed(int classIndex);
    void acceptRequested();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void refresh();
    void loadImage(const QString& path);
    void showPixmap();

    StudioContext context_;
    qint64 imageId_ = 0;
    int loadGeneration_ = 0;
    QImage image_;
    QLabel* picture_ = nullptr;
    QLabel* title_ = nullptr;
    QLabel* label_ = nullptr;
    widgets::ProbabilityBars* bars_ = nullptr;
};

}  // namespace fewshot::ui
