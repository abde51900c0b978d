#include "engine/metrics.h"

#include "base/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace fewshot::engine {
namespace {

double macroF1(const std::vector<std::vector<int64_t>>& confusion)
{
    const size_t classCount = confusion.size();
    double sum = 0.0;
    size_t present = 0;
    for (size_t c = 0; c < classCount; ++c) {
        int64_t truePositives = confusion[c][c];
        int64_t actual = 0;
        int64_t predicted = 0;
        for (size_t other = 0; other < classCount; ++other) {
            actual += confusion[c][other];
            predicted += confusion[other][c];
        }
        if (actual + predicted == 0)
            continue;
        ++present;
        sum += 2.0 * static_cast<double>(truePositives) / static_cast<double>(actual + predicted);
    }
    return present > 0 ? sum / static_cast<double>(present) : 0.0;
}

}  // namespace

ClassificationMetrics computeMetrics(const FeatureMatrix& probabilities,
                                     const std::vector<int64_t>& labels, int calibrationBins)
{
    if (static_cast<int64_t>(labels.size()) != probabilities.rows)
        throw Error("got " + std::to_string(labels.size()) + " labels for "
                    + std::to_string(probabilities.rows) + " predictions");
    const int64_t classCount = probabilities.cols;
    ClassificationMetrics metrics;
    metrics.confusion.assign(static_cast<size_t>(classCount),
                             std::vector<int64_t>(static_cast<size_t>(classCount), 0));
    std::vector<double> binConfidence(static_cast<size_t>(calibrationBins), 0.0);
    std::vector<double> binCorrect(static_cast<size_t>(calibrationBins), 0.0);
    std::vector<int64_t> binCount(static_cast<size_t>(calibrationBins), 0);

    int64_t correct = 0;
    for (int64_t i = 0; i < probabilities.rows; ++i) {
        const float* row = probabilities.row(i);
        const int64_t predicted = std::max_element(row, row + classCount) - row;
        const int64_t label = labels[static_cast<size_t>(i)];
        if (label < 0 || label >= classCount)
            throw Error("label " + std::to_string(label) + " is out of range for "
                        + std::to_string(classCount) + " classes");
        ++metrics.confusion[static_cast<size_t>(label)][static_cast<size_t>(predicted)];
        const bool hit = predicted == label;
        correct += hit ? 1 : 0;

        // Bin b covers confidences in (b / bins, (b + 1) / bins].
        const double confidence = row[predicted];
        int bin = static_cast<int>(std::ceil(confidence * calibrationBins)) - 1;
        bin = std::clamp(bin, 0, calibrationBins - 1);
        binConfidence[static_cast<size_t>(bin)] += confidence;
        binCorrect[static_cast<size_t>(bin)] += hit ? 1.0 : 0.0;
        ++binCount[static_cast<size_t>(bin)];
    }

    const double total = static_cast<double>(std::max<int64_t>(probabilities.rows, 1));
    metrics.accuracy = static_cast<double>(correct) / total;
    for (int b = 0; b < calibrationBins; ++b)
        metrics.expectedCalibrationError +=
            std::abs(binCorrect[static_cast<size_t>(b)] - binConfidence[static_cast<size_t>(b)]) / total;
    metrics.macroF1 = macroF1(metrics.confusion);
    for (int64_t c = 0; c < classCount; ++c) {
        int64_t actual = 0;
        for (int64_t value : metrics.confusion[static_cast<size_t>(c)])
            actual += value;
        metrics.perClassRecall.push_back(
            actual > 0 ? static_cast<double>(metrics.confusion[static_cast<size_t>(c)][static_cast<size_t>(c)])
                             / static_cast<double>(actual)
                       : std::numeric_limits<double>::quiet_NaN());
    }
    return metrics;
}

}  // namespace fewshot::engine
