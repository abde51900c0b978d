#pragma once

#include "engine/feature_matrix.h"

#include <cstdint>
#include <vector>

namespace fewshot::engine {

// Classification quality of predicted probabilities against true labels.
struct ClassificationMetrics {
    double accuracy = 0.0;                  // fraction correct
    double macroF1 = 0.0;  // unweighted mean of per-class F1 over classes seen or predicted
    double expectedCalibrationError = 0.0;  // equal-width confidence bins
    std::vector<double> perClassRecall;     // NaN for a class with no samples
    // confusion[true][predicted] counts.
    std::vector<std::vector<int64_t>> confusion;
};

// Computes the metrics of the argmax predictions of `probabilities` [N, C].
// Calibration error uses `calibrationBins` equal-width bins of the top-class
// confidence.
// A class that is never predicted has precision and F1 of 0. Throws Error when
// the label count differs from the row count or a label is out of range.
ClassificationMetrics computeMetrics(const FeatureMatrix& probabilities,
                                     const std::vector<int64_t>& labels, int calibrationBins = 15);

}  // namespace fewshot::engine
