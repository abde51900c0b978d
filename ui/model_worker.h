#pragma once

#include "ui/model_types.h"

#include <QObject>

#include <atomic>
#include <deque>
#include <memory>

namespace fewshot {
class ClipSession;
}

namespace fewshot::ui {

// Owns the ClipSession on the model thread and runs everything that needs
// the encoders: loading, image encoding, zero-shot scores, class prototypes
// and template scoring. Image encoding goes one batch per event-loop turn,
// so a zero-shot request queued meanwhile is handled between two batches
// instead of after the whole pool.
class ModelWorker : public QObject {
    Q_OBJECT

public:
    explicit ModelWorker(QObject* parent = nullptr);
    ~ModelWorker() override;

    void load(qint64 requestId, const QString& folder, const ModelLoadOptions& options);
    void unload();
    void encodeImages(qint64 jobId, const std::vector<ImageToEncode>& images,
                      const std::shared_ptr<std::atomic_bool>& cancel);
    void computeZeroShot(qint64 requestId, const ZeroShotRequestPtr& request);
    void computePrototypes(qint64 requestId, const std::vector<ClassPrompt>& classes);
    void scoreTemplates(qint64 requestId, const TemplateScoringRequestPtr& request);

Q_SIGNALS:
    void modelLoaded(qint64 requestId, const fewshot::ui::ModelInfo& info);
    // Emitted just before modelLoaded with the new session, and with null
    // (request id 0) after unload().
    void sessionChanged(qint64 requestId, const fewshot::ui::SessionPtr& session);
    void modelLoadFailed(qint64 requestId, const QString& message);
    void imagesEncoded(qint64 jobId, const fewshot::ui::EncodedBatchPtr& batch);
    void encodingProgress(qint64 jobId, qint64 done, qint64 total);
    void encodingFinished(qint64 jobId, bool cancelled);
    void zeroShotReady(qint64 requestId, const fewshot::ui::ZeroShotReplyPtr& reply);
    void prototypesReady(qint64 requestId, const fewshot::ui::ClassPrototypesPtr& prototypes);
    void templatesScored(qint64 requestId, const fewshot::ui::TemplateScoresPtr& scores);
    // A request other than loading failed; the message is the core's.
    void requestFailed(qint64 requestId, const QString& message);

private:
    struct EncodeJob {
        qint64 jobId = 0;
        std::vector<ImageToEncode> images;
        size_t next = 0;
        std::shared_ptr<std::atomic_bool> cancel;
    };
    void encodeNextBatch();
    void scheduleEncoding();
    std::vector<float> prototypesOf(const std::vector<ClassPrompt>& classes) const;
    ModelInfo describeModel() const;

    std::shared_ptr<ClipSession> session_;
    std::deque<EncodeJob> encodeJobs_;
    bool encodingScheduled_ = false;
};

}  // namespace fewshot::ui
