#pragma once

// The CLIP embeddings of a project's labeled images and the text prototypes
// of its classes, for the project variants of `fewshot train` and `evaluate`.

#include "engine/feature_dataset.h"
#include "engine/feature_matrix.h"
#include "engine/head_folder.h"
#include "pipeline/clip_session.h"
#include "store/project_store.h"

#include <QCommandLineParser>
#include <QString>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace fewshot::cli {

// Opens the project's CLIP model: --model DIR, else the folder the project
// recorded the last time --model was given. Records --model in the project.
// Throws UsageError when neither is there.
std::unique_ptr<ClipSession> openProjectSession(const QCommandLineParser& parser, store::ProjectStore& project);

// The labeled images of a project that could be embedded, in image id order,
// with the class prototypes from the project's prompts and templates.
struct LabeledEmbeddings {
    std::vector<std::string> classNames;  // display order; labels index into it
    std::vector<std::string> templates;   // the active template set's, or the default template
    std::vector<std::string> classTexts;  // what stands for "{}" in prompts: the class's prompt text or name
    std::vector<std::vector<std::string>> classPrompts;  // each class's full prompts, its templates filled in
    engine::FeatureMatrix prototypes;     // [classes, dim], L2-normalized
    float logitScale = 100.0f;
    std::vector<qint64> imageIds;
    std::vector<std::string> paths;       // absolute image paths
    std::vector<store::LabelSource> sources;
    std::vector<int64_t> labels;          // class indices
    engine::FeatureMatrix embeddings;     // [images, dim], as stored in the embedding cache
    int unreadable = 0;                   // labeled images left out because they could not be read

    // Rows whose label class is `classIndex`, in image order.
    std::vector<int64_t> rowsOfClass(int64_t classIndex) const;
};

// Embeds the labeled images of `project`, reading vectors from the project's
// embedding cache and encoding (then caching) the missing ones. Each image
// that cannot be read is reported on stderr and left out. Throws Error when
// the project has fewer than two classes.
LabeledEmbeddings embedLabeledImages(store::ProjectStore& project, const ClipSession& session);

// The description of a head trained on the project, for its export.
engine::HeadDescription describeProjectHead(const ClipSession& session, const LabeledEmbeddings& data);

// Builds a k-shot evaluation set from the labeled images, as the desktop
// application's evaluation page does. Each class's images are shuffled with a
// fixed seed and split in half: support sets are drawn from one half, and the
// other half is the test set. Throws Error naming a class with fewer than two images.
engine::FeatureDataset evaluationDataset(const LabeledEmbeddings& data, const QString& projectFile);

// The shot counts of 1, 2, 4, 8 and 16 that every class of `dataset` can supply.
std::vector<int> availableShots(const engine::FeatureDataset& dataset);

}  // namespace fewshot::cli
