#pragma once

// Plain values exchanged with the project store. Ids are the SQLite row ids
// of the project file. They stay valid for the life of the project, because
// undo restores a removed row under its old id.

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <vector>

namespace fewshot::store {

// The origin of a label. An Example label puts the image in the support set
// of its class, and the other sources mark labeled pool images.
enum class LabelSource { Example, Manual, Prediction, Imported };

// "example", "manual", "prediction" or "imported", as stored in the project
// file and written to exports.
QString labelSourceName(LabelSource source);
std::optional<LabelSource> parseLabelSource(const QString& name);

struct ClassInfo {
    qint64 id = 0;
    QString name;
    QString color;         // "#rrggbb"
    int position = 0;      // display order, 0 first
    QString prompt;        // text put into prompt templates; empty means the name
    bool isNormal = false; // a "normal / no defect" class
};

struct Label {
    qint64 imageId = 0;
    qint64 classId = 0;
    LabelSource source = LabelSource::Manual;
    QDateTime time;  // UTC, millisecond resolution
};

struct ImageInfo {
    qint64 id = 0;
    QString path;    // relative to the project file's folder with '/' separators, or absolute
    QString sha256;  // content hash, lowercase hex
    qint64 size = 0; // bytes
    int width = 0;
    int height = 0;
    QDateTime addedAt;
};

// An image file described (hashed and measured) before it is added.
struct ImageFile {
    QString absolutePath;
    QString sha256;
    qint64 size = 0;
    int width = 0;
    int height = 0;
};

// An image to add, with the label to give it (none for an unlabeled pool image).
struct ImageToAdd {
    ImageFile file;
    std::optional<qint64> classId;
    LabelSource source = LabelSource::Manual;
};

// The policy for an image that is being added and already has a different label.
enum class LabelConflict { KeepExisting, Replace };

struct AddImagesResult {
    std::vector<qint64> imageIds;  // in the order of the request
    int added = 0;                 // images new to the project
    int alreadyPresent = 0;        // images whose path was already in the project
    int labeled = 0;               // labels written
    int labelsKept = 0;            // different existing labels left unchanged
};

// A removed class with what went with it, for undo.
struct RemovedClass {
    ClassInfo info;
    std::vector<Label> labels;
    QHash<qint64, QStringList> templateOverrides;  // template set id -> templates
};

// A removed image with its label, for undo. Predictions are not kept.
struct RemovedImage {
    ImageInfo info;
    std::optional<Label> label;
};

// A named list of prompt templates such as "a photo of a {}.", where "{}"
// stands for the class prompt. A class override replaces the list for that
// class only.
struct TemplateSet {
    qint64 id = 0;
    QString name;
    QStringList templates;
    QHash<qint64, QStringList> classOverrides;  // class id -> templates
};

struct RelinkResult {
    int missingBefore = 0;
    int relinked = 0;
    int stillMissing = 0;
    int filesHashed = 0;
    bool cancelled = false;  // the progress callback stopped it; nothing was changed
};

enum class RunStatus { Running, Finished, Failed, Cancelled, Interrupted };
QString runStatusName(RunStatus status);
std::optional<RunStatus> parseRunStatus(const QString& name);

struct EpochMetrics {
    int epoch = 0;  // 1 for the first epoch
    std::optional<double> loss;
    std::optional<double> validationLoss;
    std::optional<double> accuracy;  // 0..1
};

struct TrainingRun {
    qint64 id = 0;
    QString method;
    QString model;  // model fingerprint
    QJsonObject hyperparameters;
    qint64 seed = 0;
    RunStatus status = RunStatus::Running;
    QDateTime startedAt;
    QDateTime finishedAt;  // invalid while running
    QJsonObject metrics;
    QString exportPath;
    std::vector<EpochMetrics> epochs;  // ordered by epoch
    bool hasHead = false;              // a trained head is stored (ProjectStore::runHead)
};

// The trained head of a finished run, kept so that the run can be exported
// later. The store keeps both parts as given and does not interpret them.
struct RunHead {
    QByteArray weights;       // safetensors bytes, as in an exported head.safetensors
    QJsonObject description;  // class names, templates, model and training facts
};

struct ClassScore {
    qint64 classId = 0;
    float probability = 0.0f;
};

struct Prediction {
    qint64 imageId = 0;
    qint64 classId = 0;  // the top class
    float confidence = 0.0f;
    std::vector<ClassScore> scores;
    std::optional<qint64> runId;
    QDateTime time;
};

// Storage type of cached vectors. Float16 halves the size, and reading converts back to float32.
enum class VectorPrecision { Float16, Float32 };

struct ImageEmbedding {
    QString sha256;
    int augmentation = 0;  // 0 for the plain image, 1.. for augmented views
    std::vector<float> vector;
};

struct TextEmbedding {
    QString prompt;
    std::vector<float> vector;
};

struct ClassCounts {
    ClassInfo info;
    int examples = 0;
    int labeled = 0;  // all labels of the class, examples included
};

struct ProjectSummary {
    int schemaVersion = 0;
    qint64 images = 0;
    qint64 labeled = 0;
    std::map<LabelSource, qint64> labelsBySource;
    std::vector<ClassCounts> classes;  // in display order
    qint64 imageEmbeddings = 0;
    qint64 textEmbeddings = 0;
    qint64 runs = 0;
};

}  // namespace fewshot::store
