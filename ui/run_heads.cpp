#include "ui/run_heads.h"

#include "base/error.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace fewshot::ui {
namespace {

nlohmann::json toNlohmann(const QJsonObject& object)
{
    return nlohmann::json::parse(QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString());
}

}  // namespace

QJsonObject headDescriptionToQJson(const engine::HeadDescription& description)
{
    const std::string text = engine::headDescriptionToJson(description).dump();
    return QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
}

store::RunHead encodeRunHead(const engine::ClassifierHead& head, const QJsonObject& description)
{
    const QString method = description.value(QStringLiteral("method")).toString();
    if (method.isEmpty())
        throw Error(QCoreApplication::translate("fewshot::ui::RunHeads",
                                                "The description of a trained head names no method. This is a "
                                                "bug in FewShot Studio; please report it.")
                        .toStdString());
    return {QByteArray::fromStdString(engine::encodeHeadWeights(head, method.toStdString())), description};
}

DecodedRunHead decodeRunHead(const StoredRunHead& stored)
{
    const std::string source = QCoreApplication::translate("fewshot::ui::RunHeads", "the stored head of run %1")
                                   .arg(stored.runId)
                                   .toStdString();
    DecodedRunHead decoded;
    decoded.head = engine::decodeHeadWeights(stored.weights.toStdString(), source);
    try {
        decoded.description = engine::headDescriptionFromJson(toNlohmann(stored.description));
    } catch (const Error& error) {
        throw Error(source + ": " + error.what());
    }
    const auto names = static_cast<int>(decoded.description.classNames.size());
    if (names != decoded.head.classCount())
        throw Error(QCoreApplication::translate("fewshot::ui::RunHeads",
                                                "The stored head of run %1 has %2 classes but %3 class names. "
                                                "Train the run again.")
                        .arg(stored.runId)
                        .arg(decoded.head.classCount())
                        .arg(names)
                        .toStdString());
    return decoded;
}

}  // namespace fewshot::ui
