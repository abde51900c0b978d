#pragma once

// Measures a model on generated demo data: zero-shot accuracy on a held-out
// set, and the few-shot methods of the engine at a number of shots per class.

#include "engine/evaluation.h"
#include "engine/feature_matrix.h"
#include "pipeline/clip_session.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fewshot::cli {

struct DemoEvaluationSettings {
    int64_t testCount = 1000;    // held-out test images, balanced over the classes
    uint64_t testSeed = 7001;    // differs from the pretraining stream (seed 0 by default)
    uint64_t poolSeed = 7002;    // support sets are drawn from this stream
    int64_t poolPerClass = 16;   // candidates per class for the support sets
    int shots = 4;               // support images per class; 0 skips the few-shot part
    std::vector<int> supportSeeds = {1, 2, 3};
    std::vector<std::string> methods = engine::featureMethodNames();
    std::vector<std::string> templates;  // empty means demo::defaultTemplates()
    // The class names the prompts use, in the generator's class order; empty
    // means demo::defectClassNames(). The user's own names, such as codes,
    // show what few-shot examples add when the prompts do not describe the
    // classes.
    std::vector<std::string> classNames;
};

struct DemoEvaluation {
    std::vector<std::string> classNames;
    std::vector<std::string> templates;
    int64_t testCount = 0;
    double zeroShotAccuracy = 0.0;
    engine::EvaluationReport fewShot;  // empty when shots is 0
    std::string bestMethod;            // best mean accuracy among the non-zero-shot methods
    double bestAccuracy = 0.0;
};

// Encodes `count` generated samples (indices 0 .. count-1 of the stream
// `seed`) with the session's model: [count, dim] embeddings, not normalized.
// Sets `labels` to their defect classes.
engine::FeatureMatrix encodeDemoSamples(const ClipSession& session, uint64_t seed, int64_t count,
                                        std::vector<int64_t>& labels);

// Runs the measurement. Throws Error for settings out of range and what the
// engine throws.
DemoEvaluation evaluateDemoModel(const ClipSession& session, const DemoEvaluationSettings& settings);

}  // namespace fewshot::cli
