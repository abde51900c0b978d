#pragma once

#include "ui/project_snapshot.h"
#include "ui/studio_context.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace fewshot::widgets {
class ImageGridView;
}

namespace fewshot::ui {

class PoolFilterModel;
class PoolModel;
class PreviewDialog;

// The predictions and labeling view: every image of the project in a grid
// with its predicted class (border colour) and confidence, filters and an
// uncertainty order. Keys on the grid: 1..9 label the selected images with
// that class, and Enter accepts their predictions. Backspace or Delete
// clears their labels, Space opens the large preview, and the arrow keys
// move as in any grid.
class LabelingPage : public QWidget {
    Q_OBJECT

public:
    LabelingPage(const StudioContext& context, QWidget* parent = nullptr);

    widgets::ImageGridView* grid() const { return grid_; }
    PoolFilterModel* filterModel() const { return filter_; }
    PreviewDialog* preview() const { return preview_; }
    std::vector<qint64> selectedImageIds() const;

    // Labels the selected images with the class at `classIndex` (0 for key 1).
    void assignClass(int classIndex);
    void acceptPredictions();
    void clearLabels();
    void togglePreview();
    // Removes the selected images from the project (not from the disk), undoably.
    void removeImages();
    void setThumbnailSize(int pixels);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void addGridActions();
    QWidget* buildFilterBar();
    QWidget* buildActionBar();
    void onSnapshot(const SnapshotPtr& snapshot);
    void refreshClassFilter(const ProjectSnapshot& snapshot);
    void refreshLegend(const ProjectSnapshot& snapshot);
    void refreshSourceLabel();
    void applyFilters();
    void addImagesFromDialog();
    // Moves the current image on after labeling so the next one is ready.
    void advanceAfterLabel(int row, qint64 labeledImageId, bool single);
    void navigatePreview(int offset);
    bool handleKey(QKeyEvent* event);

    StudioContext context_;
    PoolModel* model_ = nullptr;
    PoolFilterModel* filter_ = nullptr;
    widgets::ImageGridView* grid_ = nullptr;
    PreviewDialog* preview_ = nullptr;
    QComboBox* show_ = nullptr;
    QComboBox* classFilter_ = nullptr;
    QDoubleSpinBox* minimum_ = nullptr;
    QDoubleSpinBox* maximum_ = nullptr;
    QComboBox* order_ = nullptr;
    QLabel* source_ = nullptr;
    QPushButton* zeroShot_ = nullptr;
    QLabel* legend_ = nullptr;
    QLabel* counts_ = nullptr;
    QProgressBar* embedding_ = nullptr;
};

}  // namespace fewshot::ui
