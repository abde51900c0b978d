#pragma once

#include "ui/model_types.h"
#include "ui/project_snapshot.h"

#include "engine/feature_dataset.h"

#include <QHash>
#include <QString>

#include <vector>

namespace fewshot::ui {

// Embedded images with their labels as class indices into snapshot.classes.
struct LabeledFeatures {
    std::vector<qint64> imageIds;
    std::vector<EmbeddingVector> rows;
    std::vector<int64_t> labels;
};

enum class LabelFilter { All, Examples, NonExamples };

// The labeled images that have an embedding, in image order. Images whose
// embedding is still missing are left out.
LabeledFeatures labeledFeatures(const ProjectSnapshot& snapshot,
                                const QHash<QString, EmbeddingVector>& embeddings, LabelFilter filter);

// Names of the classes that have no embedded image in `features`.
QStringList classesWithoutImages(const ProjectSnapshot& snapshot, const LabeledFeatures& features);

// A k-shot evaluation set from the project's labeled images: each class's
// images are shuffled with `seed` and split in half, one half to draw support
// sets from and the other to measure on. Classes need at least two labeled
// images. `shots` receives the shot counts that every class can supply
// (from 1, 2, 4, 8, 16). Throws fewshot::Error saying which class has too few.
engine::FeatureDataset evaluationDataset(const ProjectSnapshot& snapshot,
                                         const QHash<QString, EmbeddingVector>& embeddings,
                                         const std::vector<float>& prototypes, qint64 dim,
                                         uint64_t seed, std::vector<int>& shots);

}  // namespace fewshot::ui
