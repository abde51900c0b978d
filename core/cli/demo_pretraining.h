#pragma once

// The recipe of the demo CLIP: a byte-level BPE vocabulary learned from
// generated captions, then a small CLIP trained from random weights on
// generated image-caption pairs, written as a Hugging Face CLIPModel folder.

#include "image/preprocess.h"
#include "text/tokenizer.h"
#include "train/contrastive_trainer.h"

#include <cstdint>
#include <functional>
#include <string>

namespace fewshot::cli {

struct DemoPretrainSettings {
    std::string outputFolder;
    uint64_t seed = 0;            // the training stream of generated samples and the initial weights
    int64_t steps = 4800;
    int64_t batchSize = 64;
    int64_t warmupSteps = 100;
    double learningRate = 1e-3;
    double weightDecay = 0.1;
    int threads = 0;              // LibTorch intra-op threads; 0 means one per core

    // Architecture: both towers share width and depth.
    int64_t width = 128;
    int64_t layers = 4;
    int64_t heads = 4;
    int64_t projectionDim = 128;
    int64_t imageSize = 64;
    int64_t patchSize = 8;
    int64_t contextLength = 32;   // the longest caption is about 20 tokens

    int64_t vocabularyCaptions = 20000;  // captions the BPE vocabulary is learned from
    // Every this many steps, and after the last, the log reports zero-shot
    // accuracy on `checkImages` held-out generated images; 0 turns it off.
    int64_t checkEvery = 250;
    int64_t checkImages = 400;
    // Stops training after this many seconds and writes the model as it is; 0 means no limit.
    double timeLimitSeconds = 0.0;

    std::function<void(const train::TrainProgress&)> progress;
    std::function<void(const std::string&)> log;  // one line per stage
};

struct DemoPretrainResult {
    train::TrainResult training;
    int64_t vocabularySize = 0;
    int64_t parameterCount = 0;
    bool stoppedByTimeLimit = false;
    double heldOutAccuracy = -1.0;  // the last held-out check, or -1 when none ran
};

// Runs the whole recipe and writes config.json, model.safetensors,
// preprocessor_config.json, vocab.json, merges.txt and training.json into
// settings.outputFolder (created if missing). Throws Error for invalid
// settings or files that cannot be written.
DemoPretrainResult pretrainDemoModel(const DemoPretrainSettings& settings);

// Makes the training batch of positions firstIndex .. firstIndex+batchSize-1
// of the stream `seed`: position p shows scene p / 8 with defect class p % 8,
// so a batch starting at a multiple of 8 holds whole groups of one scene with
// all 8 classes. Returns preprocessed pixels, token ids padded with 0 to the
// batch's longest caption, and the matches: a caption that only names a
// defect class matches every image of that class.
train::ContrastiveBatch makeDemoBatch(const Tokenizer& tokenizer, const PreprocessConfig& preprocess, uint64_t seed,
                                      int64_t firstIndex, int64_t batchSize, int64_t contextLength);

// Writes a Hugging Face preprocessor_config.json for square images of `size`
// pixels with CLIP's mean and standard deviation.
void writePreprocessorConfig(const std::string& path, int64_t size);

}  // namespace fewshot::cli
