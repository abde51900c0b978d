#include "cli/demo_pretraining.h"

#include "base/error.h"
#include "base/json_file.h"
#include "demo/demo_generator.h"
#include "engine/threads.h"
#include "model/checkpoint_writer.h"
#include "model/zero_shot.h"
#include "text/bpe_trainer.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

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

// The seed of the held-out images checked during training, apart from the
// training stream `seed`.
uint64_t heldOutSeed(uint64_t seed)
{
    return seed + 1000003;
}

void writeTrainingRecord(const DemoPretrainSettings& settings, const DemoPretrainResult& result,
                         const std::vector<double>& lossCurve, const nlohmann::ordered_json& checks)
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
    record["held_out_seed"] = heldOutSeed(settings.seed);
    record["held_out_checks"] = checks;
    writeFileAtomically(std::filesystem::path(settings.outputFolder) / "training.json", record.dump(2) + "\n");
}

// Zero-shot accuracy of the modules being trained on a fixed set of
// held-out generated images, with the demo templates: the figure the
// training log reports as it goes.
class HeldOutCheck {
public:
    HeldOutCheck(const Tokenizer& tokenizer, const PreprocessConfig& preprocess, uint64_t seed, int64_t count,
                 int64_t contextLength)
    {
        const auto& classNames = demo::defectClassNames();
        const auto& templates = demo::defaultTemplates();
        classCount_ = static_cast<int64_t>(classNames.size());
        templateCount_ = static_cast<int64_t>(templates.size());
        pixels_ = makeDemoBatch(tokenizer, preprocess, seed, 0, count, contextLength).pixels;
        labels_ = torch::arange(count) % classCount_;  // position p shows class p % classCount

        promptIds_ = torch::zeros({classCount_ * templateCount_, contextLength}, torch::kLong);
        int64_t row = 0;
        for (const std::string& name : classNames) {
            for (const std::string& promptTemplate : templates) {
                const std::string prompt = fillTemplate(promptTemplate, name);
                const std::vector<int64_t> ids = tokenizer.tokenize(prompt, static_cast<int>(contextLength));
                std::memcpy(promptIds_[row++].data_ptr<int64_t>(), ids.data(), ids.size() * sizeof(int64_t));
            }
        }
    }

    double accuracy(ClipModulesImpl& modules) const
    {
        torch::NoGradGuard noGrad;
        // Prompt ensembling: the mean of each class's normalized template embeddings.
        // NOTE: the mean is not renormalized as ensembleClassEmbeddings() does,
        // so this figure can differ slightly from `fewshot demo-eval`.
        auto text = torch::nn::functional::normalize(modules.encodeText(promptIds_),
                                                     torch::nn::functional::NormalizeFuncOptions().dim(-1));
        text = text.view({classCount_, templateCount_, -1}).mean(1);
        auto images = modules.encodeImage(pixels_);
        const auto predicted = images.matmul(text.t()).argmax(1);
        return predicted.eq(labels_).to(torch::kDouble).mean().item<double>();
    }

private:
    torch::Tensor pixels_, labels_, promptIds_;
    int64_t classCount_ = 0, templateCount_ = 0;
};

}  // namespace

void writePreprocessorConfig(const std::string& path, int64_t size)
{
    PreprocessConfig config;  // CLIP's mean and standard deviation
    config.resizeShortestEdge = static_cast<int>(size);
    config.cropSize = static_cast<int>(size);
    config.writeFile(path);
}

train::ContrastiveBatch makeDemoBatch(const Tokenizer& tokenizer, const PreprocessConfig& preprocess, uint64_t seed,
                                      int64_t firstIndex, int64_t batchSize, int64_t contextLength)
{
    const int64_t size = preprocess.cropSize;
    auto pixels = torch::empty({batchSize, 3, size, size});
    std::vector<std::vector<int64_t>> ids;
    std::vector<int> classes;
    std::vector<bool> classCaptions;
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
        classes.push_back(sample.attributes.defectClass);
        classCaptions.push_back(sample.classCaption);
        longest = std::max(longest, ids.back().size());
    }
    auto tokenIds = torch::zeros({batchSize, static_cast<int64_t>(longest)}, torch::kLong);
    for (int64_t i = 0; i < batchSize; ++i) {
        const auto& row = ids[static_cast<size_t>(i)];
        std::memcpy(tokenIds[i].data_ptr<int64_t>(), row.data(), row.size() * sizeof(int64_t));
    }
    // A caption that names only the defect class ("a part with rust.") fits
    // every image of that class in the batch, not only its own.
    auto matches = torch::eye(batchSize);
    auto* match = matches.data_ptr<float>();
    for (int64_t i = 0; i < batchSize; ++i)
        for (int64_t j = 0; j < batchSize; ++j)
            if (classCaptions[static_cast<size_t>(j)] && classes[static_cast<size_t>(i)] == classes[static_cast<size_t>(j)])
                match[i * batchSize + j] = 1.0F;
    return {pixels, tokenIds, matches};
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
    nlohmann::ordered_json checks = nlohmann::ordered_json::array();
    std::unique_ptr<HeldOutCheck> heldOut;
    if (settings.checkEvery > 0)
        heldOut = std::make_unique<HeldOutCheck>(tokenizer, preprocess, heldOutSeed(settings.seed), settings.checkImages,
                                                 settings.contextLength);
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
        if (heldOut && (progress.step % settings.checkEvery == 0 || progress.step == progress.totalSteps)) {
            result.heldOutAccuracy = heldOut->accuracy(*modules);
            checks.push_back({{"step", progress.step}, {"zero_shot_accuracy", result.heldOutAccuracy}});
            char line[160];
            std::snprintf(line, sizeof line, "step %lld: zero-shot accuracy %.1f%% on %lld held-out images",
                          static_cast<long long>(progress.step), 100.0 * result.heldOutAccuracy,
                          static_cast<long long>(settings.checkImages));
            log(line);
        }
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
    writeTrainingRecord(settings, result, lossCurve, checks);
    return result;
}

}  // namespace fewshot::cli
