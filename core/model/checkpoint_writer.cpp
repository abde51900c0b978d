#include "model/checkpoint_writer.h"

#include "base/error.h"
#include "base/json_file.h"
#include "model/clip_modules.h"
#include "model/safetensors.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace fewshot {
namespace {

nlohmann::json towerJson(const TowerConfig& tower)
{
    return {{"hidden_size", tower.hiddenSize},
            {"intermediate_size", tower.intermediateSize},
            {"num_attention_heads", tower.numHeads},
            {"num_hidden_layers", tower.numLayers},
            {"hidden_act", tower.hiddenAct},
            {"layer_norm_eps", tower.layerNormEps}};
}

}  // namespace

void writeHuggingFaceConfig(const std::string& path, const ClipConfig& config)
{
    nlohmann::json text = towerJson(config.text);
    text["vocab_size"] = config.text.vocabSize;
    text["max_position_embeddings"] = config.text.maxPositions;
    text["eos_token_id"] = config.text.eosTokenId;
    text["projection_dim"] = config.projectionDim;
    text["model_type"] = "clip_text_model";

    nlohmann::json vision = towerJson(config.vision);
    vision["image_size"] = config.vision.imageSize;
    vision["patch_size"] = config.vision.patchSize;
    vision["num_channels"] = config.vision.numChannels;
    vision["projection_dim"] = config.projectionDim;
    vision["model_type"] = "clip_vision_model";

    const nlohmann::json root = {{"architectures", {"CLIPModel"}},
                                 {"model_type", "clip"},
                                 {"projection_dim", config.projectionDim},
                                 {"logit_scale_init_value", config.logitScaleInit},
                                 {"torch_dtype", "float32"},
                                 {"text_config", text},
                                 {"vision_config", vision}};
    writeFileAtomically(path, root.dump(2) + "\n");
}

void saveHuggingFaceCheckpoint(const std::string& folder, ClipModulesImpl& modules)
{
    std::filesystem::create_directories(folder);
    std::map<std::string, SafetensorsTensor> tensors;
    for (const auto& item : modules.named_parameters(true)) {
        const auto value = item.value().detach().to(torch::kCPU, torch::kFloat32).contiguous();
        SafetensorsTensor tensor;
        tensor.dtype = "F32";
        tensor.shape = value.sizes().vec();
        tensor.bytes.assign(static_cast<const char*>(value.data_ptr()), static_cast<size_t>(value.nbytes()));
        tensors[item.key()] = std::move(tensor);
    }
    writeSafetensors((std::filesystem::path(folder) / "model.safetensors").string(), tensors, {{"format", "pt"}});
    writeHuggingFaceConfig((std::filesystem::path(folder) / "config.json").string(), modules.config);
}

void writeRandomCheckpoint(const std::string& folder, const ClipConfig& config, uint64_t seed)
{
    config.validate(folder);
    torch::manual_seed(seed);
    ClipModules modules(config);
    torch::NoGradGuard noGrad;
    for (auto& item : modules->named_parameters(true)) {
        const std::string& name = item.key();
        auto& parameter = item.value();
        const bool isNorm = name.find("layer_norm") != std::string::npos || name.find("layernorm") != std::string::npos
                            || name.find("layrnorm") != std::string::npos;
        if (name == "logit_scale")
            parameter.fill_(config.logitScaleInit);
        else if (isNorm)
            parameter.fill_(name.size() > 6 && name.compare(name.size() - 6, 6, "weight") == 0 ? 1.0 : 0.0);
        else
            parameter.normal_(0.0, 0.02);
    }
    saveHuggingFaceCheckpoint(folder, *modules);
}

}  // namespace fewshot
