#pragma once

#include "ui/project_snapshot.h"
#include "ui/studio_context.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace fewshot::widgets {
class ClassCard;
}

namespace fewshot::ui {

// The classes dock: one card per class with its colour, name, counts and
// example thumbnails. Dropping image files or folders on a card adds them as
// examples of that class, and dragging an example thumbnail onto another
// card moves the example there. Adding, renaming, recolouring, reordering,
// moving examples and deleting go through the undo stack.
class ClassesPanel : public QWidget {
    Q_OBJECT

public:
    ClassesPanel(const StudioContext& context, QWidget* parent = nullptr);

    widgets::ClassCard* card(qint64 classId) const { return cards_.value(classId); }
    qint64 selectedClass() const { return selected_; }

    // Adds a class through the undo stack after checking the name; false
    // (with a message) for an empty or taken name.
    bool addClassNamed(const QString& name);

public Q_SLOTS:
    void addClass();
    void renameClass(qint64 classId);
    void recolorClass(qint64 classId);
    void editPrompt(qint64 classId);
    void moveClass(qint64 classId, int offset);
    void deleteClass(qint64 classId);
    // Makes `imageIds` examples of `classId` in one undoable step.
    void moveExamples(qint64 classId, const QList<qint64>& imageIds);

Q_SIGNALS:
    void classSelected(qint64 classId);

private:
    void onSnapshot(const SnapshotPtr& snapshot);
    void rebuildCards(const ProjectSnapshot& snapshot);
    void updateCard(widgets::ClassCard* card, const ProjectSnapshot& snapshot, const store::ClassInfo& info);
    void showMenu(qint64 classId, const QPoint& globalPosition);
    void selectClass(qint64 classId);
    const store::ClassInfo* classInfo(qint64 classId) const;
    QString suggestName() const;

    StudioContext context_;
    SnapshotPtr snapshot_;
    QVBoxLayout* cardLayout_ = nullptr;
    QLabel* hint_ = nullptr;
    QPushButton* addButton_ = nullptr;
    QHash<qint64, widgets::ClassCard*> cards_;
    std::vector<qint64> shownOrder_;
    qint64 selected_ = 0;
};

}  // namespace fewshot::ui
