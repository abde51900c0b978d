#include "ui/feature_sets.h"

#include "base/error.h"

#include <QCoreApplication>

#include <algorithm>
#include <limits>
#include <random>

namespace fewshot::ui {
namespace {

bool accepts(LabelFilter filter, store::LabelSource source)
{
    switch (filter) {
    case LabelFilter::Examples:
        return source == store::LabelSource::Example;
    case LabelFilter::NonExamples:
        return source != store::LabelSource::Example;
    case LabelFilter::All:
        break;
    }
    return true;
}

void appendRows(engine::FeatureMatrix& matrix, std::vector<int64_t>& labels,
                const std::vector<EmbeddingVector>& rows, int64_t label, qint64 dim)
{
    for (const EmbeddingVector& row : rows) {
        matrix.values.insert(matrix.values.end(), row->begin(), row->end());
        ++matrix.rows;
        labels.push_back(label);
    }
    matrix.cols = dim;
}

}  // namespace

LabeledFeatures labeledFeatures(const ProjectSnapshot& snapshot,
                                const QHash<QString, EmbeddingVector>& embeddings, LabelFilter filter)
{
    LabeledFeatures features;
    for (const store::ImageInfo& image : snapshot.images) {
        const auto label = snapshot.labels.constFind(image.id);
        if (label == snapshot.labels.cend() || !accepts(filter, label->source))
            continue;
        const int classIndex = snapshot.classIndex(label->classId);
        const EmbeddingVector embedding = embeddings.value(image.sha256);
        if (classIndex < 0 || !embedding)
            continue;
        features.imageIds.push_back(image.id);
        features.rows.push_back(embedding);
        features.labels.push_back(classIndex);
    }
    return features;
}

QStringList classesWithoutImages(const ProjectSnapshot& snapshot, const LabeledFeatures& features)
{
    QStringList names;
    for (size_t c = 0; c < snapshot.classes.size(); ++c) {
        const auto index = static_cast<int64_t>(c);
        if (std::find(features.labels.begin(), features.labels.end(), index) == features.labels.end())
            names.append(snapshot.classes[c].name);
    }
    return names;
}

engine::FeatureDataset evaluationDataset(const ProjectSnapshot& snapshot,
                                         const QHash<QString, EmbeddingVector>& embeddings,
                                         const std::vector<float>& prototypes, qint64 dim,
                                         uint64_t seed, std::vector<int>& shots)
{
    const LabeledFeatures all = labeledFeatures(snapshot, embeddings, LabelFilter::All);
    const size_t classCount = snapshot.classes.size();
    engine::FeatureDataset dataset;
    dataset.textPrototypes = engine::FeatureMatrix(static_cast<int64_t>(classCount), dim, prototypes);
    dataset.poolFeatures.cols = dim;
    dataset.testFeatures.cols = dim;

    std::mt19937_64 random(seed);
    int smallestPool = std::numeric_limits<int>::max();
    for (size_t c = 0; c < classCount; ++c) {
        std::vector<EmbeddingVector> rows;
        for (size_t i = 0; i < all.rows.size(); ++i) {
            if (all.labels[i] == static_cast<int64_t>(c))
                rows.push_back(all.rows[i]);
        }
        if (rows.size() < 2)
            throw Error(QCoreApplication::translate("fewshot::ui::FeatureSets",
                                                    "The class %1 has %n labeled image(s) with an "
                                                    "embedding; the evaluation needs at least 2 per "
                                                    "class. Label more images of it first.",
                                                    nullptr, static_cast<int>(rows.size()))
                            .arg(snapshot.classes[c].name)
                            .toStdString());
        std::shuffle(rows.begin(), rows.end(), random);
        const size_t half = rows.size() / 2;
        const std::vector<EmbeddingVector> pool(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(half));
        const std::vector<EmbeddingVector> test(rows.begin() + static_cast<std::ptrdiff_t>(half), rows.end());
        appendRows(dataset.poolFeatures, dataset.poolLabels, pool, static_cast<int64_t>(c), dim);
        appendRows(dataset.testFeatures, dataset.testLabels, test, static_cast<int64_t>(c), dim);
        smallestPool = std::min(smallestPool, static_cast<int>(half));
        dataset.classNames.push_back(snapshot.classes[c].name.toStdString());
    }
    shots.clear();
    for (int k : {1, 2, 4, 8, 16}) {
        if (k <= smallestPool)
            shots.push_back(k);
    }
    return dataset;
}

}  // namespace fewshot::ui
