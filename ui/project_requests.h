#pragma once

// Values exchanged between the GUI and the project thread.

#include "store/store_types.h"

#include <QHash>
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

// The outcome of an import of dropped files, for the message bar.
struct ImportSummary {
    int added = 0;
    int alreadyPresent = 0;
    int labeled = 0;
    int labelsKept = 0;
    QStringList failures;
    QStringList warnings;
    QString className;  // empty for the unlabeled pool
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

// Cached embeddings found for a set of content hashes.
using EmbeddingMap = QHash<QString, std::vector<float>>;
using EmbeddingMapPtr = std::shared_ptr<const EmbeddingMap>;
using PredictionListPtr = std::shared_ptr<const std::vector<store::Prediction>>;

}  // namespace fewshot::ui

Q_DECLARE_METATYPE(fewshot::ui::ImportSummary)
Q_DECLARE_METATYPE(fewshot::ui::LabelExportSummary)
Q_DECLARE_METATYPE(fewshot::ui::EmbeddingMapPtr)
Q_DECLARE_METATYPE(fewshot::ui::PredictionListPtr)
