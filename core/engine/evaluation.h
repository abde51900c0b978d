#pragma once

#include "engine/feature_dataset.h"
#include "engine/method.h"
#include "engine/metrics.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace fewshot::engine {

// The k-shot protocol: for each number of shots and each seed, train every
// method on that support set and measure it on the test features.
struct EvaluationSettings {
    std::vector<std::string> methods = featureMethodNames();
    std::vector<int> shots = {1, 2, 4, 8, 16};
    std::vector<int> seeds = {1, 2, 3};
    FitOptions fitOptions;  // its seed is replaced by each run's seed
    // Makes a method by name; createMethod when empty. Callers with a CLIP
    // model pass one that also makes the methods that need the text encoder.
    std::function<std::unique_ptr<FewShotMethod>(const std::string& name)> createMethod;
    // Called after each run, e.g. to print progress.
    std::function<void(const std::string& method, int shots, int seed,
                       const ClassificationMetrics& metrics)> runFinished;
};

// One trained and measured (method, shots, seed).
struct EvaluationRun {
    std::string method;
    int shots = 0;
    int seed = 0;
    bool fixedSupport = false;  // the support came from the folder's fixed lists
    ClassificationMetrics metrics;
    double fitSeconds = 0.0;
    nlohmann::json hyperparameters;
};

// Mean and spread over the seeds of one (method, shots).
struct EvaluationSummary {
    std::string method;
    int shots = 0;
    int runs = 0;
    double accuracyMean = 0.0;
    double accuracyStd = 0.0;  // population standard deviation over seeds, as numpy.std
    double macroF1Mean = 0.0;
    double macroF1Std = 0.0;
    double eceMean = 0.0;
    double fitSecondsMean = 0.0;
    std::vector<double> perClassRecallMean;
    std::vector<std::vector<int64_t>> confusion;  // summed over seeds
};

struct EvaluationReport {
    std::vector<std::string> classNames;
    std::vector<EvaluationRun> runs;
    std::vector<EvaluationSummary> summaries;  // methods in the requested order, then shots
};

// Runs the protocol. Throws Error for an unknown or image-only method, for a
// class with too few pool samples, and Cancelled when fitOptions.cancel returns true.
EvaluationReport runKShotEvaluation(const FeatureDataset& dataset, const EvaluationSettings& settings);

// {"results": [one object per summary], "runs": [...], "class_names": [...]}.
nlohmann::json reportToJson(const EvaluationReport& report);

// Accuracy in percent as "mean ± std", methods as rows and shots as columns.
std::string markdownTable(const EvaluationReport& report);

// One line per summary: method,shots,runs,accuracy_mean,accuracy_std,macro_f1_mean,ece_mean.
std::string csvTable(const EvaluationReport& report);

}  // namespace fewshot::engine
