#pragma once

#include <QFrame>

#include <functional>

class QLabel;
class QToolButton;
class QPushButton;
class QTimer;

namespace fewshot::widgets {

// An inline message strip shown above a view, in the manner of KeePassXC's
// message widget: errors and notices appear where the user is looking without
// a modal dialog. Errors and warnings stay until dismissed; information and
// success messages hide themselves after a few seconds.
class MessageBar : public QFrame {
    Q_OBJECT

public:
    enum class Level { Information, Positive, Warning, Error };

    explicit MessageBar(QWidget* parent = nullptr);

    // Shows `text`, replacing any message on display. A non-empty
    // `actionText` adds a button that emits actionTriggered().
    void showMessage(const QString& text, Level level = Level::Error,
                     const QString& actionText = QString());
    // The same with a button that also calls `action`. The call belongs to
    // this message only: the next message or dismissing drops it.
    void showMessage(const QString& text, Level level, const QString& actionText,
                     std::function<void()> action);

    QString text() const;
    Level level() const { return level_; }
    // Milliseconds before information and success messages hide; 0 keeps them.
    void setAutoHideDelay(int milliseconds) { autoHideDelay_ = milliseconds; }

public Q_SLOTS:
    void dismiss();

Q_SIGNALS:
    void actionTriggered();
    void dismissed();

private:
    void applyLevelStyle();

    QLabel* icon_ = nullptr;
    QLabel* label_ = nullptr;
    QPushButton* action_ = nullptr;
    QToolButton* close_ = nullptr;
    QTimer* hideTimer_ = nullptr;
    std::function<void()> actionCallback_;
    Level level_ = Level::Information;
    int autoHideDelay_ = 6000;
};

}  // namespace fewshot::widgets
