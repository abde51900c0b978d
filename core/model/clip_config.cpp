#include "model/clip_config.h"

#include "base/error.h"
#include "base/json_file.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace fewshot {
namespace {

using nlohmann::json;

// Reads an integer key when present, keeping the default otherwise.
void readInteger(const json& object, const char* key, int64_t& value, const std::string& where)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return;
    if (!it->is_number_integer())
        throw Error(where + ": '" + key + "' must be an integer, got " + it->dump());
    value = it->get<int64_t>();
}

void readNumber(const json& object, const char* key, double& value, const std::string& where)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return;
    if (!it->is_number())
        throw Error(where + ": '" + key + "' must be a number, got " + it->dump());
    value = it->get<double>();
}

void readString(const json& object, const char* key, std::string& value, const std::string& where)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return;
    if (!it->is_string())
        throw Error(where + ": '" + key + "' must be a string, got " + it->dump());
    value = it->get<std::string>();
}

void readTower(const json& object, TowerConfig& tower, const std::string& where)
{
    readInteger(object, "hidden_size", tower.hiddenSize, where);
    readInteger(object, "intermediate_size", tower.intermediateSize, where);
    readInteger(object, "num_attention_heads", tower.numHeads, where);
    readInteger(object, "num_hidden_layers", tower.numLayers, where);
    readString(object, "hidden_act", tower.hiddenAct, where);
    readNumber(object, "layer_norm_eps", tower.layerNormEps, where);
}

// Merges `<name>` and `<name>_dict`: older hub files carry both (the _dict
// form wins) or only the _dict form with the other set to null.
json towerSection(const json& root, const std::string& name, const std::string& path)
{
    json section = json::object();
    for (const std::string& key : {name, name + "_dict"}) {
        const auto it = root.find(key);
        if (it == root.end() || it->is_null())
            continue;
        if (!it->is_object())
            throw Error(path + ": '" + key + "' must be an object");
        for (const auto& item : it->items())
            section[item.key()] = item.value();
    }
    return section;
}

}  // namespace

TextConfig::TextConfig()
{
    hiddenSize = 512;
    intermediateSize = 2048;
    numHeads = 8;
    numLayers = 12;
}

VisionConfig::VisionConfig()
{
    hiddenSize = 768;
    intermediateSize = 3072;
    numHeads = 12;
    numLayers = 12;
}

ClipConfig ClipConfig::fromHuggingFaceFile(const std::string& path)
{
    const json root = readJsonFile(path);
    if (!root.is_object())
        throw Error(path + ": expected a JSON object");

    std::string modelType;
    readString(root, "model_type", modelType, path);
    if (modelType == "clip_text_model" || modelType == "clip_vision_model") {
        const char* tower = modelType == "clip_text_model" ? "text" : "vision";
        throw Error(path + ": describes a CLIP " + tower
                    + " tower only (model_type '" + modelType
                    + "'); FewShot Studio needs a full CLIPModel checkpoint with both towers");
    }
    if (!modelType.empty() && modelType != "clip")
        throw Error(path + ": model_type is '" + modelType
                    + "', expected 'clip' (a Hugging Face CLIPModel folder)");

    const json textSection = towerSection(root, "text_config", path);
    const json visionSection = towerSection(root, "vision_config", path);
    if (root.find("text_config") == root.end() && root.find("text_config_dict") == root.end())
        throw Error(path + ": has no 'text_config'; expected a Hugging Face CLIPModel config.json");
    if (root.find("vision_config") == root.end() && root.find("vision_config_dict") == root.end())
        throw Error(path + ": has no 'vision_config'; expected a Hugging Face CLIPModel config.json");

    ClipConfig config;
    readTower(textSection, config.text, path + " text_config");
    readInteger(textSection, "vocab_size", config.text.vocabSize, path + " text_config");
    readInteger(textSection, "max_position_embeddings", config.text.maxPositions, path + " text_config");
    readInteger(textSection, "eos_token_id", config.text.eosTokenId, path + " text_config");

    readTower(visionSection, config.vision, path + " vision_config");
    readInteger(visionSection, "image_size", config.vision.imageSize, path + " vision_config");
    readInteger(visionSection, "patch_size", config.vision.patchSize, path + " vision_config");
    readInteger(visionSection, "num_channels", config.vision.numChannels, path + " vision_config");

    readInteger(root, "projection_dim", config.projectionDim, path);
    readNumber(root, "logit_scale_init_value", config.logitScaleInit, path);

    config.validate(path);
    config.name = describeArchitecture(config);
    return config;
}

void ClipConfig::validate(const std::string& source) const
{
    auto require = [&](bool condition, const std::string& message) {
        if (!condition)
            throw Error(source + ": " + message);
    };
    for (const auto* tower : {static_cast<const TowerConfig*>(&text), static_cast<const TowerConfig*>(&vision)}) {
        const std::string which = tower == &text ? "text" : "vision";
        require(tower->hiddenSize > 0 && tower->intermediateSize > 0 && tower->numHeads > 0
                    && tower->numLayers > 0,
                which + " tower sizes must be positive");
        require(tower->hiddenSize % tower->numHeads == 0,
                which + " hidden_size " + std::to_string(tower->hiddenSize)
                    + " is not divisible by num_attention_heads " + std::to_string(tower->numHeads));
        require(tower->hiddenAct == "quick_gelu" || tower->hiddenAct == "gelu",
                which + " hidden_act '" + tower->hiddenAct + "' is not supported (expected quick_gelu or gelu)");
        require(tower->layerNormEps > 0, which + " layer_norm_eps must be positive");
    }
    require(text.vocabSize > 0 && text.maxPositions > 1, "text vocab_size and max_position_embeddings must be positive");
    require(vision.patchSize > 0 && vision.imageSize >= vision.patchSize,
            "vision image_size must be at least patch_size");
    require(vision.imageSize % vision.patchSize == 0,
            "vision image_size " + std::to_string(vision.imageSize) + " is not a multiple of patch_size "
                + std::to_string(vision.patchSize));
    require(vision.numChannels == 3, "vision num_channels must be 3 (RGB)");
    require(projectionDim > 0, "projection_dim must be positive");
}

ClipConfig readFolderConfig(const std::string& folder)
{
    const std::string huggingFace = folder + "/config.json";
    const std::string openClip = folder + "/open_clip_config.json";
    std::error_code ec;
    if (std::filesystem::exists(huggingFace, ec) || !std::filesystem::exists(openClip, ec))
        return ClipConfig::fromHuggingFaceFile(huggingFace);
    return readOpenClipConfig(openClip);
}

std::string describeArchitecture(const ClipConfig& config)
{
    const auto& vision = config.vision;
    std::string size;
    if (vision.hiddenSize == 768 && vision.numLayers == 12)
        size = "B";
    else if (vision.hiddenSize == 1024 && vision.numLayers == 24)
        size = "L";
    else if (vision.hiddenSize == 1280 && vision.numLayers == 32)
        size = "H";
    else if (vision.hiddenSize == 1664 && vision.numLayers == 48)
        size = "bigG";
    std::string name = size.empty()
                           ? "ViT (width " + std::to_string(vision.hiddenSize) + ", "
                                 + std::to_string(vision.numLayers) + " layers)/"
                           : "ViT-" + size + "/";
    name += std::to_string(vision.patchSize);
    if (vision.imageSize != 224)
        name += "-" + std::to_string(vision.imageSize);
    return name;
}

}  // namespace fewshot
