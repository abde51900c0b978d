#include "widgets/class_card.h"

#include "widgets/file_drop.h"
#include "widgets/thumbnail_cache.h"

#include <QContextMenuEvent>
#include <QDragEnterEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QToolButton>
#include <QVBoxLayout>

namespace fewshot::widgets {
namespace {

constexpr int kStripThumbnails = 5;
constexpr int kStripSize = 44;

}  // namespace

ClassCard::ClassCard(qint64 classId, ThumbnailCache* cache, QWidget* parent)
    : QFrame(parent), classId_(classId), cache_(cache)
{
    setObjectName(QStringLiteral("classCard"));
    setAcceptDrops(true);
    setFrameShape(QFrame::StyledPanel);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);

    swatch_ = new QLabel(this);
    swatch_->setFixedSize(14, 14);
    title_ = new QLabel(this);
    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    title_->setTextFormat(Qt::PlainText);
    subtitle_ = new QLabel(this);
    subtitle_->setTextFormat(Qt::PlainText);
    subtitle_->setStyleSheet(QStringLiteral("color: #666;"));

    menuButton_ = new QToolButton(this);
    menuButton_->setAutoRaise(true);
    menuButton_->setText(QStringLiteral("\u22ee"));
    menuButton_->setToolTip(tr("Rename, recolour, move or delete this class"));
    connect(menuButton_, &QToolButton::clicked, this, [this] {
        Q_EMIT menuRequested(classId_, menuButton_->mapToGlobal(QPoint(0, menuButton_->height())));
    });

    auto* header = new QHBoxLayout;
    header->addWidget(swatch_);
    header->addWidget(title_, 1);
    header->addWidget(menuButton_);

    strip_ = new QHBoxLayout;
    strip_->setSpacing(3);
    for (int i = 0; i < kStripThumbnails; ++i) {
        auto* label = new QLabel(this);
        label->setFixedSize(kStripSize, kStripSize);
        label->setAlignment(Qt::AlignCenter);
        label->hide();
        strip_->addWidget(label);
        thumbnails_.append(label);
    }
    strip_->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 6, 6);
    layout->setSpacing(3);
    layout->addLayout(header);
    layout->addWidget(subtitle_);
    layout->addLayout(strip_);

    if (cache_ != nullptr) {
        connect(cache_, &ThumbnailCache::thumbnailReady, this, [this](const QString& path) {
            if (thumbnailPaths_.contains(path))
                refreshThumbnails();
        });
    }
    updateFrameStyle();
}

void ClassCard::setTitle(const QString& name, const QColor& color)
{
    name_ = name;
    color_ = color;
    title_->setText(name);
    swatch_->setStyleSheet(QStringLiteral("background: %1; border: 1px solid #555; border-radius: 3px;")
                               .arg(color.name()));
    updateFrameStyle();
}

void ClassCard::setSubtitle(const QString& text)
{
    subtitle_->setText(text);
}

void ClassCard::setThumbnails(const QStringList& paths)
{
    thumbnailPaths_ = paths.mid(0, kStripThumbnails);
    refreshThumbnails();
}

void ClassCard::refreshThumbnails()
{
    for (int i = 0; i < thumbnails_.size(); ++i) {
        QLabel* label = thumbnails_[i];
        if (i >= thumbnailPaths_.size()) {
            label->hide();
            continue;
        }
        const QPixmap pixmap = cache_ ? cache_->thumbnail(thumbnailPaths_[i]) : QPixmap();
        if (pixmap.isNull()) {
            label->setPixmap(QPixmap());
            label->setStyleSheet(QStringLiteral("background: #e6e6e6;"));
        } else {
            label->setStyleSheet(QString());
            label->setPixmap(pixmap.scaled(kStripSize, kStripSize, Qt::KeepAspectRatio,
                                           Qt::SmoothTransformation));
        }
        label->show();
    }
}

void ClassCard::setSelected(bool selected)
{
    selected_ = selected;
    updateFrameStyle();
}

void ClassCard::updateFrameStyle()
{
    const QString border = dragActive_ ? QStringLiteral("2px dashed %1").arg(color_.name())
                           : selected_ ? QStringLiteral("2px solid %1").arg(color_.name())
                                       : QStringLiteral("1px solid #c8c8c8");
    setStyleSheet(QStringLiteral("QFrame#classCard { border: %1; border-left: 5px solid %2; "
                                 "border-radius: 4px; background: %3; }")
                      .arg(border, color_.name(), dragActive_ ? QStringLiteral("#f3f7ff")
                                                              : QStringLiteral("palette(base)")));
}

void ClassCard::dragEnterEvent(QDragEnterEvent* event)
{
    if (!hasLocalFiles(event->mimeData())) {
        event->ignore();
        return;
    }
    dragActive_ = true;
    updateFrameStyle();
    event->acceptProposedAction();
}

void ClassCard::dragLeaveEvent(QDragLeaveEvent* event)
{
    dragActive_ = false;
    updateFrameStyle();
    QFrame::dragLeaveEvent(event);
}

void ClassCard::dropEvent(QDropEvent* event)
{
    dragActive_ = false;
    updateFrameStyle();
    const QStringList paths = localFilePaths(event->mimeData());
    if (paths.isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    Q_EMIT filesDropped(classId_, paths);
}

void ClassCard::mousePressEvent(QMouseEvent* event)
{
    QFrame::mousePressEvent(event);
    Q_EMIT clicked(classId_);
}

void ClassCard::contextMenuEvent(QContextMenuEvent* event)
{
    Q_EMIT menuRequested(classId_, event->globalPos());
}

}  // namespace fewshot::widgets
