#pragma once

#include <QListView>

class QTimer;

namespace fewshot::widgets {

class ThumbnailCache;
class ThumbnailDelegate;

// A grid of image thumbnails that also accepts image files and folders
// dragged from a file manager (filesDropped). An empty grid shows a hint
// text in its middle instead of a blank area.
class ImageGridView : public QListView {
    Q_OBJECT

public:
    ImageGridView(ThumbnailCache* cache, QWidget* parent = nullptr);

    void setThumbnailSize(int pixels);
    void setPlaceholderText(const QString& text);
    ThumbnailDelegate* thumbnailDelegate() const { return delegate_; }

Q_SIGNALS:
    void filesDropped(const QStringList& paths);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    void updateGridSize();

    ThumbnailCache* cache_;
    ThumbnailDelegate* delegate_;
    QTimer* repaintTimer_;
    QString placeholder_;
    bool dragActive_ = false;
};

}  // namespace fewshot::widgets
