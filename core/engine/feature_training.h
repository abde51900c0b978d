#pragma once

#include "engine/feature_dataset.h"
#include "engine/head_folder.h"
#include "engine/method.h"
#include "engine/metrics.h"

#include <memory>
#include <string>

namespace fewshot::engine {

// A method trained on one support set of a feature folder.
struct FeatureTraining {
    std::unique_ptr<FewShotMethod> method;
    ClassificationMetrics testMetrics;  // on the folder's test features
    HeadDescription description;        // ready for exportHeadFolder
};

// Trains `method` on the (shots, seed) support set of the folder, the fixed
// list when it has one, and measures it on the test features. Throws Error
// for an unknown or image-only method or too few pool samples, and Cancelled
// when options.cancel returns true.
FeatureTraining trainOnFeatures(const FeatureDataset& dataset, const std::string& method, int shots, int seed,
                                FitOptions options = {});

}  // namespace fewshot::engine
