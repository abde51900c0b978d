#pragma once

// Values exchanged between the GUI and the project thread.

#include "store/store_types.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace fewshot::ui {

// One label to write. A target with a valid time is put back exactly, as
// undo does. A target without a time is a new label written now, and no
// target clears the label.
struct LabelChange {
    qint64 imageId = 0;
    std::optional<store::Label> target;
};

// The source an import reads: dropped or chosen image files and folders, a folder
// with one sub-folder per class, or a CSV file of path,label rows.
enum class ImportKind { Files, ClassFolders, Csv };

// The outcome of an import, for the message bar.
struct ImportSummary {
    ImportKind kind = ImportKind::Files;
    QString source;  // the class folder or CSV file; empty for files
    int added = 0;
    int alreadyPresent = 0;
    int labeled = 0;
    int labelsKept = 0;
    QStringList failures;
    QStringList warnings;
    QStringList classesCreated;
    QString className;  // files only: the class of the new examples, empty for the unlabeled pool
    bool cancelled = false;
    bool failed = false;  // the core's message went out as a request error
};

enum class LabelExportFormat { Csv, Json, Folders };

struct LabelExportSummary {
    int exported = 0;
    QStringList warnings;
    QString output;
    bool failed = false;
    QString error;
};

// The outcome of looking for missing images in a folder, for the message bar.
struct RelinkSummary {
    QString folder;
    int missingBefore = 0;
    int relinked = 0;
    int stillMissing = 0;
    int filesHashed = 0;
    bool cancelled = false;
    bool failed = false;  // the core's message went out as a request error
};

// The classifier head of a training run as the project stores it: the bytes
// of head.safetensors and the description written to metadata.json.
struct StoredRunHead {
    qint64 runId = 0;
    QString method;
    QByteArray weights;
    QJsonObject description;
};
using StoredRunHeadPtr = std::shared_ptr<const StoredRunHead>;

// Cached embeddings found for a set of content hashes.
using EmbeddingMap = QHash<QString, std::vector<float>>;
using EmbeddingMapPtr = std::shared_ptr<const EmbeddingMap>;
using PredictionListPtr = std::shared_ptr<const std::vector<store::Prediction>>;

}  // namespace fewshot::ui

Q_DECLARE_METATYPE(fewshot::ui::ImportSummary)
Q_DECLARE_METATYPE(fewshot::ui::LabelExportSummary)
Q_DECLARE_METATYPE(fewshot::ui::RelinkSummary)
Q_DECLARE_METATYPE(fewshot::ui::StoredRunHeadPtr)
Q_DECLARE_METATYPE(fewshot::ui::EmbeddingMapPtr)
Q_DECLARE_METATYPE(fewshot::ui::PredictionListPtr)
