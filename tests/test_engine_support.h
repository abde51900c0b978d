#pragma once

// Small synthetic problems shared by the engine tests.

#include "base/json_file.h"
#include "base/npy.h"
#include "engine/feature_matrix.h"
#include "engine/method.h"
#include "engine/metrics.h"
#include "engine/synthetic_features.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace fewshot::test {

struct FewShotProblem {
    engine::FeatureMatrix prototypes;
    engine::FeatureMatrix support;
    std::vector<int64_t> supportLabels;
    engine::FeatureMatrix test;
    std::vector<int64_t> testLabels;
};

// CLIP-shaped features (see SyntheticFeatureSpec), small enough to fit in
// milliseconds.
inline FewShotProblem makeProblem(int64_t shots, int64_t classes = 6, int64_t dimension = 48,
                                  uint64_t seed = 1)
{
    engine::SyntheticFeatureSpec spec;
    spec.classCount = classes;
    spec.dimension = dimension;
    spec.textWeight = 0.12;
    spec.visualWeight = 0.3;
    spec.noiseWeight = 0.6;
    spec.seed = seed;
    const auto support = engine::makeSyntheticFeatures(spec, shots, 1);
    const auto test = engine::makeSyntheticFeatures(spec, 40, 2);
    return {support.textPrototypes, support.features, support.labels, test.features, test.labels};
}

inline double testAccuracy(const engine::FewShotMethod& method, const FewShotProblem& problem)
{
    return engine::computeMetrics(method.predictProbabilities(problem.test), problem.testLabels).accuracy;
}

// Encodes labels as a 1-D int64 .npy array (NumPy format 1.0).
inline std::string encodeInt64Npy(const std::vector<int64_t>& values)
{
    std::string header = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + std::to_string(values.size()) + ",), }";
    header.append(63 - (10 + header.size()) % 64, ' ');
    header += '\n';
    std::string bytes = "\x93NUMPY";
    bytes += '\x01';
    bytes += '\x00';
    bytes += static_cast<char>(header.size() & 0xFF);
    bytes += static_cast<char>(header.size() >> 8);
    bytes += header;
    bytes.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(int64_t));
    return bytes;
}

// Writes a feature folder in the layout loadFeatureDataset reads.
inline void writeFeatureFolder(const std::filesystem::path& folder, const FewShotProblem& problem,
                               const nlohmann::json& expected)
{
    const auto writeMatrix = [&](const char* name, const engine::FeatureMatrix& matrix) {
        writeNpy(folder / name, {matrix.rows, matrix.cols}, matrix.values.data());
    };
    const auto writeLabels = [&](const char* name, const std::vector<int64_t>& labels) {
        writeFileAtomically(folder / name, encodeInt64Npy(labels));
    };
    writeMatrix("text_prototypes.npy", problem.prototypes);
    writeMatrix("pool_features.npy", problem.support);
    writeLabels("pool_labels.npy", problem.supportLabels);
    writeMatrix("test_features.npy", problem.test);
    writeLabels("test_labels.npy", problem.testLabels);
    if (!expected.is_null())
        writeFileAtomically(folder / "expected.json", expected.dump());
}

}  // namespace fewshot::test
