#pragma once

#include <QStyledItemDelegate>

namespace fewshot::widgets {

class ThumbnailCache;

// Item data roles that ThumbnailDelegate paints. Models of image grids fill
// them; everything else about the model is up to its owner.
// NOTE: a plain enum, because lupdate 6.4 loses the enclosing namespace after
// an enum with a fixed underlying type. The tr() calls of files that include
// this header then get unqualified contexts, which match no translation.
namespace GridRole {
enum {
    Path = Qt::UserRole + 100,  // QString: absolute path of the image file
    BorderColor,                // QColor: predicted class; invalid for none
    Caption,                    // QString: first line under the image
    Confidence,                 // double 0..1, or invalid for none
    LabelColor,                 // QColor of the assigned label; invalid when unlabeled
    LabelText,                  // QString: name of the assigned label
    IsExample,                  // bool: the label makes the image an example of its class
    Stale,                      // bool: the prediction is being recomputed
};
}

// Paints one image of a grid: the thumbnail, a border in the predicted
// class's colour, the caption with the confidence, and a badge in the
// label's colour once the image is labeled. Stale predictions get a dashed
// border and grey text, so outdated results are never mistaken for current ones.
class ThumbnailDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    ThumbnailDelegate(ThumbnailCache* cache, QObject* parent = nullptr);

    void setThumbnailSize(int pixels) { thumbnailSize_ = pixels; }
    int thumbnailSize() const { return thumbnailSize_; }

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    void paintImage(QPainter* painter, const QRect& area, const QModelIndex& index) const;
    void paintCaption(QPainter* painter, const QStyleOptionViewItem& option, const QRect& area,
                      const QModelIndex& index) const;
    void paintLabelBadge(QPainter* painter, const QRect& imageArea, const QModelIndex& index) const;

    ThumbnailCache* cache_;
    int thumbnailSize_ = 128;
};

}  // namespace fewshot::widgets
