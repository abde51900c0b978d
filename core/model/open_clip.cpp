#include "model/open_clip.h"

#include "base/error.h"
#include "base/json_file.h"

#include <nlohmann/json.hpp>

#include <regex>

namespace fewshot {
namespace {

using nlohmann::json;

int64_t integerOr(const json& object, const char* key, int64_t fallback, const std::string& where)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return fallback;
    if (!it->is_number_integer())
        throw Error(where + ": '" + key + "' must be an integer, got " + it->dump());
    return it->get<int64_t>();
}

double numberOr(const json& object, const char* key, double fallback, const std::string& where)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return fallback;
    if (!it->is_number())
        throw Error(where + ": '" + key + "' must be a number, got " + it->dump());
    return it->get<double>();
}

// True when `key` is present with a value other than null, false, "" or the
// given default, i.e. when the checkpoint asks for a feature.
bool requests(const json& object, const char* key, const json& defaultValue = nullptr)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null() || *it == defaultValue)
        return false;
    if (it->is_boolean())
        return it->get<bool>();
    if (it->is_string())
        return !it->get<std::string>().empty();
    return true;
}

void rejectUnsupported(const json& object, const std::string& where,
                       std::initializer_list<std::pair<const char*, const char*>> features)
{
    for (const auto& [key, description] : features)
        if (requests(object, key))
            throw Error(where + ": " + description + " ('" + key
                        + "') is not supported; FewShot Studio implements plain CLIP ViT towers");
}

void readVision(const json& vision, ClipConfig& config, const std::string& where)
{
    if (vision.contains("layers") && vision["layers"].is_array())
        throw Error(where + ": a ResNet image tower (vision_cfg.layers is a list) is not supported; "
                            "FewShot Studio implements plain CLIP ViT towers");
    rejectUnsupported(vision, where,
                      {{"timm_model_name", "a timm image tower"},
                       {"attentional_pool", "attentional pooling"},
                       {"global_average_pool", "global average pooling"},
                       {"no_ln_pre", "an image tower without the pre-transformer layer norm"},
                       {"final_ln_after_pool", "layer norm after pooling"},
                       {"input_patchnorm", "patch normalization"},
                       {"ls_init_value", "layer scale"},
                       {"act_kwargs", "custom activation settings"},
                       {"norm_kwargs", "custom normalization settings"}});
    if (requests(vision, "pool_type", "tok"))
        throw Error(where + ": image pooling '" + vision["pool_type"].dump()
                    + "' is not supported (only the class token, 'tok')");
    if (requests(vision, "pos_embed_type", "learnable"))
        throw Error(where + ": position embedding '" + vision["pos_embed_type"].dump() + "' is not supported");

    auto& tower = config.vision;
    tower.imageSize = integerOr(vision, "image_size", 224, where);
    tower.patchSize = integerOr(vision, "patch_size", 16, where);
    tower.hiddenSize = integerOr(vision, "width", 768, where);
    tower.numLayers = integerOr(vision, "layers", 12, where);
    const int64_t headWidth = integerOr(vision, "head_width", 64, where);
    if (headWidth <= 0 || tower.hiddenSize % headWidth != 0)
        throw Error(where + ": vision width " + std::to_string(tower.hiddenSize) + " is not a multiple of head_width "
                    + std::to_string(headWidth));
    tower.numHeads = tower.hiddenSize / headWidth;
    tower.intermediateSize = static_cast<int64_t>(tower.hiddenSize * numberOr(vision, "mlp_ratio", 4.0, where));
}

void readText(const json& text, ClipConfig& config, const std::string& where)
{
    rejectUnsupported(text, where,
                      {{"hf_model_name", "a Hugging Face text tower"},
                       {"hf_tokenizer_name", "a Hugging Face tokenizer"},
                       {"proj_bias", "a text projection with bias"},
                       {"embed_cls", "a class token in the text tower"},
                       {"no_causal_mask", "a text tower without causal mask"},
                       {"ls_init_value", "layer scale"},
                       {"act_kwargs", "custom activation settings"},
                       {"norm_kwargs", "custom normalization settings"}});
    if (requests(text, "pool_type", "argmax"))
        throw Error(where + ": text pooling " + text["pool_type"].dump()
                    + " is not supported (only pooling at the end token, 'argmax')");
    if (requests(text, "proj_type", "linear"))
        throw Error(where + ": text projection " + text["proj_type"].dump() + " is not supported");

    auto& tower = config.text;
    tower.maxPositions = integerOr(text, "context_length", 77, where);
    tower.vocabSize = integerOr(text, "vocab_size", 49408, where);
    tower.hiddenSize = integerOr(text, "width", 512, where);
    tower.numHeads = integerOr(text, "heads", 8, where);
    tower.numLayers = integerOr(text, "layers", 12, where);
    tower.intermediateSize = static_cast<int64_t>(tower.hiddenSize * numberOr(text, "mlp_ratio", 4.0, where));
    // OpenCLIP pools at the largest token id, which the placeholder 2 selects.
    tower.eosTokenId = 2;
}

}  // namespace

ClipConfig readOpenClipConfig(const std::string& path)
{
    const json root = readJsonFile(path);
    if (!root.is_object())
        throw Error(path + ": expected a JSON object");
    const json model = root.contains("model_cfg") ? root["model_cfg"] : root;
    if (!model.is_object())
        throw Error(path + ": 'model_cfg' must be an object");
    for (const char* key : {"multimodal_cfg", "custom_text", "text_decoder_cfg"})
        if (requests(model, key))
            throw Error(path + ": '" + key + "' describes a model other than CLIP (such as CoCa), which is not supported");
    if (requests(model, "init_logit_bias"))
        throw Error(path + ": a logit bias ('init_logit_bias', as in SigLIP) is not supported");
    if (!model.contains("vision_cfg") || !model["vision_cfg"].is_object())
        throw Error(path + ": 'vision_cfg' is missing");
    if (!model.contains("text_cfg") || !model["text_cfg"].is_object())
        throw Error(path + ": 'text_cfg' is missing");

    ClipConfig config;
    config.projectionDim = integerOr(model, "embed_dim", 512, path);
    readVision(model["vision_cfg"], config, path + " vision_cfg");
    readText(model["text_cfg"], config, path + " text_cfg");
    const bool quickGelu = model.value("quick_gelu", false);
    config.text.hiddenAct = config.vision.hiddenAct = quickGelu ? "quick_gelu" : "gelu";
    config.validate(path);
    config.name = describeArchitecture(config);
    return config;
}

std::map<std::string, torch::Tensor> convertOpenAiKeys(const std::map<std::string, torch::Tensor>& tensors)
{
    static const std::regex block(R"(^(visual\.)?transformer\.resblocks\.(\d+)\.(.+)$)");
    static const std::map<std::string, std::string> blockParts = {
        {"ln_1", "layer_norm1"},      {"ln_2", "layer_norm2"},         {"mlp.c_fc", "mlp.fc1"},
        {"mlp.c_proj", "mlp.fc2"},    {"attn.out_proj", "self_attn.out_proj"}};
    static const std::map<std::string, std::string> renames = {
        {"visual.conv1.weight", "vision_model.embeddings.patch_embedding.weight"},
        {"visual.class_embedding", "vision_model.embeddings.class_embedding"},
        {"visual.positional_embedding", "vision_model.embeddings.position_embedding.weight"},
        {"visual.ln_pre.weight", "vision_model.pre_layrnorm.weight"},
        {"visual.ln_pre.bias", "vision_model.pre_layrnorm.bias"},
        {"visual.ln_post.weight", "vision_model.post_layernorm.weight"},
        {"visual.ln_post.bias", "vision_model.post_layernorm.bias"},
        {"token_embedding.weight", "text_model.embeddings.token_embedding.weight"},
        {"positional_embedding", "text_model.embeddings.position_embedding.weight"},
        {"ln_final.weight", "text_model.final_layer_norm.weight"},
        {"ln_final.bias", "text_model.final_layer_norm.bias"},
        {"logit_scale", "logit_scale"}};

    std::map<std::string, torch::Tensor> converted;
    for (const auto& [key, tensor] : tensors) {
        std::smatch match;
        if (const auto renamed = renames.find(key); renamed != renames.end()) {
            converted[renamed->second] = tensor;
        } else if (key == "visual.proj" || key == "text_projection") {
            // OpenAI stores projections as [width, dim] for x @ proj; Linear wants [dim, width].
            converted[key == "visual.proj" ? "visual_projection.weight" : "text_projection.weight"] = tensor.t();
        } else if (std::regex_match(key, match, block)) {
            const std::string tower = match[1].matched ? "vision_model" : "text_model";
            const std::string prefix = tower + ".encoder.layers." + match[2].str() + ".";
            const std::string rest = match[3];
            if (rest == "attn.in_proj_weight" || rest == "attn.in_proj_bias") {
                // The fused projection stacks q, k and v along the first dimension.
                const auto parts = tensor.chunk(3, 0);
                const std::string suffix = rest == "attn.in_proj_weight" ? ".weight" : ".bias";
                converted[prefix + "self_attn.q_proj" + suffix] = parts[0];
                converted[prefix + "self_attn.k_proj" + suffix] = parts[1];
                converted[prefix + "self_attn.v_proj" + suffix] = parts[2];
                continue;
            }
            const auto dot = rest.rfind('.');
            const auto part = blockParts.find(rest.substr(0, dot));
            converted[part == blockParts.end() ? key : prefix + part->second + rest.substr(dot)] = tensor;
        } else {
            converted[key] = tensor;
        }
    }
    return converted;
}

}  // namespace fewshot
