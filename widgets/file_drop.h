#pragma once

#include <QStringList>

class QMimeData;

namespace fewshot::widgets {

// Local files and folders carried by a drag from a file manager, in the
// order given; remote URLs are left out.
QStringList localFilePaths(const QMimeData* mimeData);

bool hasLocalFiles(const QMimeData* mimeData);

}  // namespace fewshot::widgets
