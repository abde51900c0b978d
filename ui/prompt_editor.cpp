#include "ui/prompt_editor.h"

#include "ui/model_controller.h"
#include "ui/prediction_controller.h"
#include "ui/project_controller.h"
#include "ui/template_presets.h"
#include "ui/undo_commands.h"

#include "widgets/message_bar.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace fewshot::ui {
namespace {

const QString kDefaultTemplate = QStringLiteral("a photo of a {}.");

QStringList nonEmptyLines(const QString& text)
{
    QStringList lines;
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty())
            lines.append(line.trimmed());
    }
    return lines;
}

}  // namespace

PromptEditor::PromptEditor(const StudioContext& context, QWidget* parent) : QWidget(parent), context_(context)
{
    templates_ = new QListWidget(this);
    templates_->setObjectName(QStringLiteral("templateList"));
    templates_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                                | QAbstractItemView::SelectedClicked);
    connect(templates_, &QListWidget::itemChanged, this, &PromptEditor::commitListEdits);

    auto* buttons = new QHBoxLayout;
    const auto addButton = [&](const QString& text, const QString& tip, auto slot) {
        auto* button = new QPushButton(text, this);
        button->setToolTip(tip);
        connect(button, &QPushButton::clicked, this, slot);
        buttons->addWidget(button);
        listButtons_.append(button);
    };
    addButton(tr("Add"), tr("Add a template and edit it"), &PromptEditor::addTemplate);
    addButton(tr("Remove"), tr("Remove the selected template"), &PromptEditor::removeTemplate);
    addButton(tr("Up"), tr("Move the selected template up"), [this] { moveTemplate(-1); });
    addButton(tr("Down"), tr("Move the selected template down"), [this] { moveTemplate(1); });
    buttons->addStretch(1);

    preview_ = new QPlainTextEdit(this);
    preview_->setReadOnly(true);
    preview_->setObjectName(QStringLiteral("promptPreview"));
    staleLabel_ = new QLabel(this);
    staleLabel_->setWordWrap(true);

    auto* hint = new QLabel(tr("{} marks where the class name goes. Double-click a template to edit it."), this);
    hint->setWordWrap(true);
    hint->setStyleSheet(QStringLiteral("color: #666;"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(buildSetRow());
    layout->addWidget(hint);
    layout->addWidget(templates_, 2);
    layout->addLayout(buttons);
    layout->addWidget(buildOverrideBox());
    layout->addWidget(new QLabel(tr("Final prompts of the chosen class:"), this));
    layout->addWidget(preview_, 1);
    layout->addWidget(staleLabel_);

    connect(context_.project, &ProjectController::snapshotChanged, this, &PromptEditor::onSnapshot);
    connect(context_.predictions, &PredictionController::staleChanged, this, &PromptEditor::updateStaleLabel);
    connect(context_.predictions, &PredictionController::predictionsChanged, this,
            [this] { updateStaleLabel(context_.predictions->isStale()); });
    connect(context_.model, &ModelController::modelLoaded, this,
            [this] { updateStaleLabel(context_.predictions->isStale()); });
    updateStaleLabel(false);
}

QWidget* PromptEditor::buildOverrideBox()
{
    auto* box = new QGroupBox(tr("Class"), this);
    classes_ = new QComboBox(box);
    classes_->setObjectName(QStringLiteral("promptClass"));
    connect(classes_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        if (!refreshing_) {
            refreshOverride();
            refreshPreview();
        }
    });
    overrideCheck_ = new QCheckBox(tr("Own templates for this class"), box);
    overrideCheck_->setObjectName(QStringLiteral("overrideCheck"));
    connect(overrideCheck_, &QCheckBox::toggled, this, [this](bool checked) {
        overrideEdit_->setEnabled(checked);
        if (refreshing_)
            return;
        if (checked && overrideEdit_->toPlainText().trimmed().isEmpty())
            overrideEdit_->setPlainText(listedTemplates().join(QLatin1Char('\n')));
        commitOverride();
    });
    overrideEdit_ = new QPlainTextEdit(box);
    overrideEdit_->setObjectName(QStringLiteral("overrideEdit"));
    overrideEdit_->setPlaceholderText(tr("One template per line"));
    overrideEdit_->setMaximumHeight(90);
    overrideEdit_->setEnabled(false);
    connect(overrideEdit_, &QPlainTextEdit::textChanged, this, [this] {
        if (!refreshing_ && overrideCheck_->isChecked())
            commitOverride();
    });

    auto* layout = new QVBoxLayout(box);
    layout->addWidget(classes_);
    layout->addWidget(overrideCheck_);
    layout->addWidget(overrideEdit_);
    return box;
}

void PromptEditor::onSnapshot(const SnapshotPtr& snapshot)
{
    snapshot_ = snapshot;
    refreshing_ = true;
    refreshSets();
    refreshTemplates();
    const qint64 classId = currentClassId();
    classes_->clear();
    for (const store::ClassInfo& info : snapshot->classes)
        classes_->addItem(info.name, info.id);
    const int index = classes_->findData(classId);
    classes_->setCurrentIndex(index >= 0 ? index : 0);
    refreshOverride();
    refreshing_ = false;
    refreshPreview();
}

void PromptEditor::refreshSets()
{
    sets_->clear();
    for (const store::TemplateSet& set : snapshot_->templateSets)
        sets_->addItem(set.name, set.id);
    sets_->addItem(tr("(no active set)"), QVariant());
    const int index = snapshot_->activeTemplateSetId ? sets_->findData(*snapshot_->activeTemplateSetId)
                                                     : sets_->count() - 1;
    sets_->setCurrentIndex(index);
}

void PromptEditor::refreshTemplates()
{
    const store::TemplateSet* active = snapshot_->activeTemplateSet();
    const QStringList templates = active ? active->templates : QStringList();
    // An open item editor has the focus; replacing the items would close it mid-typing.
    const QWidget* focus = QApplication::focusWidget();
    const bool editing = focus != nullptr && focus != templates_ && templates_->isAncestorOf(focus);
    if (!editing && templates != listedTemplates()) {
        const int row = templates_->currentRow();
        templates_->clear();
        for (const QString& text : templates) {
            auto* item = new QListWidgetItem(text, templates_);
            item->setFlags(item->flags() | Qt::ItemIsEditable);
        }
        templates_->setCurrentRow(std::min(row, templates_->count() - 1));
    }
    const bool enabled = active != nullptr && !snapshot_->readOnly;
    templates_->setEnabled(enabled);
    for (QPushButton* button : std::as_const(listButtons_))
        button->setEnabled(enabled);
}

void PromptEditor::refreshOverride()
{
    const store::TemplateSet* active = snapshot_ ? snapshot_->activeTemplateSet() : nullptr;
    const qint64 classId = currentClassId();
    const QStringList override = active ? active->classOverrides.value(classId) : QStringList();
    const bool wasRefreshing = refreshing_;
    refreshing_ = true;
    overrideCheck_->setEnabled(active != nullptr && classId != 0);
    overrideCheck_->setChecked(!override.isEmpty());
    overrideEdit_->setEnabled(!override.isEmpty());
    if (!overrideEdit_->hasFocus() || override.isEmpty())
        overrideEdit_->setPlainText(override.join(QLatin1Char('\n')));
    refreshing_ = wasRefreshing;
}

void PromptEditor::refreshPreview()
{
    if (!snapshot_)
        return;
    const store::ClassInfo* info = snapshot_->findClass(currentClassId());
    if (info == nullptr) {
        preview_->setPlainText(tr("Add a class to see its prompts."));
        return;
    }
    QStringList templates = snapshot_->templatesForClass(info->id);
    QStringList lines;
    if (templates.isEmpty()) {
        lines.append(tr("No template set is active, so the default template is used:"));
        templates = QStringList{kDefaultTemplate};
    }
    const QString text = snapshot_->promptText(*info);
    for (const QString& entry : templates) {
        if (entry.contains(QStringLiteral("{}")))
            lines.append(QString(entry).replace(QStringLiteral("{}"), text));
        else
            lines.append(tr("%1   (no {}: the same text for every class)").arg(entry));
    }
    preview_->setPlainText(lines.join(QLatin1Char('\n')));
}

qint64 PromptEditor::currentClassId() const
{
    return classes_->currentData().toLongLong();
}

void PromptEditor::selectClass(qint64 classId)
{
    const int index = classes_->findData(classId);
    if (index >= 0)
        classes_->setCurrentIndex(index);
}

QStringList PromptEditor::listedTemplates() const
{
    QStringList list;
    for (int row = 0; row < templates_->count(); ++row) {
        const QString text = templates_->item(row)->text().trimmed();
        if (!text.isEmpty())
            list.append(text);
    }
    return list;
}

void PromptEditor::setTemplates(const QStringList& templates)
{
    const store::TemplateSet* active = snapshot_ ? snapshot_->activeTemplateSet() : nullptr;
    if (active == nullptr || templates == active->templates)
        return;
    if (templates.isEmpty()) {
        context_.messages->showMessage(tr("A template set needs at least one template."),
                                       widgets::MessageBar::Level::Warning);
        refreshTemplates();
        return;
    }
    context_.project->undoStack()->push(
        new EditTemplateSetCommand(context_.project, *active, active->name, templates));
}

void PromptEditor::commitListEdits()
{
    if (!refreshing_)
        setTemplates(listedTemplates());
}

void PromptEditor::commitOverride()
{
    const store::TemplateSet* active = snapshot_ ? snapshot_->activeTemplateSet() : nullptr;
    const qint64 classId = currentClassId();
    if (active == nullptr || classId == 0)
        return;
    const QStringList after = overrideCheck_->isChecked() ? nonEmptyLines(overrideEdit_->toPlainText()) : QStringList();
    const QStringList before = active->classOverrides.value(classId);
    if (after == before)
        return;
    context_.project->undoStack()->push(new ClassTemplatesCommand(context_.project, active->id, classId, before, after));
}

void PromptEditor::addTemplate()
{
    auto* item = new QListWidgetItem(kDefaultTemplate, templates_);
    item->setFlags(item->flags() | Qt::ItemIsEditable);
    templates_->setCurrentItem(item);
    commitListEdits();
    templates_->editItem(item);
}

void PromptEditor::removeTemplate()
{
    const int row = templates_->currentRow();
    if (row < 0)
        return;
    QStringList list = listedTemplates();
    if (row < list.size())
        list.removeAt(row);
    setTemplates(list);
}

void PromptEditor::moveTemplate(int offset)
{
    const int row = templates_->currentRow();
    QStringList list = listedTemplates();
    const int target = row + offset;
    if (row < 0 || target < 0 || target >= list.size())
        return;
    list.move(row, target);
    templates_->setCurrentRow(target);
    setTemplates(list);
}

void PromptEditor::updateStaleLabel(bool stale)
{
    if (!context_.model->isLoaded()) {
        staleLabel_->setText(tr("No model is loaded, so these prompts give no predictions yet."));
        staleLabel_->setStyleSheet(QStringLiteral("color: #666;"));
        return;
    }
    if (stale) {
        staleLabel_->setText(tr("Recomputing predictions with the edited prompts…"));
        staleLabel_->setStyleSheet(QStringLiteral("color: #a06000; font-style: italic;"));
    } else {
        staleLabel_->setText(tr("Predictions match these prompts."));
        staleLabel_->setStyleSheet(QStringLiteral("color: #2a7a2a;"));
    }
}

}  // namespace fewshot::ui
