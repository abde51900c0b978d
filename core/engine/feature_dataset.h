#pragma once

#include "engine/feature_matrix.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace fewshot::engine {

// Cached CLIP features for few-shot experiments without images, read from a
// folder with:
//   text_prototypes.npy [C, D]   one zero-shot text embedding per class
//   pool_features.npy   [P, D]   labelled embeddings that support sets are drawn from
//   pool_labels.npy     [P]      integer class indices
//   test_features.npy   [T, D]   embeddings used only for measuring accuracy
//   test_labels.npy     [T]
//   expected.json                optional; its "supports" object maps "<k>-shot-seed<s>"
//                                to lists of pool indices, the fixed support sets
//   class_names.txt              optional; one class name per line
struct FeatureDataset {
    std::filesystem::path folder;
    FeatureMatrix textPrototypes;
    FeatureMatrix poolFeatures;
    std::vector<int64_t> poolLabels;
    FeatureMatrix testFeatures;
    std::vector<int64_t> testLabels;
    std::map<std::string, std::vector<int64_t>> fixedSupports;
    std::vector<std::string> classNames;  // the class indices as text when the folder has none

    int64_t classCount() const { return textPrototypes.rows; }
};

// Reads and checks the folder. Throws Error naming the file for a missing
// file, a shape that does not match the others, or a label or support index
// out of range.
FeatureDataset loadFeatureDataset(const std::filesystem::path& folder);

// The key of a fixed support set in expected.json, e.g. "4-shot-seed2".
std::string supportKey(int shots, int seed);

// Draws `shots` pool indices per class with a seeded shuffle, in class order.
// Throws Error when a class has fewer than `shots` samples.
std::vector<int64_t> sampleSupport(const std::vector<int64_t>& labels, int64_t classCount,
                                   int shots, uint64_t seed);

// The support set for (shots, seed): the fixed list when the folder has one,
// a seeded sample otherwise. Sets `fixed` to say which, when given.
std::vector<int64_t> supportIndices(const FeatureDataset& dataset, int shots, int seed,
                                    bool* fixed = nullptr);

}  // namespace fewshot::engine
