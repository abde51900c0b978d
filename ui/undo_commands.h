#pragma once

#include "ui/project_requests.h"

#include "store/store_types.h"

#include <QUndoCommand>

#include <optional>
#include <vector>

namespace fewshot::ui {

class ProjectController;

// Undo commands over the project store. Each queues its change to the
// project thread. What a removal takes away is kept there under the
// command's token, so undo works even before the removal has finished.

class LabelCommand : public QUndoCommand {
public:
    LabelCommand(ProjectController* project, std::vector<LabelChange> before,
                 std::vector<LabelChange> after, const QString& text);
    void undo() override;
    void redo() override;

private:
    ProjectController* project_;
    std::vector<LabelChange> before_;
    std::vector<LabelChange> after_;
};

// Pushed after an import has finished, so its first redo does nothing.
class ImportCommand : public QUndoCommand {
public:
    ImportCommand(ProjectController* project, qint64 token, const QString& text);
    void undo() override;
    void redo() override;

private:
    ProjectController* project_;
    qint64 token_;
    bool done_ = true;
};

class AddClassCommand : public QUndoCommand {
public:
    AddClassCommand(ProjectController* project, const store::ClassInfo& info);
    void undo() override;
    void redo() override;

private:
    ProjectController* project_;
    store::ClassInfo info_;
    qint64 token_;
    bool added_ = false;
};

class RemoveClassCommand : public QUndoCommand {
public:
    RemoveClassCommand(ProjectController* project, const store::ClassInfo& info);
    void undo() override;
    void redo() override;

private:
    ProjectController* project_;
    qint64 classId_;
    qint64 token_;
};

// Renames, recolours or changes the prompt of a class.
class UpdateClassCommand : public QUndoCommand {
public:
    UpdateClassCommand(ProjectController* project, const store::ClassInfo& before,
                       const store::ClassInfo& after, const QString& text);
    void undo() override;
    void redo() override;

private:
    ProjectController* project_;
    store::ClassInfo before_;
    store::ClassInfo after_;
};

class ReorderClassesCommand : public QUndoCommand {
public:
    ReorderClassesCommand(ProjectController* project, std::vector<qint64> before,
                          std::vector<qint64> after);
    void undo() override;
    void redo() override;

private:
    ProjectController* project_;
    std::vector<qint64> before_;
    std::vector<qint64> after_;
};

class RemoveImagesCommand : public QUndoCommand {
public:
    RemoveImagesCommand(ProjectController* project, std::vector<qint64> imageIds, const QString& text);
    void undo() override;
    void redo() override;

private:
    ProjectController* project_;
    std::vector<qint64> imageIds_;
    qint64 token_;
};

// Changes the name and templates of a set. Consecutive edits of the same set
// merge into one step, so typing a template is undone as a whole.
class EditTemplateSetCommand : public QUndoCommand {
public:
    EditTemplateSetCommand(ProjectController* project, const store::TemplateSet& before,
                           const QString& name, const QStringList& templates);
    void undo() override;
    void redo() override;
    int id() const override { return 1001; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    ProjectController* project_;
    qint64 setId_;
    QString beforeName_;
    QStringList beforeTemplates_;
    QString afterName_;
    QStringList afterTemplates_;
};

class AddTemplateSetCommand : public QUndoCommand {
public:
    AddTemplateSetCommand(ProjectController* project, const QString& name, const QStringList& templates,
                          std::optional<qint64> previousActive);
    void undo() override;
    void redo() override;

private:
    ProjectController* project_;
    QString name_;
    QStringList templates_;
    std::optional<qint64> previousActive_;
    qint64 token_;
    bool added_ = false;
};

class RemoveTemplateSetCommand : public QUndoCommand {
public:
    RemoveTemplateSetCommand(ProjectController* project, const store::TemplateSet& set,
                             std::optional<qint64> previousActive);
    void undo() override;
    void redo() override;

private:
    ProjectController* project_;
    qint64 setId_;
    std::optional<qint64> previousActive_;
    qint64 token_;
};

class ActivateTemplateSetCommand : public QUndoCommand {
public:
    ActivateTemplateSetCommand(ProjectController* project, std::optional<qint64> before,
                               std::optional<qint64> after);
    void undo() override;
    void redo() override;

private:
    ProjectController* project_;
    std::optional<qint64> before_;
    std::optional<qint64> after_;
};

class ClassTemplatesCommand : public QUndoCommand {
public:
    ClassTemplatesCommand(ProjectController* project, qint64 setId, qint64 classId,
                          const QStringList& before, const QStringList& after);
    void undo() override;
    void redo() override;
    int id() const override { return 1002; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    ProjectController* project_;
    qint64 setId_;
    qint64 classId_;
    QStringList before_;
    QStringList after_;
};

}  // namespace fewshot::ui
