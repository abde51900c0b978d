#include "ui/undo_commands.h"

#include "ui/project_controller.h"
#include "ui/project_worker.h"

#include <QCoreApplication>

namespace fewshot::ui {

LabelCommand::LabelCommand(ProjectController* project, std::vector<LabelChange> before,
                           std::vector<LabelChange> after, const QString& text)
    : QUndoCommand(text), project_(project), before_(std::move(before)), after_(std::move(after))
{
}

void LabelCommand::undo()
{
    project_->applyLabels(before_);
}

void LabelCommand::redo()
{
    project_->applyLabels(after_);
}

ImportCommand::ImportCommand(ProjectController* project, qint64 token, const QString& text)
    : QUndoCommand(text), project_(project), token_(token)
{
}

void ImportCommand::undo()
{
    const qint64 token = token_;
    project_->post([token](ProjectWorker& worker) { worker.undoImport(token); });
    done_ = false;
}

void ImportCommand::redo()
{
    if (done_)
        return;
    const qint64 token = token_;
    project_->post([token](ProjectWorker& worker) { worker.redoImport(token); });
    done_ = true;
}

AddClassCommand::AddClassCommand(ProjectController* project, const store::ClassInfo& info)
    : QUndoCommand(QCoreApplication::translate("fewshot::ui::UndoCommands", "Add class %1").arg(info.name)),
      project_(project), info_(info), token_(project->newToken())
{
}

void AddClassCommand::undo()
{
    const qint64 token = token_;
    project_->post([token](ProjectWorker& worker) { worker.removeClass(token, std::nullopt); });
}

void AddClassCommand::redo()
{
    const qint64 token = token_;
    if (added_) {
        project_->post([token](ProjectWorker& worker) { worker.restoreClass(token); });
        return;
    }
    added_ = true;
    const store::ClassInfo info = info_;
    project_->post([token, info](ProjectWorker& worker) { worker.addClass(token, info); });
}

RemoveClassCommand::RemoveClassCommand(ProjectController* project, const store::ClassInfo& info)
    : QUndoCommand(QCoreApplication::translate("fewshot::ui::UndoCommands", "Delete class %1").arg(info.name)),
      project_(project), classId_(info.id), token_(project->newToken())
{
}

void RemoveClassCommand::undo()
{
    const qint64 token = token_;
    project_->post([token](ProjectWorker& worker) { worker.restoreClass(token); });
}

void RemoveClassCommand::redo()
{
    const qint64 token = token_;
    const qint64 classId = classId_;
    project_->post([token, classId](ProjectWorker& worker) { worker.removeClass(token, classId); });
}

UpdateClassCommand::UpdateClassCommand(ProjectController* project, const store::ClassInfo& before,
                                       const store::ClassInfo& after, const QString& text)
    : QUndoCommand(text), project_(project), before_(before), after_(after)
{
}

void UpdateClassCommand::undo()
{
    const store::ClassInfo info = before_;
    project_->post([info](ProjectWorker& worker) { worker.updateClass(info); });
}

void UpdateClassCommand::redo()
{
    const store::ClassInfo info = after_;
    project_->post([info](ProjectWorker& worker) { worker.updateClass(info); });
}

ReorderClassesCommand::ReorderClassesCommand(ProjectController* project, std::vector<qint64> before,
                                             std::vector<qint64> after)
    : QUndoCommand(QCoreApplication::translate("fewshot::ui::UndoCommands", "Reorder classes")),
      project_(project), before_(std::move(before)), after_(std::move(after))
{
}

void ReorderClassesCommand::undo()
{
    const std::vector<qint64> order = before_;
    project_->post([order](ProjectWorker& worker) { worker.setClassOrder(order); });
}

void ReorderClassesCommand::redo()
{
    const std::vector<qint64> order = after_;
    project_->post([order](ProjectWorker& worker) { worker.setClassOrder(order); });
}

RemoveImagesCommand::RemoveImagesCommand(ProjectController* project, std::vector<qint64> imageIds,
                                         const QString& text)
    : QUndoCommand(text), project_(project), imageIds_(std::move(imageIds)), token_(project->newToken())
{
}

void RemoveImagesCommand::undo()
{
    const qint64 token = token_;
    project_->post([token](ProjectWorker& worker) { worker.restoreImages(token); });
}

void RemoveImagesCommand::redo()
{
    const qint64 token = token_;
    const std::vector<qint64> ids = imageIds_;
    project_->post([token, ids](ProjectWorker& worker) { worker.removeImages(token, ids); });
}

EditTemplateSetCommand::EditTemplateSetCommand(ProjectController* project, const store::TemplateSet& before,
                                               const QString& name, const QStringList& templates)
    : QUndoCommand(QCoreApplication::translate("fewshot::ui::UndoCommands", "Edit templates of %1").arg(name)),
      project_(project), setId_(before.id), beforeName_(before.name), beforeTemplates_(before.templates),
      afterName_(name), afterTemplates_(templates)
{
}

void EditTemplateSetCommand::undo()
{
    const qint64 id = setId_;
    const QString name = beforeName_;
    const QStringList templates = beforeTemplates_;
    project_->post([id, name, templates](ProjectWorker& worker) { worker.updateTemplateSet(id, name, templates); });
}

void EditTemplateSetCommand::redo()
{
    const qint64 id = setId_;
    const QString name = afterName_;
    const QStringList templates = afterTemplates_;
    project_->post([id, name, templates](ProjectWorker& worker) { worker.updateTemplateSet(id, name, templates); });
}

bool EditTemplateSetCommand::mergeWith(const QUndoCommand* other)
{
    const auto* edit = dynamic_cast<const EditTemplateSetCommand*>(other);
    if (edit == nullptr || edit->setId_ != setId_)
        return false;
    afterName_ = edit->afterName_;
    afterTemplates_ = edit->afterTemplates_;
    return true;
}

AddTemplateSetCommand::AddTemplateSetCommand(ProjectController* project, const QString& name,
                                             const QStringList& templates, std::optional<qint64> previousActive)
    : QUndoCommand(QCoreApplication::translate("fewshot::ui::UndoCommands", "Add template set %1").arg(name)),
      project_(project), name_(name), templates_(templates), previousActive_(previousActive),
      token_(project->newToken())
{
}

void AddTemplateSetCommand::undo()
{
    const qint64 token = token_;
    const std::optional<qint64> previous = previousActive_;
    project_->post([token, previous](ProjectWorker& worker) {
        worker.removeTemplateSet(token, std::nullopt);
        worker.setActiveTemplateSet(previous);
    });
}

void AddTemplateSetCommand::redo()
{
    const qint64 token = token_;
    if (added_) {
        project_->post([token](ProjectWorker& worker) { worker.restoreTemplateSet(token); });
        return;
    }
    added_ = true;
    const QString name = name_;
    const QStringList templates = templates_;
    project_->post([token, name, templates](ProjectWorker& worker) {
        worker.addTemplateSet(token, name, templates, true);
    });
}

RemoveTemplateSetCommand::RemoveTemplateSetCommand(ProjectController* project, const store::TemplateSet& set,
                                                   std::optional<qint64> previousActive)
    : QUndoCommand(QCoreApplication::translate("fewshot::ui::UndoCommands", "Delete template set %1").arg(set.name)),
      project_(project), setId_(set.id), previousActive_(previousActive), token_(project->newToken())
{
}

void RemoveTemplateSetCommand::undo()
{
    const qint64 token = token_;
    const std::optional<qint64> previous = previousActive_;
    project_->post([token, previous](ProjectWorker& worker) {
        worker.restoreTemplateSet(token);
        worker.setActiveTemplateSet(previous);
    });
}

void RemoveTemplateSetCommand::redo()
{
    const qint64 token = token_;
    const qint64 id = setId_;
    project_->post([token, id](ProjectWorker& worker) { worker.removeTemplateSet(token, id); });
}

ActivateTemplateSetCommand::ActivateTemplateSetCommand(ProjectController* project, std::optional<qint64> before,
                                                       std::optional<qint64> after)
    : QUndoCommand(QCoreApplication::translate("fewshot::ui::UndoCommands", "Change the active template set")),
      project_(project), before_(before), after_(after)
{
}

void ActivateTemplateSetCommand::undo()
{
    const std::optional<qint64> id = before_;
    project_->post([id](ProjectWorker& worker) { worker.setActiveTemplateSet(id); });
}

void ActivateTemplateSetCommand::redo()
{
    const std::optional<qint64> id = after_;
    project_->post([id](ProjectWorker& worker) { worker.setActiveTemplateSet(id); });
}

ClassTemplatesCommand::ClassTemplatesCommand(ProjectController* project, qint64 setId, qint64 classId,
                                             const QStringList& before, const QStringList& after)
    : QUndoCommand(QCoreApplication::translate("fewshot::ui::UndoCommands", "Edit class templates")),
      project_(project), setId_(setId), classId_(classId), before_(before), after_(after)
{
}

void ClassTemplatesCommand::undo()
{
    const qint64 setId = setId_;
    const qint64 classId = classId_;
    const QStringList templates = before_;
    project_->post([setId, classId, templates](ProjectWorker& worker) {
        worker.setClassTemplates(setId, classId, templates);
    });
}

void ClassTemplatesCommand::redo()
{
    const qint64 setId = setId_;
    const qint64 classId = classId_;
    const QStringList templates = after_;
    project_->post([setId, classId, templates](ProjectWorker& worker) {
        worker.setClassTemplates(setId, classId, templates);
    });
}

bool ClassTemplatesCommand::mergeWith(const QUndoCommand* other)
{
    const auto* edit = dynamic_cast<const ClassTemplatesCommand*>(other);
    if (edit == nullptr || edit->setId_ != setId_ || edit->classId_ != classId_)
        return false;
    after_ = edit->after_;
    return true;
}

}  // namespace fewshot::ui
