// Keyboard labeling of LabelingPage.

#include "ui/labeling_page.h"

#include "ui/pool_model.h"
#include "ui/prediction_controller.h"
#include "ui/preview_dialog.h"
#include "ui/project_controller.h"
#include "ui/undo_commands.h"

#include "widgets/image_grid_view.h"

#include <QAction>
#include <QKeyEvent>
#include <QItemSelectionModel>
#include <QUndoStack>

#include <algorithm>
#include <map>

namespace fewshot::ui {

std::vector<qint64> LabelingPage::selectedImageIds() const
{
    std::vector<qint64> ids;
    QModelIndexList rows = grid_->selectionModel()->selectedIndexes();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const QModelIndex& index : rows)
        ids.push_back(index.data(PoolRole::ImageId).toLongLong());
    if (ids.empty() && grid_->currentIndex().isValid())
        ids.push_back(grid_->currentIndex().data(PoolRole::ImageId).toLongLong());
    return ids;
}

void LabelingPage::assignClass(int classIndex)
{
    const SnapshotPtr snapshot = context_.project->snapshot();
    if (!snapshot || classIndex < 0 || classIndex >= static_cast<int>(snapshot->classes.size()))
        return;
    const std::vector<qint64> ids = preview_->isVisible() ? std::vector<qint64>{preview_->imageId()}
                                                          : selectedImageIds();
    if (ids.empty())
        return;
    const store::ClassInfo& info = snapshot->classes[static_cast<size_t>(classIndex)];
    const int row = grid_->currentIndex().row();
    context_.project->labelImages(ids, info.id, store::LabelSource::Manual,
                                  tr("Label %n image(s) as %1", nullptr, static_cast<int>(ids.size())).arg(info.name));
    advanceAfterLabel(row, ids.front(), ids.size() == 1);
}

void LabelingPage::acceptPredictions()
{
    const std::vector<qint64> ids = preview_->isVisible() ? std::vector<qint64>{preview_->imageId()}
                                                          : selectedImageIds();
    const auto& predictions = context_.predictions->predictions();
    // Images are grouped by predicted class so that each group is one label write.
    std::map<qint64, std::vector<qint64>> byClass;
    for (qint64 id : ids) {
        const auto it = predictions.constFind(id);
        if (it != predictions.cend())
            byClass[it->classId].push_back(id);
    }
    if (byClass.empty())
        return;
    const int row = grid_->currentIndex().row();
    auto* stack = context_.project->undoStack();
    const int count = static_cast<int>(ids.size());
    stack->beginMacro(tr("Accept %n prediction(s)", nullptr, count));
    for (const auto& [classId, group] : byClass)
        context_.project->labelImages(group, classId, store::LabelSource::Prediction, QString());
    stack->endMacro();
    advanceAfterLabel(row, ids.front(), ids.size() == 1);
}

void LabelingPage::clearLabels()
{
    const std::vector<qint64> ids = selectedImageIds();
    if (!ids.empty())
        context_.project->labelImages(ids, std::nullopt, store::LabelSource::Manual,
                                      tr("Clear %n label(s)", nullptr, static_cast<int>(ids.size())));
}

void LabelingPage::removeImages()
{
    const std::vector<qint64> ids = selectedImageIds();
    if (ids.empty())
        return;
    auto* command = new RemoveImagesCommand(
        context_.project, ids, tr("Remove %n image(s) from the project", nullptr, static_cast<int>(ids.size())));
    context_.project->undoStack()->push(command);
}

void LabelingPage::addGridActions()
{
    // The keys are handled in eventFilter; the actions show them in the context menu.
    grid_->setContextMenuPolicy(Qt::ActionsContextMenu);
    const auto addAction = [this](const QString& text, const QKeySequence& key, void (LabelingPage::*slot)()) {
        auto* action = new QAction(text, grid_);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetShortcut);
        action->setShortcutVisibleInContextMenu(true);
        connect(action, &QAction::triggered, this, slot);
        grid_->addAction(action);
    };
    addAction(tr("Preview"), QKeySequence(Qt::Key_Space), &LabelingPage::togglePreview);
    addAction(tr("Accept Prediction"), QKeySequence(Qt::Key_Return), &LabelingPage::acceptPredictions);
    addAction(tr("Clear Label"), QKeySequence(Qt::Key_Delete), &LabelingPage::clearLabels);
    auto* separator = new QAction(grid_);
    separator->setSeparator(true);
    grid_->addAction(separator);
    addAction(tr("Remove from Project"), QKeySequence(), &LabelingPage::removeImages);
}

void LabelingPage::advanceAfterLabel(int row, qint64 labeledImageId, bool single)
{
    if (!single || row < 0 || filter_->rowCount() == 0)
        return;
    // The label shows at once, so with "unlabeled only" the filter has
    // already dropped the image. The next image then sits at the same row.
    const QModelIndex same = filter_->index(std::min(row, filter_->rowCount() - 1), 0);
    const bool stillThere = same.data(PoolRole::ImageId).toLongLong() == labeledImageId;
    const int next = std::min(stillThere ? row + 1 : row, filter_->rowCount() - 1);
    const QModelIndex target = filter_->index(next, 0);
    grid_->selectionModel()->setCurrentIndex(target, QItemSelectionModel::ClearAndSelect);
    grid_->scrollTo(target);
    if (preview_->isVisible())
        preview_->showImage(target.data(PoolRole::ImageId).toLongLong());
}

void LabelingPage::togglePreview()
{
    if (preview_->isVisible()) {
        preview_->hide();
        return;
    }
    const QModelIndex current = grid_->currentIndex();
    if (!current.isValid())
        return;
    preview_->showImage(current.data(PoolRole::ImageId).toLongLong());
    preview_->show();
    preview_->raise();
    preview_->activateWindow();
}

void LabelingPage::navigatePreview(int offset)
{
    const int row = grid_->currentIndex().row() + offset;
    if (row < 0 || row >= filter_->rowCount())
        return;
    const QModelIndex target = filter_->index(row, 0);
    grid_->selectionModel()->setCurrentIndex(target, QItemSelectionModel::ClearAndSelect);
    grid_->scrollTo(target);
    preview_->showImage(target.data(PoolRole::ImageId).toLongLong());
}

bool LabelingPage::handleKey(QKeyEvent* event)
{
    const int key = event->key();
    const bool plain = event->modifiers() == Qt::NoModifier || event->modifiers() == Qt::KeypadModifier;
    if (!plain)
        return false;
    if (key >= Qt::Key_1 && key <= Qt::Key_9) {
        assignClass(key - Qt::Key_1);
        return true;
    }
    switch (key) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        acceptPredictions();
        return true;
    case Qt::Key_Space:
        togglePreview();
        return true;
    case Qt::Key_Backspace:
    case Qt::Key_Delete:
        clearLabels();
        return true;
    default:
        return false;
    }
}

bool LabelingPage::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == grid_ && event->type() == QEvent::KeyPress && handleKey(static_cast<QKeyEvent*>(event)))
        return true;
    return QWidget::eventFilter(watched, event);
}

}  // namespace fewshot::ui
