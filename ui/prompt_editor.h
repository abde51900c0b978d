#pragma once

#include "ui/project_snapshot.h"
#include "ui/studio_context.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace fewshot::ui {

// The prompt dock: the active template set as an editable list ("{}" marks
// the class prompt), sets started from presets, per-class overrides and a
// preview of the final prompts. Every edit goes through the undo stack; the
// predictions follow in the background and are marked stale meanwhile.
class PromptEditor : public QWidget {
    Q_OBJECT

public:
    PromptEditor(const StudioContext& context, QWidget* parent = nullptr);

    QListWidget* templateList() const { return templates_; }
    // Replaces the active set's templates through the undo stack.
    void setTemplates(const QStringList& templates);
    // Adds a set from a preset and makes it active.
    void addSetFromPreset(const QString& presetId);
    void selectClass(qint64 classId);

private:
    QWidget* buildSetRow();
    QWidget* buildOverrideBox();
    void onSnapshot(const SnapshotPtr& snapshot);
    void refreshSets();
    void refreshTemplates();
    void refreshOverride();
    void refreshPreview();
    void onActiveSetChosen(int index);
    void commitListEdits();
    void commitOverride();
    void addTemplate();
    void removeTemplate();
    void moveTemplate(int offset);
    void renameSet();
    void deleteSet();
    void updateStaleLabel(bool stale);
    qint64 currentClassId() const;
    QStringList listedTemplates() const;

    StudioContext context_;
    SnapshotPtr snapshot_;
    QComboBox* sets_ = nullptr;
    QToolButton* newSet_ = nullptr;
    QListWidget* templates_ = nullptr;
    QComboBox* classes_ = nullptr;
    QCheckBox* overrideCheck_ = nullptr;
    QPlainTextEdit* overrideEdit_ = nullptr;
    QPlainTextEdit* preview_ = nullptr;
    QLabel* staleLabel_ = nullptr;
    QList<QPushButton*> listButtons_;
    bool refreshing_ = false;
};

}  // namespace fewshot::ui
