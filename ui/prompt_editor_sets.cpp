// Template sets of PromptEditor: choosing the active set, adding one from a
// preset or a copy, renaming and deleting.

#include "ui/prompt_editor.h"

#include "ui/project_controller.h"
#include "ui/template_presets.h"
#include "ui/undo_commands.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QToolButton>
#include <QUndoStack>

namespace fewshot::ui {

QWidget* PromptEditor::buildSetRow()
{
    auto* row = new QWidget(this);
    sets_ = new QComboBox(row);
    sets_->setObjectName(QStringLiteral("templateSets"));
    sets_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    sets_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    sets_->setMinimumContentsLength(8);
    connect(sets_, qOverload<int>(&QComboBox::activated), this, &PromptEditor::onActiveSetChosen);

    newSet_ = new QToolButton(row);
    newSet_->setText(tr("New Set"));
    newSet_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    newSet_->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(newSet_);
    for (const TemplatePreset& preset : templatePresets()) {
        const QString id = preset.id;
        menu->addAction(tr("From preset: %1").arg(preset.name), this, [this, id] { addSetFromPreset(id); });
    }
    menu->addSeparator();
    menu->addAction(tr("Copy of the active set"), this, [this] {
        const store::TemplateSet* active = snapshot_ ? snapshot_->activeTemplateSet() : nullptr;
        if (active == nullptr)
            return;
        context_.project->undoStack()->push(new AddTemplateSetCommand(
            context_.project, tr("%1 (copy)").arg(active->name), active->templates, snapshot_->activeTemplateSetId));
    });
    newSet_->setMenu(menu);

    auto* more = new QToolButton(row);
    more->setText(QStringLiteral("\u22ee"));
    more->setToolTip(tr("Rename or delete the active set"));
    more->setPopupMode(QToolButton::InstantPopup);
    more->setStyleSheet(QStringLiteral("QToolButton::menu-indicator { image: none; }"));
    auto* moreMenu = new QMenu(more);
    moreMenu->addAction(tr("Rename Set…"), this, &PromptEditor::renameSet);
    moreMenu->addAction(tr("Delete Set…"), this, &PromptEditor::deleteSet);
    more->setMenu(moreMenu);

    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Template set:"), row));
    layout->addWidget(sets_, 1);
    layout->addWidget(newSet_);
    layout->addWidget(more);
    return row;
}

void PromptEditor::onActiveSetChosen(int index)
{
    if (!snapshot_)
        return;
    const QVariant data = sets_->itemData(index);
    const std::optional<qint64> after = data.isValid() ? std::optional<qint64>(data.toLongLong()) : std::nullopt;
    if (after == snapshot_->activeTemplateSetId)
        return;
    context_.project->undoStack()->push(
        new ActivateTemplateSetCommand(context_.project, snapshot_->activeTemplateSetId, after));
}

void PromptEditor::addSetFromPreset(const QString& presetId)
{
    if (!snapshot_)
        return;
    const TemplatePreset preset = templatePreset(presetId);
    context_.project->undoStack()->push(
        new AddTemplateSetCommand(context_.project, preset.name, preset.templates, snapshot_->activeTemplateSetId));
}

void PromptEditor::renameSet()
{
    const store::TemplateSet* active = snapshot_ ? snapshot_->activeTemplateSet() : nullptr;
    if (active == nullptr)
        return;
    const store::TemplateSet set = *active;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename Template Set"), tr("New name:"),
                                               QLineEdit::Normal, set.name, &ok)
                             .trimmed();
    if (ok && !name.isEmpty() && name != set.name)
        context_.project->undoStack()->push(new EditTemplateSetCommand(context_.project, set, name, set.templates));
}

void PromptEditor::deleteSet()
{
    const store::TemplateSet* active = snapshot_ ? snapshot_->activeTemplateSet() : nullptr;
    if (active == nullptr)
        return;
    const store::TemplateSet set = *active;
    const auto answer = QMessageBox::question(this, tr("Delete Template Set"),
                                              tr("Delete the template set %1 with its class overrides?").arg(set.name),
                                              QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        context_.project->undoStack()->push(
            new RemoveTemplateSetCommand(context_.project, set, snapshot_->activeTemplateSetId));
}

}  // namespace fewshot::ui
