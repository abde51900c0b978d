#include "widgets/file_drop.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QUrl>

namespace fewshot::widgets {
namespace {

const QString kExampleMimeType = QStringLiteral("application/x-fewshot-examples");

}  // namespace

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

QMimeData* exampleDragMimeData(const ExampleDrag& drag)
{
    QJsonArray images;
    for (qint64 id : drag.imageIds)
        images.append(id);
    const QJsonObject payload{{QStringLiteral("process"), QCoreApplication::applicationPid()},
                              {QStringLiteral("class"), drag.sourceClassId},
                              {QStringLiteral("images"), images}};
    auto* data = new QMimeData;
    data->setData(kExampleMimeType, QJsonDocument(payload).toJson(QJsonDocument::Compact));
    return data;
}

std::optional<ExampleDrag> exampleDragFrom(const QMimeData* mimeData)
{
    if (mimeData == nullptr || !mimeData->hasFormat(kExampleMimeType))
        return std::nullopt;
    const QJsonObject payload = QJsonDocument::fromJson(mimeData->data(kExampleMimeType)).object();
    if (payload.value(QStringLiteral("process")).toInteger() != QCoreApplication::applicationPid())
        return std::nullopt;
    ExampleDrag drag;
    drag.sourceClassId = payload.value(QStringLiteral("class")).toInteger();
    for (const QJsonValue& id : payload.value(QStringLiteral("images")).toArray())
        drag.imageIds.append(id.toInteger());
    if (drag.imageIds.isEmpty())
        return std::nullopt;
    return drag;
}

}  // namespace fewshot::widgets
