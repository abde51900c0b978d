#pragma once

#include "ui/model_types.h"

#include "engine/classifier_head.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <limits>
#include <memory>
#include <vector>

namespace fewshot::ui {

// The options of one training job that the training panel offers.
struct TrainingSettings {
    QString method;           // an engine method name, e.g. "linear-probe"
    qint64 seed = 1;
    bool classBalanced = true;
    bool anchorToZeroShot = true;  // linear probe
    int epochs = 20;               // Tip-Adapter-F
    double learningRate = 1e-3;    // Tip-Adapter-F
    bool classSpecificContext = false;  // CoOp: one learned context per class

    // True for methods that train through the model's text encoder (CoOp,
    // and ensembles, which include it).
    bool needsModel() const;

    QJsonObject toJson() const;
};

// Everything a job trains and measures on, copied out of the project so the
// training thread touches nothing shared.
struct TrainingData {
    std::vector<qint64> classIds;
    QStringList classNames;
    ModelInfo model;  // the model that made the embeddings, for the head's description
    qint64 dim = 0;
    float logitScale = 100.0f;
    std::vector<float> prototypes;  // [classes, dim], from the active templates
    QStringList templates;          // the active set's templates, for the export's description
    std::vector<EmbeddingVector> support;
    std::vector<int64_t> supportLabels;  // class indices
    std::vector<EmbeddingVector> validation;  // labeled images that are not examples
    std::vector<int64_t> validationLabels;
    std::vector<qint64> poolImageIds;
    std::vector<EmbeddingVector> pool;
    // The words that fill "{}" in each class's prompts, in class order, and
    // the model session, for the methods that need the text encoder.
    std::vector<std::string> classTexts;
    SessionPtr session;
};
using TrainingDataPtr = std::shared_ptr<const TrainingData>;

// One progress report of a running fit.
struct TrainingPoint {
    int index = 0;          // 1 for the first report of the job
    QString stage;          // the engine's stage name
    int step = 0;
    int totalSteps = 0;
    // NaN where the report has no such value, as in engine::FitProgress.
    double trainingLoss = std::numeric_limits<double>::quiet_NaN();
    double validationLoss = std::numeric_limits<double>::quiet_NaN();      // held-out folds
    double validationAccuracy = std::numeric_limits<double>::quiet_NaN();  // held-out folds
    double elapsedSeconds = 0.0;
};

struct TrainingOutcome {
    engine::ClassifierHead head;
    QJsonObject hyperparameters;
    double seconds = 0.0;
    double trainingAccuracy = 0.0;
    double trainingLoss = 0.0;
    int validationCount = 0;
    double validationAccuracy = 0.0;  // meaningful when validationCount > 0
    double validationLoss = 0.0;
    std::vector<float> poolProbabilities;  // [pool images, classes]

    QJsonObject metricsJson() const;
};
using TrainingOutcomePtr = std::shared_ptr<const TrainingOutcome>;

}  // namespace fewshot::ui

Q_DECLARE_METATYPE(fewshot::ui::TrainingPoint)
Q_DECLARE_METATYPE(fewshot::ui::TrainingOutcomePtr)
