#pragma once

#include <QColor>
#include <QFrame>
#include <QStringList>

class QLabel;
class QToolButton;
class QHBoxLayout;

namespace fewshot::widgets {

class ThumbnailCache;

// One class in the classes panel: a colour swatch, the name, a count line and
// a strip of example thumbnails. Image files and folders dropped on the card
// are reported through filesDropped(); the owner decides what adding means.
// A thumbnail can be dragged onto another card, which reports it through
// examplesDropped().
class ClassCard : public QFrame {
    Q_OBJECT

public:
    ClassCard(qint64 classId, ThumbnailCache* cache, QWidget* parent = nullptr);

    qint64 classId() const { return classId_; }
    void setTitle(const QString& name, const QColor& color);
    void setSubtitle(const QString& text);
    // Paths of the thumbnails to show; only the first few that fit are drawn.
    // With `imageIds` (one per path) the thumbnails can be dragged to other cards.
    void setThumbnails(const QStringList& paths, const QList<qint64>& imageIds = {});
    // The thumbnail label of strip position `index`, or null.
    QWidget* thumbnailWidget(int index) const;
    void setSelected(bool selected);
    bool isSelected() const { return selected_; }
    QString name() const { return name_; }

Q_SIGNALS:
    void filesDropped(qint64 classId, const QStringList& paths);
    // Examples of another class were dropped here.
    void examplesDropped(qint64 classId, const QList<qint64>& imageIds);
    void clicked(qint64 classId);
    void menuRequested(qint64 classId, const QPoint& globalPosition);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void refreshThumbnails();
    // The number of thumbnails that fit the card's width.
    int fittingThumbnails() const;
    void updateFrameStyle();
    void startExampleDrag(int index);

    qint64 classId_;
    ThumbnailCache* cache_;
    QString name_;
    QColor color_;
    QStringList thumbnailPaths_;
    QList<qint64> thumbnailIds_;  // empty when the thumbnails cannot be dragged
    int pressedThumbnail_ = -1;
    QPoint pressPosition_;
    QLabel* swatch_ = nullptr;
    QLabel* title_ = nullptr;
    QLabel* subtitle_ = nullptr;
    QToolButton* menuButton_ = nullptr;
    QWidget* stripHost_ = nullptr;
    QHBoxLayout* strip_ = nullptr;
    QList<QLabel*> thumbnails_;
    bool selected_ = false;
    bool dragActive_ = false;
};

}  // namespace fewshot::widgets
