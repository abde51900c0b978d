#include "widgets/image_grid_view.h"

#include "widgets/file_drop.h"
#include "widgets/thumbnail_cache.h"
#include "widgets/thumbnail_delegate.h"

#include <QDragEnterEvent>
#include <QMimeData>
#include <QPainter>
#include <QTimer>

namespace fewshot::widgets {

ImageGridView::ImageGridView(ThumbnailCache* cache, QWidget* parent)
    : QListView(parent), cache_(cache), delegate_(new ThumbnailDelegate(cache, this)),
      repaintTimer_(new QTimer(this))
{
    setViewMode(QListView::IconMode);
    setMovement(QListView::Static);
    setResizeMode(QListView::Adjust);
    setWrapping(true);
    setUniformItemSizes(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionRectVisible(true);
    setLayoutMode(QListView::Batched);
    setBatchSize(200);
    setSpacing(2);
    setAcceptDrops(true);
    // Drops land on the viewport, which must accept them itself.
    viewport()->setAcceptDrops(true);
    setDropIndicatorShown(false);
    setDragDropMode(QAbstractItemView::DropOnly);
    setItemDelegate(delegate_);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);

    // Thumbnails arrive one by one; repainting once per batch keeps scrolling smooth.
    repaintTimer_->setSingleShot(true);
    repaintTimer_->setInterval(40);
    connect(repaintTimer_, &QTimer::timeout, viewport(), qOverload<>(&QWidget::update));
    if (cache_ != nullptr)
        connect(cache_, &ThumbnailCache::thumbnailReady, repaintTimer_, qOverload<>(&QTimer::start));
    updateGridSize();
}

void ImageGridView::setThumbnailSize(int pixels)
{
    delegate_->setThumbnailSize(pixels);
    updateGridSize();
}

void ImageGridView::setPlaceholderText(const QString& text)
{
    placeholder_ = text;
    viewport()->update();
}

void ImageGridView::updateGridSize()
{
    QStyleOptionViewItem option;
    option.initFrom(this);
    setGridSize(delegate_->sizeHint(option, QModelIndex()) + QSize(4, 4));
    doItemsLayout();
}

void ImageGridView::dragEnterEvent(QDragEnterEvent* event)
{
    if (!hasLocalFiles(event->mimeData())) {
        event->ignore();
        return;
    }
    dragActive_ = true;
    viewport()->update();
    event->acceptProposedAction();
}

void ImageGridView::dragMoveEvent(QDragMoveEvent* event)
{
    if (hasLocalFiles(event->mimeData()))
        event->acceptProposedAction();
    else
        event->ignore();
}

void ImageGridView::dragLeaveEvent(QDragLeaveEvent* event)
{
    dragActive_ = false;
    viewport()->update();
    QListView::dragLeaveEvent(event);
}

void ImageGridView::dropEvent(QDropEvent* event)
{
    dragActive_ = false;
    viewport()->update();
    const QStringList paths = localFilePaths(event->mimeData());
    if (paths.isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    Q_EMIT filesDropped(paths);
}

void ImageGridView::paintEvent(QPaintEvent* event)
{
    QListView::paintEvent(event);
    const bool empty = model() == nullptr || model()->rowCount(rootIndex()) == 0;
    if (!empty && !dragActive_)
        return;

    QPainter painter(viewport());
    if (dragActive_) {
        QPen pen(palette().color(QPalette::Highlight), 3, Qt::DashLine);
        painter.setPen(pen);
        painter.drawRect(viewport()->rect().adjusted(2, 2, -3, -3));
    }
    if (empty && !placeholder_.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        const QRect area = viewport()->rect().adjusted(24, 24, -24, -24);
        painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
    }
}

}  // namespace fewshot::widgets
