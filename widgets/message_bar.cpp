#include "widgets/message_bar.h"

#include "widgets/widgets_log.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

namespace fewshot::widgets {
namespace {

struct LevelStyle {
    const char* background;
    const char* border;
    QStyle::StandardPixmap icon;
};

LevelStyle levelStyle(MessageBar::Level level)
{
    switch (level) {
    case MessageBar::Level::Positive:
        return {"#e3f4e1", "#6cb565", QStyle::SP_DialogApplyButton};
    case MessageBar::Level::Warning:
        return {"#fdf3d8", "#d9a520", QStyle::SP_MessageBoxWarning};
    case MessageBar::Level::Error:
        return {"#fbe3e3", "#d05050", QStyle::SP_MessageBoxCritical};
    case MessageBar::Level::Information:
        break;
    }
    return {"#e2eefb", "#5a8fd0", QStyle::SP_MessageBoxInformation};
}

}  // namespace

MessageBar::MessageBar(QWidget* parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("messageBar"));
    setFrameShape(QFrame::StyledPanel);

    icon_ = new QLabel(this);
    label_ = new QLabel(this);
    label_->setWordWrap(true);
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

    action_ = new QPushButton(this);
    action_->hide();
    connect(action_, &QPushButton::clicked, this, [this] {
        // A copy, because the callback may show another message.
        const std::function<void()> callback = actionCallback_;
        Q_EMIT actionTriggered();
        if (callback)
            callback();
    });

    close_ = new QToolButton(this);
    close_->setAutoRaise(true);
    close_->setText(QStringLiteral("\u2715"));
    close_->setToolTip(tr("Close this message"));
    connect(close_, &QToolButton::clicked, this, &MessageBar::dismiss);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(icon_, 0, Qt::AlignTop);
    layout->addWidget(label_, 1);
    layout->addWidget(action_, 0, Qt::AlignVCenter);
    layout->addWidget(close_, 0, Qt::AlignTop);

    hideTimer_ = new QTimer(this);
    hideTimer_->setSingleShot(true);
    connect(hideTimer_, &QTimer::timeout, this, &MessageBar::dismiss);

    hide();
}

void MessageBar::showMessage(const QString& text, Level level, const QString& actionText,
                             std::function<void()> action)
{
    showMessage(text, level, actionText);
    actionCallback_ = std::move(action);
}

void MessageBar::showMessage(const QString& text, Level level, const QString& actionText)
{
    actionCallback_ = nullptr;
    if (level == Level::Error)
        qCInfo(lcWidgets) << "message bar error:" << text;
    level_ = level;
    label_->setText(text);
    action_->setText(actionText);
    action_->setVisible(!actionText.isEmpty());
    applyLevelStyle();
    show();

    const bool transient = level == Level::Information || level == Level::Positive;
    if (transient && autoHideDelay_ > 0 && actionText.isEmpty())
        hideTimer_->start(autoHideDelay_);
    else
        hideTimer_->stop();
}

QString MessageBar::text() const
{
    return label_->text();
}

void MessageBar::dismiss()
{
    hideTimer_->stop();
    actionCallback_ = nullptr;
    if (isHidden())
        return;
    hide();
    label_->clear();
    Q_EMIT dismissed();
}

void MessageBar::applyLevelStyle()
{
    const LevelStyle style = levelStyle(level_);
    setStyleSheet(QStringLiteral("QFrame#messageBar { background: %1; border: 1px solid %2; "
                                 "border-radius: 4px; } QFrame#messageBar QLabel { color: #202020; }")
                      .arg(QLatin1String(style.background), QLatin1String(style.border)));
    const int size = this->style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon_->setPixmap(this->style()->standardIcon(style.icon).pixmap(size, size));
}

}  // namespace fewshot::widgets
