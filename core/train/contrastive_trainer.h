#pragma once

// Contrastive training of the CLIP towers with the symmetric cross-entropy
// loss of the CLIP paper (Radford et al., 2021): each image's caption is the
// right class among the batch's captions and each caption's image among the
// batch's images. Used to pretrain the demo model from scratch and meant for
// full fine-tuning of a loaded checkpoint too. Includes LibTorch, so only
// model, training and test code include it.

#include "model/clip_modules.h"

#include <torch/torch.h>

#include <cstdint>
#include <functional>

namespace fewshot::train {

// One batch of matching image-text pairs: row i of each is one pair.
struct ContrastiveBatch {
    torch::Tensor pixels;    // float32 [batch, 3, size, size], preprocessed
    torch::Tensor tokenIds;  // int64 [batch, tokens], start and end tokens included, padded with 0
    // Optional float [batch, batch]: 1 where text j fits image i as well as
    // its own caption does (the diagonal is 1). Undefined means that only
    // identical texts match, as identicalTextMatches() computes.
    torch::Tensor matches;
};

struct TrainProgress {
    int64_t step = 0;         // optimizer steps done
    int64_t totalSteps = 0;
    double loss = 0.0;        // loss of the last step's batch
    double learningRate = 0.0;
    double logitScale = 0.0;  // exp(logit_scale) after the step
    double elapsedSeconds = 0.0;
};

struct ContrastiveOptions {
    int64_t steps = 1000;
    // Linear warm-up from near zero to learningRate over these steps, then a
    // cosine decay to minLearningRate at the last step.
    int64_t warmupSteps = 100;
    double learningRate = 5e-4;
    double minLearningRate = 0.0;
    // AdamW settings. Weight decay applies to matrices only; biases, norms,
    // the class embedding and logit_scale are not decayed, as in CLIP training.
    double weightDecay = 0.1;
    double beta1 = 0.9;
    double beta2 = 0.98;
    double epsilon = 1e-6;
    // Gradients are rescaled to at most this global L2 norm; 0 disables clipping.
    double maxGradientNorm = 1.0;
    // Seeds LibTorch's generator when run() starts, for any random operation
    // in the forward pass. Batches and initial weights are seeded by their makers.
    uint64_t seed = 0;

    // Called after every step; may be empty.
    std::function<void(const TrainProgress&)> progress;
    // Polled before every step; returning true ends run() early.
    std::function<bool()> cancel;
};

// The learning rate of step `step` (counting from 0) under the options' schedule.
double learningRateAt(const ContrastiveOptions& options, int64_t step);

// The symmetric loss of [batch, batch] image-by-text logits whose diagonal
// holds the matching pairs: the mean of the image-to-text and text-to-image
// cross-entropies.
torch::Tensor contrastiveLoss(const torch::Tensor& logitsPerImage);

// The loss when an image may have several matching texts, as in UniCL (Yang
// et al., 2022, "Unified Contrastive Learning in Image-Text-Label Space").
// Each image's target spreads evenly over the texts that match it in
// `matches` [batch, batch], and each text's target over the images it
// matches, so those pairs are not treated as wrong. Equals the loss above
// when `matches` is the identity.
torch::Tensor contrastiveLoss(const torch::Tensor& logitsPerImage, const torch::Tensor& matches);

// The match matrix of texts that repeat within a batch, as class prompts do:
// 1 where the token ids of texts i and j are equal.
torch::Tensor identicalTextMatches(const torch::Tensor& tokenIds);

struct TrainResult {
    int64_t steps = 0;       // steps done
    bool cancelled = false;
    double finalLoss = 0.0;  // loss of the last step
    double seconds = 0.0;
};

// Trains the modules in place with the loss over the batch's matches
// (identical texts when the batch gives none), AdamW on all parameters, the warm-up and
// cosine schedule, and logit_scale clamped to [0, ln 100] after each step as
// the reference training does.
class ContrastiveTrainer {
public:
    // Throws Error when the options are out of range (no steps, negative rates).
    ContrastiveTrainer(ClipModulesImpl& modules, ContrastiveOptions options);

    // One optimizer step on the batch at the schedule's current position.
    // Returns the batch's loss before the step. Throws Error for batches of
    // mismatched or too small size.
    double trainStep(const ContrastiveBatch& batch);

    // Runs the remaining steps, asking `nextBatch` for the batch of each step
    // index, and reports progress after each. Stops early when cancel returns
    // true; the modules keep the weights of the last finished step.
    TrainResult run(const std::function<ContrastiveBatch(int64_t step)>& nextBatch);

    int64_t stepsDone() const { return step_; }

private:
    ClipModulesImpl& modules_;
    ContrastiveOptions options_;
    std::unique_ptr<torch::optim::AdamW> optimizer_;
    int64_t step_ = 0;
};

// Sets random initial weights for training from scratch, deterministic under
// `seed`: normal weights scaled by width and, for the layers that write into
// the residual stream, by depth, so activations keep their size through the
// towers; zero biases, layer norms at one and zero, logit_scale at the
// config's initial value (ln(1/0.07) by default).
void initializeClipWeights(ClipModulesImpl& modules, uint64_t seed);

}  // namespace fewshot::train
