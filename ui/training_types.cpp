#include "ui/training_types.h"

namespace fewshot::ui {

QJsonObject TrainingSettings::toJson() const
{
    QJsonObject json{{QStringLiteral("method"), method},
                     {QStringLiteral("class_balanced"), classBalanced}};
    if (method == QLatin1String("linear-probe"))
        json.insert(QStringLiteral("anchor_to_zero_shot"), anchorToZeroShot);
    if (method == QLatin1String("tip-adapter-f")) {
        json.insert(QStringLiteral("epochs"), epochs);
        json.insert(QStringLiteral("learning_rate"), learningRate);
    }
    if (method == QLatin1String("coop") || method == QLatin1String("ensemble"))
        json.insert(QStringLiteral("class_specific_context"), classSpecificContext);
    return json;
}

bool TrainingSettings::needsModel() const
{
    return method == QLatin1String("coop") || method == QLatin1String("ensemble");
}

QJsonObject TrainingOutcome::metricsJson() const
{
    QJsonObject json{{QStringLiteral("seconds"), seconds},
                     {QStringLiteral("training_accuracy"), trainingAccuracy},
                     {QStringLiteral("training_loss"), trainingLoss},
                     {QStringLiteral("validation_images"), validationCount}};
    if (validationCount > 0) {
        json.insert(QStringLiteral("validation_accuracy"), validationAccuracy);
        json.insert(QStringLiteral("validation_loss"), validationLoss);
    }
    return json;
}

}  // namespace fewshot::ui
