#include "widgets/file_drop.h"

#include <QMimeData>
#include <QUrl>

namespace fewshot::widgets {

QStringList localFilePaths(const QMimeData* mimeData)
{
    QStringList paths;
    if (mimeData == nullptr || !mimeData->hasUrls())
        return paths;
    for (const QUrl& url : mimeData->urls()) {
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    }
    return paths;
}

bool hasLocalFiles(const QMimeData* mimeData)
{
    return !localFilePaths(mimeData).isEmpty();
}

}  // namespace fewshot::widgets
