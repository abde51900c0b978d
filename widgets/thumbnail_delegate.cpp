#include "widgets/thumbnail_delegate.h"

#include "widgets/thumbnail_cache.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace fewshot::widgets {
namespace {

constexpr int kMargin = 6;
constexpr int kBorder = 3;

}  // namespace

ThumbnailDelegate::ThumbnailDelegate(ThumbnailCache* cache, QObject* parent)
    : QStyledItemDelegate(parent), cache_(cache)
{
}

QSize ThumbnailDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const
{
    const int lineHeight = option.fontMetrics.height();
    return {thumbnailSize_ + 2 * kMargin, thumbnailSize_ + 2 * kMargin + 2 * lineHeight + 4};
}

void ThumbnailDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);

    const QRect cell = option.rect.adjusted(2, 2, -2, -2);
    const bool selected = option.state.testFlag(QStyle::State_Selected);
    const bool focused = option.state.testFlag(QStyle::State_HasFocus);
    if (selected) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(option.palette.color(QPalette::Highlight).lighter(160));
        painter->drawRoundedRect(cell, 6, 6);
    }
    if (focused) {
        painter->setPen(QPen(option.palette.color(QPalette::Highlight), 2));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(cell, 6, 6);
    }

    const QRect imageArea(cell.left() + kMargin - 2, cell.top() + kMargin - 2, thumbnailSize_,
                          thumbnailSize_);
    paintImage(painter, imageArea, index);
    paintLabelBadge(painter, imageArea, index);
    const QRect captionArea(cell.left() + 2, imageArea.bottom() + 4, cell.width() - 4,
                            cell.bottom() - imageArea.bottom() - 4);
    paintCaption(painter, option, captionArea, index);
    painter->restore();
}

void ThumbnailDelegate::paintImage(QPainter* painter, const QRect& area, const QModelIndex& index) const
{
    const QString path = index.data(GridRole::Path).toString();
    const QPixmap pixmap = cache_ ? cache_->thumbnail(path) : QPixmap();
    const bool stale = index.data(GridRole::Stale).toBool();

    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0xee, 0xee, 0xee));
    painter->drawRect(area);
    if (!pixmap.isNull()) {
        const QSize size = pixmap.deviceIndependentSize().toSize().scaled(area.size(), Qt::KeepAspectRatio);
        const QRect target(area.center().x() - size.width() / 2 + 1,
                           area.center().y() - size.height() / 2 + 1, size.width(), size.height());
        painter->drawPixmap(target, pixmap);
    } else {
        painter->setPen(QColor(0x88, 0x88, 0x88));
        const QString text = cache_ && cache_->hasFailed(path) ? tr("Unreadable") : tr("Loading…");
        painter->drawText(area, Qt::AlignCenter, text);
    }

    const QColor border = index.data(GridRole::BorderColor).value<QColor>();
    if (border.isValid()) {
        QPen pen(border, kBorder);
        pen.setStyle(stale ? Qt::DashLine : Qt::SolidLine);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(area.adjusted(1, 1, -1, -1));
    }
}

void ThumbnailDelegate::paintLabelBadge(QPainter* painter, const QRect& imageArea,
                                        const QModelIndex& index) const
{
    const QColor color = index.data(GridRole::LabelColor).value<QColor>();
    if (!color.isValid())
        return;
    const QString text = index.data(GridRole::LabelText).toString();
    QFont font = painter->font();
    font.setBold(true);
    const QFontMetrics metrics(font);
    // A star marks examples, a check mark the other labels.
    const QString mark = index.data(GridRole::IsExample).toBool() ? QStringLiteral("\u2605 ") : QStringLiteral("\u2713 ");
    const QString elided = metrics.elidedText(mark + text, Qt::ElideRight, imageArea.width() - 8);
    const QRect badge(imageArea.left() + 4, imageArea.top() + 4,
                      metrics.horizontalAdvance(elided) + 8, metrics.height() + 2);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawRoundedRect(badge, 4, 4);
    painter->setFont(font);
    painter->setPen(color.lightness() > 150 ? Qt::black : Qt::white);
    painter->drawText(badge, Qt::AlignCenter, elided);
}

void ThumbnailDelegate::paintCaption(QPainter* painter, const QStyleOptionViewItem& option,
                                     const QRect& area, const QModelIndex& index) const
{
    const bool stale = index.data(GridRole::Stale).toBool();
    QString caption = index.data(GridRole::Caption).toString();
    const QVariant confidence = index.data(GridRole::Confidence);
    if (confidence.isValid())
        caption = tr("%1 · %2%").arg(caption).arg(qRound(confidence.toDouble() * 100.0));

    QFont font = option.font;
    font.setItalic(stale);
    painter->setFont(font);
    const QColor text = stale ? QColor(0x90, 0x90, 0x90) : option.palette.color(QPalette::Text);
    painter->setPen(text);
    const QFontMetrics metrics(font);
    const QString first = metrics.elidedText(caption, Qt::ElideRight, area.width());
    painter->drawText(QRect(area.left(), area.top(), area.width(), metrics.height()),
                      Qt::AlignHCenter | Qt::AlignTop, first);

    const QString tip = index.data(Qt::DisplayRole).toString();
    painter->setPen(QColor(0x70, 0x70, 0x70));
    const QString second = metrics.elidedText(tip, Qt::ElideMiddle, area.width());
    painter->drawText(QRect(area.left(), area.top() + metrics.height(), area.width(), metrics.height()),
                      Qt::AlignHCenter | Qt::AlignTop, second);
}

}  // namespace fewshot::widgets
