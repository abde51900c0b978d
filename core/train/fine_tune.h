#pragma once

// Full fine-tuning of CLIP's image encoder (optionally the text encoder too)
// as a classifier: the class text embeddings, initialized from the zero-shot
// prototypes, are the classifier weights, as in FLYP and WiSE-FT (Wortsman et
// al., 2022, "Robust fine-tuning of zero-shot models"). AdamW with a linear
// warm-up and a cosine decay, label smoothing, class-balanced loss weights or
// oversampling, augmentation, optional gradient checkpointing and autocast,
// and WiSE-FT interpolation of the fine-tuned and original weights at the end.
//
// The public interface uses plain types, so command-line and GUI code call it
// without including LibTorch.

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace fewshot {

class ClipModel;

namespace train {

// Random changes applied to each training image, each switchable because some
// are wrong for some images (flips and colour changes for many medical ones).
struct AugmentationOptions {
    bool resizedCrop = true;  // a random crop of 80% to 100% of the area, resized back
    bool horizontalFlip = true;
    bool colorJitter = true;  // brightness, contrast and saturation by up to 20%
    bool rotation = true;     // up to 15 degrees either way
    bool translation = true;  // up to 10% of the size in each direction

    bool any() const { return resizedCrop || horizontalFlip || colorJitter || rotation || translation; }
    static AugmentationOptions none() { return {false, false, false, false, false}; }
};

struct FineTuneOptions {
    int epochs = 10;
    int batchSize = 16;
    double learningRate = 1e-5;
    double weightDecay = 0.01;
    double warmupFraction = 0.1;  // of all steps, with a linear warm-up
    double labelSmoothing = 0.1;
    bool trainTextEncoder = false;
    // WiSE-FT: the saved weights are (1 - r) * original + r * fine-tuned. 1
    // keeps the fine-tuned weights; smaller values keep more of the zero-shot
    // model's robustness.
    double wiseRatio = 0.5;
    // Recomputes each transformer block's activations in the backward pass
    // instead of keeping them: about a third more compute, far less memory.
    bool gradientCheckpointing = false;
    std::string autocast = "none";  // "none", "bfloat16", or "float16" (CUDA only)
    AugmentationOptions augmentation;
    bool classBalanced = true;  // weight the loss by inverse class frequency
    // Draw every class equally often instead of weighting the loss.
    bool oversample = false;
    // Stop when the validation loss has not improved for this many epochs
    // (with validation images only); the best epoch's weights are kept.
    int patience = 3;
    uint64_t seed = 1;
};

// The training data, preprocessed: pixels as the model's encoder takes them.
struct FineTuneData {
    std::vector<float> pixels;  // float32 [images, 3, S, S]
    std::vector<int64_t> labels;
    std::vector<float> validationPixels;  // may be empty
    std::vector<int64_t> validationLabels;
    // Unit-length zero-shot class embeddings [classes, dim]: the classifier's
    // starting weights.
    std::vector<float> prototypes;
    // With trainTextEncoder: the token ids of each class's prompts (one per
    // template). The class embedding is their normalized mean.
    std::vector<std::vector<std::vector<int64_t>>> classPrompts;
    // The preprocessing's normalization, for colour augmentation.
    std::vector<float> mean = {0.48145466f, 0.4578275f, 0.40821073f};
    std::vector<float> deviation = {0.26862954f, 0.26130258f, 0.27577711f};
};

struct FineTuneProgress {
    int epoch = 0;  // epochs finished
    int epochs = 0;
    int64_t step = 0;  // optimizer steps done
    int64_t totalSteps = 0;
    double trainingLoss = std::numeric_limits<double>::quiet_NaN();  // mean over the last epoch
    double validationLoss = std::numeric_limits<double>::quiet_NaN();
    double validationAccuracy = std::numeric_limits<double>::quiet_NaN();
    double learningRate = 0.0;
    double elapsedSeconds = 0.0;
    double remainingSeconds = 0.0;  // estimated from the steps so far
};

struct FineTuneResult {
    // Class weights after interpolation: logit scale times unit-length rows
    // [classes, dim], for the image embeddings of the saved checkpoint.
    std::vector<float> classWeights;
    int64_t classes = 0;
    int64_t dim = 0;
    int epochs = 0;        // epochs run
    int bestEpoch = 0;     // whose weights were kept (the last without validation)
    double trainingLoss = 0.0;
    double seconds = 0.0;
};

// Fine-tunes a copy of `model` (which stays unchanged) and writes the
// interpolated weights as a Hugging Face CLIPModel checkpoint (config.json
// and model.safetensors) into `outputFolder`. `progress` is called after
// every epoch and may be empty; `cancel` is polled before every step and
// makes the function throw engine::Cancelled, writing nothing. Throws Error
// for invalid options or data.
FineTuneResult fineTune(const ClipModel& model, const FineTuneData& data, const FineTuneOptions& options,
                        const std::string& outputFolder,
                        const std::function<void(const FineTuneProgress&)>& progress,
                        const std::function<bool()>& cancel);

// Estimated seconds of fineTune for `images` training images on this
// machine: the architecture's operations per step against a short measurement
// of the matrix-product speed. A rough figure, for telling the user before
// the job starts.
double estimateFineTuneSeconds(const ClipModel& model, int64_t images, int64_t validationImages,
                               const FineTuneOptions& options);

// Applies the augmentation to preprocessed pixels [count, 3, S, S] in place,
// for the normalization mean and standard deviation of the preprocessing; deterministic
// under `seed`. Exposed for tests and for augmented cached features.
void augmentPixels(std::vector<float>& pixels, int64_t count, int64_t size, const AugmentationOptions& options,
                   const std::vector<float>& mean, const std::vector<float>& deviation, uint64_t seed);

}  // namespace train
}  // namespace fewshot
