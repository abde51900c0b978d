#pragma once

#include "engine/feature_matrix.h"

#include <cstdint>
#include <vector>

namespace fewshot::engine {

// Random features shaped like CLIP embeddings, for tests and benchmarks. Every
// image shares one direction (CLIP's modality gap). Each class has a direction
// that its text prototype also points along, and a second, visual-only
// direction that no prototype describes. Isotropic noise is added, and all
// rows have unit norm.
struct SyntheticFeatureSpec {
    int64_t classCount = 10;
    int64_t dimension = 512;
    double sharedWeight = 0.8;   // weight of the direction common to all images
    double textWeight = 0.25;    // weight of the class direction the prototype shares
    double visualWeight = 0.25;  // weight of the class direction only images show
    double noiseWeight = 0.4;    // norm of the Gaussian noise before normalization
    uint64_t seed = 1;
};

struct SyntheticFeatures {
    FeatureMatrix textPrototypes;  // [classes, dimension]
    FeatureMatrix features;        // [samples, dimension]
    std::vector<int64_t> labels;   // class of each row, perClass rows per class in order
};

// Draws `perClass` image features per class. Equal specs give equal features;
// `sampleSeed` varies the samples while keeping the classes.
SyntheticFeatures makeSyntheticFeatures(const SyntheticFeatureSpec& spec, int64_t perClass,
                                        uint64_t sampleSeed);

}  // namespace fewshot::engine
