#include "pipeline/clip_session.h"

#include "base/error.h"
#include "base/json_file.h"
#include "model/zero_shot.h"

#include <QString>

#include <filesystem>

namespace fewshot {
namespace {

namespace fs = std::filesystem;

Tokenizer loadTokenizer(const std::string& modelFolder, const std::string& tokenizerFolder)
{
    const fs::path folder = tokenizerFolder.empty() ? fs::path(modelFolder) : fs::path(tokenizerFolder);
    if (tokenizerFolder.empty() && !fs::exists(folder / "vocab.json"))
        throw Error((folder / "vocab.json").string()
                    + ": file not found; the checkpoint ships no tokenizer, so name a folder with "
                      "vocab.json and merges.txt (--tokenizer DIR)");
    return Tokenizer::fromFolder(folder.string());
}

// Reads mean and std from OpenCLIP's `preprocess_cfg`. Only the reference
// transform (bicubic, shortest side, centre crop) is implemented, so other
// settings are rejected instead of giving different pixels.
void readOpenClipPreprocess(const fs::path& path, PreprocessConfig& config)
{
    const auto root = readJsonFile(path);
    if (!root.is_object() || !root.contains("preprocess_cfg") || !root["preprocess_cfg"].is_object())
        return;
    const auto& preprocess = root["preprocess_cfg"];
    for (const char* key : {"mean", "std"}) {
        if (!preprocess.contains(key))
            continue;
        const auto& values = preprocess[key];
        if (!values.is_array() || values.size() != 3 || !values[0].is_number() || !values[1].is_number()
            || !values[2].is_number())
            throw Error(path.string() + ": preprocess_cfg '" + key + "' must be three numbers");
        auto& target = std::string(key) == "mean" ? config.mean : config.std;
        for (size_t i = 0; i < 3; ++i)
            target[i] = values[i].get<float>();
    }
    const auto setting = [&](const char* key) { return preprocess.value(key, std::string()); };
    if (!setting("interpolation").empty() && setting("interpolation") != "bicubic")
        throw Error(path.string() + ": preprocess_cfg interpolation '" + setting("interpolation")
                    + "' is not supported (only bicubic)");
    if (!setting("resize_mode").empty() && setting("resize_mode") != "shortest")
        throw Error(path.string() + ": preprocess_cfg resize_mode '" + setting("resize_mode")
                    + "' is not supported (only shortest)");
}

}  // namespace

PreprocessConfig readPreprocessConfig(const std::string& modelFolder, int64_t imageSize)
{
    const fs::path path = fs::path(modelFolder) / "preprocessor_config.json";
    PreprocessConfig config;
    config.resizeShortestEdge = static_cast<int>(imageSize);
    config.cropSize = static_cast<int>(imageSize);
    const fs::path openClipPath = fs::path(modelFolder) / "open_clip_config.json";
    if (!fs::exists(path) && fs::exists(openClipPath))
        readOpenClipPreprocess(openClipPath, config);
    if (!fs::exists(path))
        return config;
    config = PreprocessConfig::fromFile(path.string());
    if (config.cropSize != imageSize)
        throw Error(path.string() + ": crop_size " + std::to_string(config.cropSize)
                    + " does not match the model's image_size " + std::to_string(imageSize) + " in config.json");
    return config;
}

std::unique_ptr<ClipSession> ClipSession::open(const std::string& folder, const SessionOptions& options)
{
    if (options.batchSize < 1)
        throw Error("batch size must be at least 1");
    std::unique_ptr<ClipSession> session(new ClipSession());
    session->options_ = options;
    session->batchLimit_ = options.batchSize;
    session->model_ = ClipModel::load(folder, options.model);
    session->tokenizer_.emplace(loadTokenizer(folder, options.tokenizerFolder));
    session->preprocess_ = readPreprocessConfig(folder, session->model_->imageSize());
    return session;
}

std::vector<float> ClipSession::preprocessFile(const std::string& path) const
{
    return preprocessImage(readImage(path, options_.imageRead), preprocess_);
}

ImageEmbeddings ClipSession::encodeImageFiles(const std::vector<std::string>& paths,
                                              const ImageErrorHandler& onError) const
{
    ImageEmbeddings result;
    result.dim = model_->embeddingDim();
    const size_t pixelsPerImage = static_cast<size_t>(3 * preprocess_.cropSize * preprocess_.cropSize);
    std::vector<float> batch;
    std::vector<size_t> batchIndices;

    auto flush = [&] {
        if (batchIndices.empty())
            return;
        const auto embeddings = encodeImageBatch(batch.data(), static_cast<int64_t>(batchIndices.size()));
        result.values.insert(result.values.end(), embeddings.begin(), embeddings.end());
        result.indices.insert(result.indices.end(), batchIndices.begin(), batchIndices.end());
        batch.clear();
        batchIndices.clear();
    };

    for (size_t i = 0; i < paths.size(); ++i) {
        try {
            const auto pixels = preprocessFile(paths[i]);
            batch.insert(batch.end(), pixels.begin(), pixels.begin() + static_cast<std::ptrdiff_t>(pixelsPerImage));
            batchIndices.push_back(i);
        } catch (const Error& e) {
            if (onError)
                onError(i, e.what());
        }
        if (batchIndices.size() >= static_cast<size_t>(batchLimit_.load()))
            flush();
    }
    flush();
    result.batchSize = batchLimit_.load();
    return result;
}

std::vector<float> ClipSession::encodeImageBatch(const float* pixels, int64_t count) const
{
    try {
        return model_->encodeImages(pixels, count);
    } catch (const OutOfMemoryError& e) {
        if (count == 1)
            throw OutOfMemoryError(std::string(e.what())
                                   + ". Not even one image fits in memory: close other programs or use a smaller model.");
        const int64_t half = count / 2;
        // Later batches start at the smaller size instead of failing again first.
        int limit = batchLimit_.load();
        while (half < limit && !batchLimit_.compare_exchange_weak(limit, static_cast<int>(half))) {
        }
        const size_t pixelsPerImage = static_cast<size_t>(3 * preprocess_.cropSize * preprocess_.cropSize);
        std::vector<float> embeddings = encodeImageBatch(pixels, half);
        const std::vector<float> rest = encodeImageBatch(pixels + static_cast<size_t>(half) * pixelsPerImage, count - half);
        embeddings.insert(embeddings.end(), rest.begin(), rest.end());
        return embeddings;
    }
}

std::vector<float> ClipSession::encodeTexts(const std::vector<std::string>& texts) const
{
    const int64_t dim = model_->embeddingDim();
    std::vector<float> result(texts.size() * static_cast<size_t>(dim));
    std::vector<size_t> missing;
    {
        std::lock_guard<std::mutex> lock(cacheMutex_);
        for (size_t i = 0; i < texts.size(); ++i) {
            const auto cached = textCache_.find(texts[i]);
            if (cached == textCache_.end())
                missing.push_back(i);
            else
                std::copy(cached->second.begin(), cached->second.end(), result.begin() + static_cast<std::ptrdiff_t>(i * dim));
        }
    }
    const auto contextLength = static_cast<int>(model_->config().text.maxPositions);
    for (size_t start = 0; start < missing.size(); start += static_cast<size_t>(options_.batchSize)) {
        const size_t end = std::min(missing.size(), start + static_cast<size_t>(options_.batchSize));
        std::vector<std::vector<int64_t>> ids;
        for (size_t k = start; k < end; ++k)
            ids.push_back(tokenizer_->tokenize(texts[missing[k]], contextLength));
        const auto embeddings = model_->encodeTexts(ids);
        std::lock_guard<std::mutex> lock(cacheMutex_);
        for (size_t k = start; k < end; ++k) {
            const auto first = embeddings.begin() + static_cast<std::ptrdiff_t>((k - start) * dim);
            std::copy(first, first + dim, result.begin() + static_cast<std::ptrdiff_t>(missing[k] * dim));
            textCache_[texts[missing[k]]] = std::vector<float>(first, first + dim);
        }
    }
    return result;
}

std::vector<float> ClipSession::classEmbeddings(const std::vector<std::string>& classNames,
                                                const std::vector<std::string>& templates) const
{
    if (classNames.empty())
        throw Error("no classes given");
    if (templates.empty())
        throw Error("no prompt templates given");
    std::vector<std::string> prompts;
    for (const auto& name : classNames)
        for (const auto& promptTemplate : templates)
            prompts.push_back(fillTemplate(promptTemplate, name));
    const auto embeddings = encodeTexts(prompts);
    return ensembleClassEmbeddings(embeddings, static_cast<int64_t>(classNames.size()),
                                   static_cast<int64_t>(templates.size()), model_->embeddingDim());
}

ZeroShotResult ClipSession::zeroShot(const std::vector<float>& imageEmbeddings,
                                     const std::vector<float>& classEmbeddings) const
{
    const int64_t dim = model_->embeddingDim();
    ZeroShotResult result;
    result.classes = static_cast<int64_t>(classEmbeddings.size()) / dim;
    result.logits = cosineLogits(imageEmbeddings, classEmbeddings, dim, model_->logitScale());
    result.probabilities = softmaxRows(result.logits, result.classes);
    return result;
}

std::string preprocessCacheKey(const PreprocessConfig& preprocess)
{
    return QStringLiteral("clip-bicubic-%1-%2-%3,%4,%5-%6,%7,%8")
        .arg(preprocess.resizeShortestEdge)
        .arg(preprocess.cropSize)
        .arg(preprocess.mean[0]).arg(preprocess.mean[1]).arg(preprocess.mean[2])
        .arg(preprocess.std[0]).arg(preprocess.std[1]).arg(preprocess.std[2])
        .toStdString();
}

}  // namespace fewshot
