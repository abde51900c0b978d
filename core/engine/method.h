#pragma once

#include "base/error.h"
#include "engine/classifier_head.h"
#include "engine/feature_matrix.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace fewshot::engine {

// Thrown by FewShotMethod::fit when the cancel callback asked it to stop. The
// method keeps the state it had before the call.
class Cancelled : public Error {
public:
    Cancelled() : Error("training was cancelled") {}
};

// A progress report from a running fit. Values a stage does not have are NaN.
struct FitProgress {
    std::string stage;  // "cross-validation", "fit" or "fine-tuning"
    int step = 0;       // steps done in this stage
    int totalSteps = 0; // upper bound, because cross-validation may stop early
    double trainingLoss = std::numeric_limits<double>::quiet_NaN();
    double validationLoss = std::numeric_limits<double>::quiet_NaN();      // held-out log loss
    double validationAccuracy = std::numeric_limits<double>::quiet_NaN();  // held-out accuracy
    double learningRate = std::numeric_limits<double>::quiet_NaN();        // fine-tuning only
    double elapsedSeconds = 0.0;  // since fit started
};

struct LinearProbeOptions {
    // Penalize the distance of each class's weights from its zero-shot
    // embedding (the constrained linear probe) instead of their norm.
    bool anchorToZeroShot = true;
    // Candidate penalty strengths, tried from the strongest. The one with the
    // lowest cross-validated log loss on the support set wins. The penalty term
    // penalty / 2 * |shift|^2 is weighed against the sum (not the mean) of the
    // sample losses, so a penalty acts like 1 / C in scikit-learn. A single
    // value skips cross-validation, so no support sample is held out.
    std::vector<double> penaltyGrid = {10.0, 1.0, 0.1, 0.01, 1e-3, 1e-4};
    int maxIterations = 200;             // L-BFGS iterations of the final fit
    int crossValidationIterations = 20;  // L-BFGS iterations per penalty and fold, warm-started
    // Up to this many shots per class, cross-validation leaves one sample per
    // class out (one fold per shot). With more shots it uses manyShotFolds folds.
    int maxFolds = 4;
    int manyShotFolds = 2;
};

struct TipAdapterOptions {
    // Candidate blend weights, scored by leave-one-out log loss on the support
    // set. The wide alpha range is needed when all image embeddings are close
    // (a large shared component), which makes the cache affinities nearly flat.
    std::vector<double> alphaGrid = {0.0,  0.25,  0.5,   1.0,   2.0,   4.0,    8.0,    16.0,
                                     32.0, 64.0, 128.0, 256.0, 512.0, 1024.0, 2048.0, 4096.0};
    std::vector<double> betaGrid = {1.0, 2.0, 4.0, 8.0, 16.0, 32.0};
    // Leave-one-out scores at most this many support samples, the same number
    // from each class, which bounds the search cost for large support sets.
    // The cache always contains every support sample.
    int maxScoredSamples = 512;
    // Used when no support sample can be scored (one shot per class). They are
    // close to the starting values in the official Tip-Adapter configurations
    // (github.com/gaopengcuhk/Tip-Adapter, configs/*.yaml: init_alpha 1.17 to 2,
    // init_beta 1).
    double defaultAlpha = 1.0;
    double defaultBeta = 1.0;
    // Tip-Adapter-F: AdamW fine-tuning of the cache keys, with the learning rate
    // following a cosine decay to zero.
    int epochs = 20;
    double learningRate = 1e-3;
    double weightDecay = 0.01;
    int batchSize = 256;
    int maxFolds = 4;  // cross-fitting folds that choose the epochs and alpha
};

// Settings of one fit, in the style of a parameter struct with defaults.
struct FitOptions {
    uint64_t seed = 1;            // folds and batch order; equal seeds give equal results
    bool classBalanced = true;    // weight the loss by inverse class frequency
    double logitScale = 100.0;    // CLIP's clamped logit scale, used for zero-shot logits
    LinearProbeOptions linearProbe;
    TipAdapterOptions tipAdapter;

    std::function<void(const FitProgress&)> progress;  // may be empty
    // Polled between optimizer steps; returning true makes fit throw Cancelled.
    std::function<bool()> cancel;
};

// A few-shot classification method that works on cached CLIP embeddings.
// Support and prototype rows are L2-normalized inside fit, so raw embeddings
// may be passed. Labels are class indices into the prototype rows.
class FewShotMethod {
public:
    virtual ~FewShotMethod() = default;

    virtual std::string name() const = 0;

    // Trains on the support set. Throws Error for invalid inputs and Cancelled
    // when cancelled. Either way the previous head is kept.
    void fit(const FeatureMatrix& support, const std::vector<int64_t>& labels,
             const FeatureMatrix& textPrototypes, const FitOptions& options = {});

    bool isFitted() const { return fitted_; }

    // The trained head; throws Error before the first successful fit.
    const ClassifierHead& head() const;

    // Chosen hyperparameters and cross-validation scores of the last fit.
    const nlohmann::json& hyperparameters() const { return hyperparameters_; }

    FeatureMatrix predictProbabilities(const FeatureMatrix& features) const;

protected:
    struct FitResult {
        ClassifierHead head;
        nlohmann::json hyperparameters;
    };
    // Receives validated, L2-normalized inputs.
    virtual FitResult fitNormalized(const FeatureMatrix& support, const std::vector<int64_t>& labels,
                                    const FeatureMatrix& textPrototypes,
                                    const FitOptions& options) = 0;

private:
    ClassifierHead head_;
    nlohmann::json hyperparameters_;
    bool fitted_ = false;
};

// Methods that train on cached features, in the order evaluations list them.
const std::vector<std::string>& featureMethodNames();

// Methods that need the image (and text) encoder and so cannot run on features.
const std::vector<std::string>& imageMethodNames();

// Creates a feature-based method by name. Throws Error for an unknown name and
// for a method that needs images, saying so.
std::unique_ptr<FewShotMethod> createMethod(const std::string& name);

// Throws Error unless the inputs can be fitted: matching dimensions, one label
// per support row, labels in range, at least one sample of every class, and
// finite values.
void validateTrainingInputs(const FeatureMatrix& support, const std::vector<int64_t>& labels,
                            const FeatureMatrix& textPrototypes);

}  // namespace fewshot::engine
