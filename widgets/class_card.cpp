#include "widgets/class_card.h"

#include "widgets/file_drop.h"
#include "widgets/thumbnail_cache.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QDrag>
#include <QDragEnterEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace fewshot::widgets {
namespace {

constexpr int kStripThumbnails = 5;
constexpr int kStripSize = 44;
constexpr int kStripSpacing = 3;

}  // namespace

ClassCard::ClassCard(qint64 classId, ThumbnailCache* cache, QWidget* parent)
    : QFrame(parent), classId_(classId), cache_(cache)
{
    setObjectName(QStringLiteral("classCard"));
    // The frame style selects on this property, because owners may rename the card.
    setProperty("classCardFrame", true);
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

    // The strip may be narrower than all its thumbnails: those that do not
    // fit are hidden, so that a narrow dock shows no horizontal scroll bar.
    stripHost_ = new QWidget(this);
    stripHost_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    stripHost_->setFixedHeight(kStripSize);
    strip_ = new QHBoxLayout(stripHost_);
    strip_->setContentsMargins(0, 0, 0, 0);
    strip_->setSpacing(kStripSpacing);
    strip_->setSizeConstraint(QLayout::SetNoConstraint);
    for (int i = 0; i < kStripThumbnails; ++i) {
        auto* label = new QLabel(stripHost_);
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
    layout->addWidget(stripHost_);

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

void ClassCard::setThumbnails(const QStringList& paths, const QList<qint64>& imageIds)
{
    const qint64 pressedId = pressedThumbnail_ >= 0 ? thumbnailIds_.value(pressedThumbnail_) : 0;
    thumbnailPaths_ = paths.mid(0, kStripThumbnails);
    thumbnailIds_ = imageIds.size() == paths.size() ? imageIds.mid(0, kStripThumbnails) : QList<qint64>();
    // A press on a thumbnail that has moved or gone must not drag what is there now.
    if (pressedThumbnail_ >= 0 && thumbnailIds_.value(pressedThumbnail_) != pressedId)
        pressedThumbnail_ = -1;
    refreshThumbnails();
}

QWidget* ClassCard::thumbnailWidget(int index) const
{
    return index >= 0 && index < thumbnails_.size() ? thumbnails_[index] : nullptr;
}

int ClassCard::fittingThumbnails() const
{
    return std::max(0, (stripHost_->width() + kStripSpacing) / (kStripSize + kStripSpacing));
}

void ClassCard::resizeEvent(QResizeEvent* event)
{
    QFrame::resizeEvent(event);
    refreshThumbnails();
}

void ClassCard::refreshThumbnails()
{
    const int visible = std::min(static_cast<int>(thumbnailPaths_.size()), fittingThumbnails());
    for (int i = 0; i < thumbnails_.size(); ++i) {
        QLabel* label = thumbnails_[i];
        if (i >= visible) {
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
        const bool draggable = i < thumbnailIds_.size();
        label->setCursor(draggable ? Qt::OpenHandCursor : Qt::ArrowCursor);
        label->setToolTip(draggable ? tr("Drag onto another class to move this example there") : QString());
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
    setStyleSheet(QStringLiteral("QFrame[classCardFrame=\"true\"] { border: %1; border-left: 5px solid %2; "
                                 "border-radius: 4px; background: %3; }")
                      .arg(border, color_.name(), dragActive_ ? QStringLiteral("#f3f7ff")
                                                              : QStringLiteral("palette(base)")));
}

void ClassCard::dragEnterEvent(QDragEnterEvent* event)
{
    const std::optional<ExampleDrag> examples = exampleDragFrom(event->mimeData());
    const bool fromOtherClass = examples && examples->sourceClassId != classId_;
    if (!fromOtherClass && !hasLocalFiles(event->mimeData())) {
        event->ignore();
        return;
    }
    dragActive_ = true;
    updateFrameStyle();
    if (fromOtherClass) {
        event->setDropAction(Qt::MoveAction);
        event->accept();
    } else {
        event->acceptProposedAction();
    }
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
    const std::optional<ExampleDrag> examples = exampleDragFrom(event->mimeData());
    if (examples) {
        if (examples->sourceClassId == classId_) {
            event->ignore();
            return;
        }
        event->setDropAction(Qt::MoveAction);
        event->accept();
        Q_EMIT examplesDropped(classId_, examples->imageIds);
        return;
    }
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
    pressedThumbnail_ = -1;
    if (event->button() == Qt::LeftButton) {
        pressPosition_ = event->position().toPoint();
        const int index = static_cast<int>(thumbnails_.indexOf(childAt(pressPosition_)));
        if (index >= 0 && index < thumbnailIds_.size())
            pressedThumbnail_ = index;
    }
    Q_EMIT clicked(classId_);
}

void ClassCard::mouseMoveEvent(QMouseEvent* event)
{
    QFrame::mouseMoveEvent(event);
    if (pressedThumbnail_ < 0 || !(event->buttons() & Qt::LeftButton))
        return;
    if ((event->position().toPoint() - pressPosition_).manhattanLength() < QApplication::startDragDistance())
        return;
    const int index = pressedThumbnail_;
    pressedThumbnail_ = -1;
    startExampleDrag(index);
}

void ClassCard::startExampleDrag(int index)
{
    auto* drag = new QDrag(this);
    drag->setMimeData(exampleDragMimeData({classId_, {thumbnailIds_[index]}}));
    const QPixmap pixmap = thumbnails_[index]->pixmap();
    if (!pixmap.isNull()) {
        drag->setPixmap(pixmap);
        drag->setHotSpot(QPoint(pixmap.width() / 2, pixmap.height() / 2));
    }
    drag->exec(Qt::MoveAction);
}

void ClassCard::contextMenuEvent(QContextMenuEvent* event)
{
    Q_EMIT menuRequested(classId_, event->globalPos());
}

}  // namespace fewshot::widgets
