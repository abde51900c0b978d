#pragma once

// Values exchanged between the GUI and the model thread. Plain types only:
// no LibTorch type crosses into the GUI.

#include <QHash>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <array>
#include <memory>
#include <vector>

namespace fewshot {
class ClipSession;
}

namespace fewshot::ui {

// The loaded model, shared with jobs that need its encoders (prompt
// learning) so that it outlives a model change while they run.
using SessionPtr = std::shared_ptr<const ClipSession>;

// One embedding, shared between the GUI's table and the requests built from it.
using EmbeddingVector = std::shared_ptr<const std::vector<float>>;

struct ModelLoadOptions {
    QString device = QStringLiteral("auto");
    QString dtype = QStringLiteral("float32");
    int threads = 0;  // 0: all cores
};

// The description of a loaded checkpoint that the GUI shows.
struct ModelInfo {
    QString folder;
    QString name;       // architecture, e.g. "ViT-L/14"
    QString format;     // checkpoint layout, e.g. "hf-safetensors"
    QString device;
    QString dtype;
    QString fingerprint;
    // Identifies the preprocessing in embedding cache keys.
    QString preprocessKey;
    int resizeShortestEdge = 0;
    int cropSize = 0;
    std::array<float, 3> mean{};
    std::array<float, 3> std{};
    qint64 parameterCount = 0;
    qint64 embeddingDim = 0;
    qint64 imageSize = 0;
    float logitScale = 100.0f;
    QStringList warnings;

    bool isValid() const { return !fingerprint.isEmpty(); }
};

struct ImageToEncode {
    QString sha256;
    QString path;
};

// Embeddings of one batch of images, keyed by content hash.
struct EncodedBatch {
    QHash<QString, EmbeddingVector> embeddings;
    QStringList failures;   // messages for files that could not be read
    QStringList failedShas; // their content hashes
};
using EncodedBatchPtr = std::shared_ptr<const EncodedBatch>;

// A class with the text and templates that the text encoder embeds for it.
struct ClassPrompt {
    qint64 classId = 0;
    QString text;          // the class prompt, or its name
    QStringList templates; // "{}" marks the text
};

struct ZeroShotRequest {
    std::vector<ClassPrompt> classes;
    std::vector<qint64> imageIds;
    std::vector<EmbeddingVector> embeddings;  // one per image id
};
using ZeroShotRequestPtr = std::shared_ptr<const ZeroShotRequest>;

struct ZeroShotReply {
    std::vector<qint64> classIds;
    std::vector<qint64> imageIds;
    std::vector<float> probabilities;  // [images, classes]
};
using ZeroShotReplyPtr = std::shared_ptr<const ZeroShotReply>;

// L2-normalized class embeddings [classes, dim] by prompt ensembling.
struct ClassPrototypes {
    std::vector<qint64> classIds;
    std::vector<float> values;
    qint64 dim = 0;
};
using ClassPrototypesPtr = std::shared_ptr<const ClassPrototypes>;

// Templates to score on the labeled images: each candidate gives the
// templates of every class (a single template repeats it for all classes).
struct TemplateCandidate {
    QString name;
    bool isSet = false;
    std::vector<QStringList> classTemplates;  // aligned with the request's classes
};

struct TemplateScoringRequest {
    std::vector<ClassPrompt> classes;  // templates unused; see candidates
    std::vector<TemplateCandidate> candidates;
    std::vector<EmbeddingVector> embeddings;
    std::vector<int64_t> labels;  // class index per embedding
};
using TemplateScoringRequestPtr = std::shared_ptr<const TemplateScoringRequest>;

struct TemplateScore {
    QString name;
    bool isSet = false;
    double accuracy = 0.0;
    std::vector<double> perClassRecall;  // NaN for a class without labeled images
};

struct TemplateScores {
    std::vector<qint64> classIds;
    std::vector<TemplateScore> scores;  // in candidate order
    int imageCount = 0;
};
using TemplateScoresPtr = std::shared_ptr<const TemplateScores>;

}  // namespace fewshot::ui

Q_DECLARE_METATYPE(fewshot::ui::ModelInfo)
Q_DECLARE_METATYPE(fewshot::ui::SessionPtr)
Q_DECLARE_METATYPE(fewshot::ui::EncodedBatchPtr)
Q_DECLARE_METATYPE(fewshot::ui::ZeroShotReplyPtr)
Q_DECLARE_METATYPE(fewshot::ui::ClassPrototypesPtr)
Q_DECLARE_METATYPE(fewshot::ui::TemplateScoresPtr)
