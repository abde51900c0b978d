#include "engine/synthetic_features.h"

#include <cmath>
#include <random>

namespace fewshot::engine {
namespace {

std::vector<float> randomUnitVector(int64_t dimension, std::mt19937_64& random)
{
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<float> vector(static_cast<size_t>(dimension));
    double squares = 0.0;
    for (float& value : vector) {
        value = normal(random);
        squares += static_cast<double>(value) * value;
    }
    const float scale = static_cast<float>(1.0 / std::sqrt(squares));
    for (float& value : vector)
        value *= scale;
    return vector;
}

}  // namespace

SyntheticFeatures makeSyntheticFeatures(const SyntheticFeatureSpec& spec, int64_t perClass,
                                        uint64_t sampleSeed)
{
    const int64_t dimension = spec.dimension;
    std::mt19937_64 classRandom(spec.seed);
    const std::vector<float> shared = randomUnitVector(dimension, classRandom);
    const std::vector<float> sharedText = randomUnitVector(dimension, classRandom);
    std::vector<std::vector<float>> textDirections;
    std::vector<std::vector<float>> visualDirections;
    SyntheticFeatures result;
    result.textPrototypes = FeatureMatrix(spec.classCount, dimension);
    for (int64_t c = 0; c < spec.classCount; ++c) {
        textDirections.push_back(randomUnitVector(dimension, classRandom));
        visualDirections.push_back(randomUnitVector(dimension, classRandom));
        // Prototypes resemble each other through the shared text direction, as
        // CLIP prompt embeddings do.
        float* prototype = result.textPrototypes.row(c);
        for (int64_t d = 0; d < dimension; ++d)
            prototype[d] = 1.5f * sharedText[static_cast<size_t>(d)] + textDirections.back()[static_cast<size_t>(d)];
    }
    result.textPrototypes = normalizeRows(result.textPrototypes);

    std::mt19937_64 sampleRandom(sampleSeed * 0x9E3779B97F4A7C15ull + spec.seed);
    std::normal_distribution<float> normal(0.0f, static_cast<float>(spec.noiseWeight / std::sqrt(dimension)));
    result.features = FeatureMatrix(spec.classCount * perClass, dimension);
    for (int64_t c = 0; c < spec.classCount; ++c) {
        for (int64_t i = 0; i < perClass; ++i) {
            float* row = result.features.row(c * perClass + i);
            for (int64_t d = 0; d < dimension; ++d) {
                const size_t k = static_cast<size_t>(d);
                row[d] = static_cast<float>(spec.sharedWeight * shared[k]
                                            + spec.textWeight * textDirections[static_cast<size_t>(c)][k]
                                            + spec.visualWeight * visualDirections[static_cast<size_t>(c)][k])
                         + normal(sampleRandom);
            }
            result.labels.push_back(c);
        }
    }
    result.features = normalizeRows(result.features);
    return result;
}

}  // namespace fewshot::engine
