#pragma once

#include "store/store_types.h"

#include <QHash>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace fewshot::ui {

// A read-only copy of a project's contents, made on the project thread after
// each change and handed to the GUI, which never touches the store itself.
struct ProjectSnapshot {
    QString file;
    QString folder;
    bool readOnly = false;
    std::vector<store::ClassInfo> classes;  // display order
    std::vector<store::ImageInfo> images;
    QHash<qint64, QString> absolutePaths;   // image id -> absolute file path
    QHash<qint64, store::Label> labels;     // image id -> label
    std::vector<store::TemplateSet> templateSets;
    std::optional<qint64> activeTemplateSetId;
    std::vector<store::TrainingRun> runs;   // oldest first
    // Images whose files are not at their stored paths, as counted after the
    // last opening, import, removal or relinking.
    int missingImages = 0;
    qint64 imageEmbeddings = 0;
    qint64 textEmbeddings = 0;
    // The number of requests the project thread had handled when this copy was made.
    quint64 sequence = 0;

    const store::ClassInfo* findClass(qint64 classId) const;
    int classIndex(qint64 classId) const;  // -1 when absent
    const store::TemplateSet* findTemplateSet(qint64 setId) const;
    const store::TemplateSet* activeTemplateSet() const;
    // The templates used for a class, as ProjectStore::templatesForClass
    // computes them: the class's override in the active set, else the set's list.
    QStringList templatesForClass(qint64 classId) const;
    // The text put into templates for a class: its prompt, else its name.
    QString promptText(const store::ClassInfo& info) const;
    int exampleCount(qint64 classId) const;
    int labeledCount(qint64 classId) const;
    // A class's example images, newest first, and their absolute paths.
    QList<qint64> exampleImageIds(qint64 classId) const;
    QStringList examplePaths(qint64 classId) const;
    QString imagePath(qint64 imageId) const { return absolutePaths.value(imageId); }
};

using SnapshotPtr = std::shared_ptr<const ProjectSnapshot>;

}  // namespace fewshot::ui

Q_DECLARE_METATYPE(fewshot::ui::SnapshotPtr)
