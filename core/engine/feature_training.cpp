#include "engine/feature_training.h"

namespace fewshot::engine {

FeatureTraining trainOnFeatures(const FeatureDataset& dataset, const std::string& method, int shots, int seed,
                                FitOptions options)
{
    FeatureTraining result;
    result.method = createMethod(method);
    bool fixed = false;
    const std::vector<int64_t> indices = supportIndices(dataset, shots, seed, &fixed);
    std::vector<int64_t> labels;
    for (int64_t index : indices)
        labels.push_back(dataset.poolLabels[static_cast<size_t>(index)]);
    options.seed = static_cast<uint64_t>(seed);
    result.method->fit(selectRows(dataset.poolFeatures, indices), labels, dataset.textPrototypes, options);
    result.testMetrics =
        computeMetrics(result.method->predictProbabilities(dataset.testFeatures), dataset.testLabels);

    HeadDescription& description = result.description;
    description.method = method;
    description.classNames = dataset.classNames;
    description.hyperparameters = result.method->hyperparameters();
    description.metrics = {
        {"test_accuracy", result.testMetrics.accuracy},
        {"test_macro_f1", result.testMetrics.macroF1},
        {"test_expected_calibration_error", result.testMetrics.expectedCalibrationError},
        {"test_samples", dataset.testFeatures.rows},
    };
    description.training = {
        {"features_folder", dataset.folder.string()},
        {"shots", shots},
        {"seed", seed},
        {"support", fixed ? "fixed list " + supportKey(shots, seed) + " of expected.json" : "seeded sample of the pool"},
        {"support_size", indices.size()},
    };
    return result;
}

}  // namespace fewshot::engine
