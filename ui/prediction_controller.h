#pragma once

#include "ui/model_types.h"
#include "ui/project_requests.h"
#include "ui/project_snapshot.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <optional>
#include <vector>

class QTimer;

namespace fewshot::ui {

class ModelController;
class ProjectController;

// The model's opinion of one image: probabilities in classIds() order.
struct PoolPrediction {
    qint64 classId = 0;       // the top class
    float confidence = 0.0f;  // its probability
    float margin = 0.0f;      // top minus second probability; small means uncertain
    std::vector<float> probabilities;
};

// Keeps every image of the project embedded and its predictions current.
//
// Embeddings come from the project's cache when present and from the model
// otherwise (and are then cached). Predictions are zero-shot scores from the
// active templates. They are recomputed in the background a short pause
// after the classes or templates change, and the old ones are marked stale
// until the new scores arrive. A trained head's predictions can replace them
// until the next change of classes or templates.
class PredictionController : public QObject {
    Q_OBJECT

public:
    PredictionController(ProjectController* project, ModelController* model, QObject* parent = nullptr);

    bool isStale() const { return stale_; }
    bool isComputing() const { return pendingRequest_ != 0; }
    const QHash<qint64, PoolPrediction>& predictions() const { return predictions_; }
    const std::vector<qint64>& classIds() const { return classIds_; }
    // "Zero-shot" or the name of the applied training job.
    QString sourceName() const { return sourceName_; }
    bool isZeroShot() const { return zeroShot_; }

    const QHash<QString, EmbeddingVector>& embeddings() const { return embeddings_; }
    EmbeddingVector embeddingOf(qint64 imageId) const;
    int embeddedImageCount() const;
    int failedImageCount() const { return static_cast<int>(failedShas_.size()); }
    int runningJobs() const { return isComputing() ? 1 : 0; }

    // Milliseconds between the last change and the recomputation.
    void setDebounceInterval(int milliseconds);
    // Shows a trained head's predictions ([images, classes] in classIds order).
    void applyPredictions(const QString& sourceName, const std::vector<qint64>& classIds,
                          const std::vector<qint64>& imageIds, const std::vector<float>& probabilities);
    // Goes back to zero-shot predictions.
    void useZeroShot();

    // The classes with their prompt and templates, as the text encoder needs them.
    static std::vector<ClassPrompt> classPrompts(const ProjectSnapshot& snapshot);

Q_SIGNALS:
    void predictionsChanged();
    void staleChanged(bool stale);
    void embeddingsChanged();
    void errorOccurred(const QString& message);
    void runningJobsChanged(int count);

private:
    void onSnapshot(const SnapshotPtr& snapshot);
    void onModelLoaded();
    void onEmbeddingsFound(qint64 requestId, const EmbeddingMapPtr& found);
    void onImagesEncoded(qint64 jobId, const EncodedBatchPtr& batch);
    void onPredictionsLoaded(qint64 requestId, const PredictionListPtr& predictions);
    void onZeroShotReady(qint64 requestId, const ZeroShotReplyPtr& reply);
    void requestMissingEmbeddings();
    void scheduleRecompute();
    void recompute();
    void setStale(bool stale);
    void setPredictions(const std::vector<qint64>& classIds, const std::vector<qint64>& imageIds,
                        const std::vector<float>& probabilities);
    void savePredictions() const;
    QString inputsKey(const ProjectSnapshot& snapshot) const;

    ProjectController* project_;
    ModelController* model_;
    QTimer* debounce_;
    SnapshotPtr snapshot_;
    QString projectFile_;
    QHash<QString, EmbeddingVector> embeddings_;  // content hash -> embedding
    QSet<QString> pendingShas_;
    QSet<QString> failedShas_;
    QHash<qint64, PoolPrediction> predictions_;
    std::vector<qint64> classIds_;
    QString sourceName_;
    QString computedKey_;   // inputs of the predictions on display
    QString requestedKey_;  // inputs of the request in flight
    qint64 pendingRequest_ = 0;
    qint64 lookupRequest_ = 0;
    qint64 predictionsRequest_ = 0;
    bool stale_ = false;
    bool zeroShot_ = true;
};

}  // namespace fewshot::ui
