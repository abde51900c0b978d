#include "cli/demo_pretraining.h"

#include "base/error.h"
#include "base/json_file.h"
#include "demo/demo_generator.h"
#include "engine/threads.h"
#include "model/checkpoint_writer.h"
#include "text/bpe_trainer.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstring>
#include <filesystem>

namespace fewshot::cli {
namespace {

ClipConfig demoArchitecture(const DemoPretrainSettings& settings, const Tokenizer& tokenizer)
{
    ClipConfig config;
    for (TowerConfig* tower : {static_cast<TowerConfig*>(&config.text), static_cast<TowerConfig*>(&config.vision)}) {
        tower->hiddenSize = settings.width;
        tower->intermediateSize = 4 * settings.width;
        tower->numHeads = settings.heads;
        tower->numLayers = settings.layers;
        tower->hiddenAct = "quick_gelu";
    }
    config.text.vocabSize = tokenizer.vocabSize();
    config.text.maxPositions = settings.contextLength;
    config.text.eosTokenId = tokenizer.endToken();
    config.vision.imageSize = settings.imageSize;
    config.vision.patchSize = settings.patchSize;
    config.projectionDim = settings.projectionDim;
    config.validate(settings.outputFolder);
    return config;
}

Tokenizer learnDemoVocabulary(const DemoPretrainSettings& settings)
{
    std::vector<std::string> captions;
    captions.reserve(static_cast<size_t>(settings.vocabularyCaptions));
    for (int64_t index = 0; index < settings.vocabularyCaptions; ++index)
        captions.push_back(demo::generateSample(settings.seed, static_cast<uint64_t>(index)).caption);
    writeBpeVocabulary(learnBpeVocabulary(captions), settings.outputFolder);
    return Tokenizer::fromFolder(settings.outputFolder);
}

void writeTrainingRecord(const DemoPretrainSettings& settings, const DemoPretrainResult& result,
                         const std::vector<double>& lossCurve)
{
    nlohmann::ordered_json record;
    record["generator"] = "demo";
    record["seed"] = settings.seed;
    record["steps"] = settings.steps;
    record["steps_done"] = result.training.steps;
    record["batch_size"] = settings.batchSize;
    record["warmup_steps"] = settings.warmupSteps;
    record["learning_rate"] = settings.learningRate;
    record["weight_decay"] = settings.weightDecay;
    record["threads"] = engine::computeThreads();
    record["vocabulary_captions"] = settings.vocabularyCaptions;
    record["vocabulary_size"] = result.vocabularySize;
    record["parameters"] = result.parameterCount;
    record["final_loss"] = result.training.finalLoss;
    record["wall_seconds"] = result.training.seconds;
    record["stopped_by_time_limit"] = result.stoppedByTimeLimit;
    record["loss_every_50_steps"] = lossCurve;
    writeFileAtomically(std::filesystem::path(settings.outputFolder) / "training.json", record.dump(2) + "\n");
}

}  // namespace

void writePreprocessorConfig(const std::string& path, int64_t size)
{
    const PreprocessConfig clip;  // CLIP's mean and standard deviation
    const nlohmann::ordered_json config = {
        {"crop_size", {{"height", size}, {"width", size}}},
        {"do_center_crop", true},
        {"do_convert_rgb", true},
        {"do_normalize", true},
        {"do_rescale", true},
        {"do_resize", true},
        {"image_mean", clip.mean},
        {"image_processor_type", "CLIPImageProcessor"},
        {"image_std", clip.std},
        {"resample", 3},  // bicubic
        {"rescale_factor", 1.0 / 255.0},
        {"size", {{"shortest_edge", size}}},
    };
    writeFileAtomically(path, config.dump(2) + "\n");
}

train::ContrastiveBatch makeDemoBatch(const Tokenizer& tokenizer, const PreprocessConfig& preprocess, uint64_t seed,
                                      int64_t firstIndex, int64_t batchSize, int64_t contextLength)
{
    const int64_t size = preprocess.cropSize;
    auto pixels = torch::empty({batchSize, 3, size, size});
    std::vector<std::vector<int64_t>> ids;
    size_t longest = 0;
    // Each run of classCount samples shows one scene with every defect class
    // in turn, so that within such a group the captions can only be matched
    // by the defect: hard negatives by construction, which teach the image
    // tower to see defects long before random batches would.
    const auto classCount = static_cast<int64_t>(demo::defectClassNames().size());
    for (int64_t i = 0; i < batchSize; ++i) {
        const int64_t index = firstIndex + i;
        demo::DemoSample sample = demo::generateSample(seed, static_cast<uint64_t>(index / classCount),
                                                       static_cast<int>(index % classCount));
        const RgbImage image{sample.width, sample.height, std::move(sample.rgb)};
        const std::vector<float> values = preprocessImage(image, preprocess);
        std::memcpy(pixels[i].data_ptr<float>(), values.data(), values.size() * sizeof(float));
        ids.push_back(tokenizer.tokenize(sample.caption, static_cast<int>(contextLength)));
        longest = std::max(longest, ids.back().size());
    }
    auto tokenIds = torch::zeros({batchSize, static_cast<int64_t>(longest)}, torch::kLong);
    for (int64_t i = 0; i < batchSize; ++i) {
        const auto& row = ids[static_cast<size_t>(i)];
        std::memcpy(tokenIds[i].data_ptr<int64_t>(), row.data(), row.size() * sizeof(int64_t));
    }
    return {pixels, tokenIds};
}

DemoPretrainResult pretrainDemoModel(const DemoPretrainSettings& settings)
{
    if (settings.batchSize < 2)
        throw Error("the batch size must be at least 2, got " + std::to_string(settings.batchSize));
    if (settings.imageSize != demo::kImageSize)
        throw Error("the demo generator draws " + std::to_string(demo::kImageSize) + "-pixel images, so the image size must be "
                    + std::to_string(demo::kImageSize) + ", got " + std::to_string(settings.imageSize));
    const auto log = [&](const std::string& line) {
        if (settings.log)
            settings.log(line);
    };
    std::error_code error;
    std::filesystem::create_directories(settings.outputFolder, error);
    if (error)
        throw Error(settings.outputFolder + ": cannot create the folder: " + error.message());
    engine::setComputeThreads(settings.threads);

    DemoPretrainResult result;
    log("Learning the BPE vocabulary from " + std::to_string(settings.vocabularyCaptions) + " captions");
    const Tokenizer tokenizer = learnDemoVocabulary(settings);
    result.vocabularySize = tokenizer.vocabSize();

    const ClipConfig config = demoArchitecture(settings, tokenizer);
    ClipModules modules(config);
    train::initializeClipWeights(*modules, settings.seed);
    for (const auto& parameter : modules->parameters())
        result.parameterCount += parameter.numel();
    log("Training " + describeArchitecture(config) + " with " + std::to_string(result.parameterCount) + " parameters on "
        + std::to_string(engine::computeThreads()) + " threads");

    PreprocessConfig preprocess;
    preprocess.resizeShortestEdge = preprocess.cropSize = static_cast<int>(settings.imageSize);
    const auto start = std::chrono::steady_clock::now();
    std::vector<double> lossCurve;
    train::ContrastiveOptions options;
    options.steps = settings.steps;
    options.warmupSteps = std::min(settings.warmupSteps, settings.steps);
    options.learningRate = settings.learningRate;
    options.weightDecay = settings.weightDecay;
    options.seed = settings.seed;
    options.progress = [&](const train::TrainProgress& progress) {
        if (progress.step % 50 == 0 || progress.step == progress.totalSteps)
            lossCurve.push_back(progress.loss);
        if (settings.progress)
            settings.progress(progress);
    };
    options.cancel = [&] {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        result.stoppedByTimeLimit = settings.timeLimitSeconds > 0.0 && elapsed > settings.timeLimitSeconds;
        return result.stoppedByTimeLimit;
    };
    train::ContrastiveTrainer trainer(*modules, options);
    result.training = trainer.run([&](int64_t step) {
        return makeDemoBatch(tokenizer, preprocess, settings.seed, step * settings.batchSize, settings.batchSize,
                             settings.contextLength);
    });

    const std::filesystem::path folder(settings.outputFolder);
    saveHuggingFaceCheckpoint(settings.outputFolder, *modules);
    writePreprocessorConfig((folder / "preprocessor_config.json").string(), settings.imageSize);
    writeTrainingRecord(settings, result, lossCurve);
    return result;
}

}  // namespace fewshot::cli
