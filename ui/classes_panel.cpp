#include "ui/classes_panel.h"

#include "ui/project_controller.h"
#include "ui/undo_commands.h"

#include "widgets/class_card.h"
#include "widgets/message_bar.h"

#include <QColorDialog>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QUndoStack>
#include <QVBoxLayout>

namespace fewshot::ui {

ClassesPanel::ClassesPanel(const StudioContext& context, QWidget* parent)
    : QWidget(parent), context_(context)
{
    addButton_ = new QPushButton(tr("Add Class…"), this);
    addButton_->setObjectName(QStringLiteral("addClassButton"));
    connect(addButton_, &QPushButton::clicked, this, &ClassesPanel::addClass);

    hint_ = new QLabel(tr("Drop image files or folders on a class to add them as examples."), this);
    hint_->setWordWrap(true);
    hint_->setStyleSheet(QStringLiteral("color: #666;"));

    auto* cards = new QWidget(this);
    cardLayout_ = new QVBoxLayout(cards);
    cardLayout_->setContentsMargins(2, 2, 2, 2);
    cardLayout_->setSpacing(6);
    cardLayout_->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(cards);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(addButton_);
    layout->addWidget(hint_);
    layout->addWidget(scroll, 1);

    connect(context_.project, &ProjectController::snapshotChanged, this, &ClassesPanel::onSnapshot);
    connect(context_.project, &ProjectController::projectClosed, this, [this] {
        snapshot_.reset();
        qDeleteAll(cards_);
        cards_.clear();
        shownOrder_.clear();
    });
}

const store::ClassInfo* ClassesPanel::classInfo(qint64 classId) const
{
    return snapshot_ ? snapshot_->findClass(classId) : nullptr;
}

void ClassesPanel::onSnapshot(const SnapshotPtr& snapshot)
{
    snapshot_ = snapshot;
    std::vector<qint64> order;
    for (const store::ClassInfo& info : snapshot->classes)
        order.push_back(info.id);
    if (order != shownOrder_)
        rebuildCards(*snapshot);
    for (const store::ClassInfo& info : snapshot->classes)
        updateCard(cards_.value(info.id), *snapshot, info);
    addButton_->setEnabled(!snapshot->readOnly);
}

void ClassesPanel::rebuildCards(const ProjectSnapshot& snapshot)
{
    QHash<qint64, widgets::ClassCard*> kept;
    for (const store::ClassInfo& info : snapshot.classes) {
        widgets::ClassCard* card = cards_.take(info.id);
        if (card == nullptr) {
            card = new widgets::ClassCard(info.id, context_.thumbnails, this);
            card->setObjectName(QStringLiteral("classCard%1").arg(info.id));
            connect(card, &widgets::ClassCard::filesDropped, this,
                    [this](qint64 classId, const QStringList& paths) {
                        context_.project->importImages(paths, classId);
                    });
            connect(card, &widgets::ClassCard::examplesDropped, this, &ClassesPanel::moveExamples);
            connect(card, &widgets::ClassCard::clicked, this, &ClassesPanel::selectClass);
            connect(card, &widgets::ClassCard::menuRequested, this, &ClassesPanel::showMenu);
        }
        cardLayout_->removeWidget(card);
        kept.insert(info.id, card);
    }
    qDeleteAll(cards_);  // cards of removed classes
    cards_ = kept;
    shownOrder_.clear();
    int position = 0;
    for (const store::ClassInfo& info : snapshot.classes) {
        cardLayout_->insertWidget(position++, cards_.value(info.id));
        shownOrder_.push_back(info.id);
    }
    if (!cards_.contains(selected_))
        selected_ = 0;
}

void ClassesPanel::updateCard(widgets::ClassCard* card, const ProjectSnapshot& snapshot,
                              const store::ClassInfo& info)
{
    if (card == nullptr)
        return;
    const int index = snapshot.classIndex(info.id);
    const QString title = index < 9 ? tr("%1. %2").arg(index + 1).arg(info.name) : info.name;
    card->setTitle(title, QColor(info.color));
    const int examples = snapshot.exampleCount(info.id);
    const int labeled = snapshot.labeledCount(info.id);
    card->setSubtitle(tr("%n example(s), %1 labeled in all", nullptr, examples).arg(labeled));
    card->setToolTip(info.prompt.isEmpty() ? QString()
                                           : tr("Prompt text: %1").arg(info.prompt));
    const QList<qint64> exampleIds = snapshot.exampleImageIds(info.id);
    QStringList paths;
    for (qint64 id : exampleIds)
        paths.append(snapshot.imagePath(id));
    card->setThumbnails(paths, snapshot.readOnly ? QList<qint64>() : exampleIds);
    card->setSelected(info.id == selected_);
}

void ClassesPanel::selectClass(qint64 classId)
{
    selected_ = classId;
    for (auto it = cards_.cbegin(); it != cards_.cend(); ++it)
        it.value()->setSelected(it.key() == classId);
    Q_EMIT classSelected(classId);
}

void ClassesPanel::showMenu(qint64 classId, const QPoint& globalPosition)
{
    selectClass(classId);
    QMenu menu(this);
    menu.addAction(tr("Rename…"), this, [this, classId] { renameClass(classId); });
    menu.addAction(tr("Change Colour…"), this, [this, classId] { recolorClass(classId); });
    menu.addAction(tr("Edit Prompt Text…"), this, [this, classId] { editPrompt(classId); });
    menu.addSeparator();
    QAction* up = menu.addAction(tr("Move Up"), this, [this, classId] { moveClass(classId, -1); });
    QAction* down = menu.addAction(tr("Move Down"), this, [this, classId] { moveClass(classId, 1); });
    const auto position = std::find(shownOrder_.begin(), shownOrder_.end(), classId);
    up->setEnabled(position != shownOrder_.begin());
    down->setEnabled(position != shownOrder_.end() && position + 1 != shownOrder_.end());
    menu.addSeparator();
    menu.addAction(tr("Delete…"), this, [this, classId] { deleteClass(classId); });
    menu.exec(globalPosition);
}

QString ClassesPanel::suggestName() const
{
    const int count = snapshot_ ? static_cast<int>(snapshot_->classes.size()) : 0;
    return tr("Class %1").arg(count + 1);
}

void ClassesPanel::addClass()
{
    if (!snapshot_)
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Add Class"), tr("Name of the new class:"),
                                               QLineEdit::Normal, suggestName(), &ok);
    if (ok)
        addClassNamed(name);
}

bool ClassesPanel::addClassNamed(const QString& text)
{
    const QString name = text.trimmed();
    if (!snapshot_)
        return false;
    if (name.isEmpty()) {
        context_.messages->showMessage(tr("A class needs a name."), widgets::MessageBar::Level::Warning);
        return false;
    }
    for (const store::ClassInfo& info : snapshot_->classes) {
        if (info.name.compare(name, Qt::CaseInsensitive) == 0) {
            context_.messages->showMessage(tr("There is already a class named %1. Choose another name.").arg(name),
                                           widgets::MessageBar::Level::Warning);
            return false;
        }
    }
    store::ClassInfo info;
    info.name = name;
    context_.project->undoStack()->push(new AddClassCommand(context_.project, info));
    return true;
}

void ClassesPanel::renameClass(qint64 classId)
{
    const store::ClassInfo* info = classInfo(classId);
    if (info == nullptr)
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename Class"), tr("New name of %1:").arg(info->name),
                                               QLineEdit::Normal, info->name, &ok)
                             .trimmed();
    if (!ok || name == info->name)
        return;
    if (name.isEmpty()) {
        context_.messages->showMessage(tr("A class needs a name."), widgets::MessageBar::Level::Warning);
        return;
    }
    store::ClassInfo after = *info;
    after.name = name;
    context_.project->undoStack()->push(new UpdateClassCommand(context_.project, *info, after,
                                                               tr("Rename class %1 to %2").arg(info->name, name)));
}

void ClassesPanel::recolorClass(qint64 classId)
{
    const store::ClassInfo* info = classInfo(classId);
    if (info == nullptr)
        return;
    const store::ClassInfo before = *info;
    const QColor color = QColorDialog::getColor(QColor(before.color), this, tr("Colour of %1").arg(before.name));
    if (!color.isValid() || color.name() == before.color)
        return;
    store::ClassInfo after = before;
    after.color = color.name();
    context_.project->undoStack()->push(
        new UpdateClassCommand(context_.project, before, after, tr("Change the colour of %1").arg(before.name)));
}

void ClassesPanel::editPrompt(qint64 classId)
{
    const store::ClassInfo* info = classInfo(classId);
    if (info == nullptr)
        return;
    const store::ClassInfo before = *info;
    bool ok = false;
    const QString prompt = QInputDialog::getText(
        this, tr("Prompt Text"),
        tr("Text put into the templates for %1 (empty uses the class name):").arg(before.name),
        QLineEdit::Normal, before.prompt, &ok);
    if (!ok || prompt.trimmed() == before.prompt)
        return;
    store::ClassInfo after = before;
    after.prompt = prompt.trimmed();
    context_.project->undoStack()->push(
        new UpdateClassCommand(context_.project, before, after, tr("Change the prompt text of %1").arg(before.name)));
}

void ClassesPanel::moveClass(qint64 classId, int offset)
{
    std::vector<qint64> order = shownOrder_;
    const auto it = std::find(order.begin(), order.end(), classId);
    if (it == order.end())
        return;
    const auto index = static_cast<int>(it - order.begin());
    const int target = index + offset;
    if (target < 0 || target >= static_cast<int>(order.size()))
        return;
    std::swap(order[static_cast<size_t>(index)], order[static_cast<size_t>(target)]);
    context_.project->undoStack()->push(new ReorderClassesCommand(context_.project, shownOrder_, order));
}

void ClassesPanel::moveExamples(qint64 classId, const QList<qint64>& imageIds)
{
    const store::ClassInfo* target = classInfo(classId);
    if (target == nullptr || snapshot_->readOnly)
        return;
    // Only images that are still labeled with another class; a drag may
    // outlive a change of the project.
    std::vector<qint64> moved;
    for (qint64 id : imageIds) {
        const auto label = snapshot_->labels.constFind(id);
        if (label != snapshot_->labels.cend() && label->classId != classId)
            moved.push_back(id);
    }
    if (moved.empty())
        return;
    context_.project->labelImages(moved, classId, store::LabelSource::Example,
                                  tr("Move %n example(s) to %1", nullptr, static_cast<int>(moved.size()))
                                      .arg(target->name));
}

void ClassesPanel::deleteClass(qint64 classId)
{
    const store::ClassInfo* info = classInfo(classId);
    if (info == nullptr)
        return;
    const store::ClassInfo doomed = *info;
    const int labeled = snapshot_->labeledCount(classId);
    if (labeled > 0) {
        const auto answer = QMessageBox::question(
            this, tr("Delete Class"),
            tr("Delete the class %1? Its %n label(s) will be removed as well. Edit > Undo brings "
               "them back.", nullptr, labeled)
                .arg(doomed.name),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
    }
    context_.project->undoStack()->push(new RemoveClassCommand(context_.project, doomed));
}

}  // namespace fewshot::ui
