#pragma once

#include <QList>
#include <QStringList>

#include <optional>

class QMimeData;

namespace fewshot::widgets {

// Local files and folders carried by a drag from a file manager, in the
// order given; remote URLs are left out.
QStringList localFilePaths(const QMimeData* mimeData);

bool hasLocalFiles(const QMimeData* mimeData);

// Example images dragged from one class card to another. Image ids mean
// something only in the project they came from, so a drag is accepted only
// by the process that started it.
struct ExampleDrag {
    qint64 sourceClassId = 0;
    QList<qint64> imageIds;
};

QMimeData* exampleDragMimeData(const ExampleDrag& drag);
// The example drag `mimeData` carries, or none when it carries none from this process.
std::optional<ExampleDrag> exampleDragFrom(const QMimeData* mimeData);

}  // namespace fewshot::widgets
