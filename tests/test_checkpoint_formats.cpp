#include "fixtures.h"
#include "model_test_support.h"

#include "base/error.h"
#include "base/json_file.h"
#include "model/checkpoint_reader.h"
#include "model/checkpoint_writer.h"
#include "model/clip_model.h"
#include "model/safetensors.h"

#include <nlohmann/json.hpp>

#include <torch/torch.h>

#include <fstream>
#include <regex>

using namespace fewshot;
using namespace fewshot::test;

namespace {

const char kTinyClip[] = "tiny-clip-hf";

std::filesystem::path tinyModel()
{
    return fixturesDir() / kTinyClip / "model";
}

std::map<std::string, torch::Tensor> hfTensors(const std::filesystem::path& folder)
{
    auto tensors = readCheckpoint(folder.string()).tensors;
    std::map<std::string, torch::Tensor> result;
    for (auto& [name, tensor] : tensors)
        if (tensor.defined())
            result[name] = tensor.clone();
    return result;
}

SafetensorsTensor toSafetensors(const torch::Tensor& value)
{
    const auto tensor = value.contiguous();
    SafetensorsTensor result;
    result.dtype = tensor.scalar_type() == torch::kBFloat16 ? "BF16"
                   : tensor.scalar_type() == torch::kFloat16 ? "F16"
                                                              : "F32";
    result.shape = tensor.sizes().vec();
    result.bytes.assign(static_cast<const char*>(tensor.data_ptr()), static_cast<size_t>(tensor.nbytes()));
    return result;
}

void writeTensors(const std::filesystem::path& path, const std::map<std::string, torch::Tensor>& tensors)
{
    std::map<std::string, SafetensorsTensor> converted;
    for (const auto& [name, tensor] : tensors)
        converted[name] = toSafetensors(tensor);
    writeSafetensors(path.string(), converted);
}

void writeTorchBin(const std::filesystem::path& path, const std::map<std::string, torch::Tensor>& tensors,
                   const std::string& prefix = "", bool wrapInStateDict = false)
{
    c10::Dict<std::string, torch::Tensor> dict;
    for (const auto& [name, tensor] : tensors)
        dict.insert(prefix + name, tensor);
    c10::IValue root(dict);
    if (wrapInStateDict) {
        c10::impl::GenericDict outer(c10::StringType::get(), c10::AnyType::get());
        outer.insert("state_dict", root);
        root = c10::IValue(outer);
    }
    const auto bytes = torch::pickle_save(root);
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The inverse of the OpenCLIP key conversion, to build OpenCLIP test folders.
std::map<std::string, torch::Tensor> toOpenAiKeys(const std::map<std::string, torch::Tensor>& hf)
{
    static const std::regex layer(R"(^(text|vision)_model\.encoder\.layers\.(\d+)\.(.+)$)");
    std::map<std::string, torch::Tensor> result;
    for (const auto& [name, tensor] : hf) {
        std::smatch match;
        if (std::regex_match(name, match, layer)) {
            const std::string prefix = (match[1] == "vision" ? "visual." : "") + std::string("transformer.resblocks.")
                                       + match[2].str() + ".";
            std::string rest = match[3];
            if (rest.rfind("self_attn.q_proj.", 0) == 0) {
                const std::string suffix = rest.substr(rest.rfind('.') + 1);
                const std::string base = name.substr(0, name.size() - rest.size()) + "self_attn.";
                result[prefix + "attn.in_proj_" + suffix] = torch::cat(
                    {hf.at(base + "q_proj." + suffix), hf.at(base + "k_proj." + suffix), hf.at(base + "v_proj." + suffix)});
                continue;
            }
            if (rest.find("_proj.") != std::string::npos && rest.find("out_proj") == std::string::npos)
                continue;
            rest = std::regex_replace(rest, std::regex("^layer_norm1"), "ln_1");
            rest = std::regex_replace(rest, std::regex("^layer_norm2"), "ln_2");
            rest = std::regex_replace(rest, std::regex("^mlp\\.fc1"), "mlp.c_fc");
            rest = std::regex_replace(rest, std::regex("^mlp\\.fc2"), "mlp.c_proj");
            rest = std::regex_replace(rest, std::regex("^self_attn\\.out_proj"), "attn.out_proj");
            result[prefix + rest] = tensor;
            continue;
        }
        static const std::map<std::string, std::string> names = {
            {"vision_model.embeddings.patch_embedding.weight", "visual.conv1.weight"},
            {"vision_model.embeddings.class_embedding", "visual.class_embedding"},
            {"vision_model.embeddings.position_embedding.weight", "visual.positional_embedding"},
            {"vision_model.pre_layrnorm.weight", "visual.ln_pre.weight"},
            {"vision_model.pre_layrnorm.bias", "visual.ln_pre.bias"},
            {"vision_model.post_layernorm.weight", "visual.ln_post.weight"},
            {"vision_model.post_layernorm.bias", "visual.ln_post.bias"},
            {"text_model.embeddings.token_embedding.weight", "token_embedding.weight"},
            {"text_model.embeddings.position_embedding.weight", "positional_embedding"},
            {"text_model.final_layer_norm.weight", "ln_final.weight"},
            {"text_model.final_layer_norm.bias", "ln_final.bias"},
            {"logit_scale", "logit_scale"}};
        if (name == "visual_projection.weight")
            result["visual.proj"] = tensor.t().contiguous();
        else if (name == "text_projection.weight")
            result["text_projection"] = tensor.t().contiguous();
        else
            result[names.at(name)] = tensor;
    }
    return result;
}

// The fixture architecture as OpenCLIP describes it.
nlohmann::json openClipConfig()
{
    return {{"model_cfg",
             {{"embed_dim", 48},
              {"quick_gelu", true},
              {"vision_cfg", {{"image_size", 32}, {"layers", 2}, {"width", 64}, {"patch_size", 8}, {"head_width", 16}}},
              {"text_cfg", {{"context_length", 77}, {"vocab_size", 1000}, {"width", 64}, {"heads", 2}, {"layers", 2}}}}},
            {"preprocess_cfg", {{"mean", {0.48145466, 0.4578275, 0.40821073}}, {"std", {0.26862954, 0.26130258, 0.27577711}}}}};
}

std::filesystem::path makeOpenClipFolder(const std::string& name, const nlohmann::json& config)
{
    const auto folder = scratchDir(name);
    std::ofstream(folder / "open_clip_config.json") << config.dump(2);
    writeTensors(folder / "open_clip_model.safetensors", toOpenAiKeys(hfTensors(tinyModel())));
    return folder;
}

// Encodes the fixture's random pixels and texts with the model in `folder`.
std::pair<std::vector<float>, std::vector<float>> encodeFixture(const std::filesystem::path& folder,
                                                                const ModelOptions& options = {})
{
    const auto model = ClipModel::load(folder.string(), options);
    const auto pixels = readNpy(fixturesDir() / kTinyClip / "pixels_random.npy");
    const auto expected = readJsonFile(fixturesDir() / kTinyClip / "expected.json");
    std::vector<std::vector<int64_t>> ids;
    for (const auto& text : expected["texts"])
        ids.push_back(text["ids"].get<std::vector<int64_t>>());
    return {model->encodeImages(pixels.data.data(), pixels.shape[0]), model->encodeTexts(ids)};
}

void expectMatchesFixture(const std::pair<std::vector<float>, std::vector<float>>& features, float tolerance)
{
    EXPECT_LT(maxAbsDifference(features.first, readNpy(fixturesDir() / kTinyClip / "pixels_random_features.npy").data),
              tolerance);
    EXPECT_LT(maxAbsDifference(features.second, readNpy(fixturesDir() / kTinyClip / "text_features.npy").data),
              tolerance);
}

std::string loadError(const std::filesystem::path& folder)
{
    try {
        ClipModel::load(folder.string());
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(CheckpointFormats, PytorchBinMatchesReference)
{
    FEWSHOT_REQUIRE_FIXTURE(kTinyClip);
    const auto folder = scratchDir("format-bin");
    std::filesystem::copy_file(tinyModel() / "config.json", folder / "config.json");
    writeTorchBin(folder / "pytorch_model.bin", hfTensors(tinyModel()));

    expectMatchesFixture(encodeFixture(folder), 1e-4f);
    EXPECT_EQ(ClipModel::load(folder.string())->format(), "hf-bin");
}

TEST(CheckpointFormats, BinWithStateDictAndModulePrefix)
{
    FEWSHOT_REQUIRE_FIXTURE(kTinyClip);
    const auto folder = scratchDir("format-bin-wrapped");
    std::filesystem::copy_file(tinyModel() / "config.json", folder / "config.json");
    writeTorchBin(folder / "pytorch_model.bin", hfTensors(tinyModel()), "module.", true);

    expectMatchesFixture(encodeFixture(folder), 1e-4f);
}

TEST(CheckpointFormats, ShardedSafetensorsMatchReference)
{
    FEWSHOT_REQUIRE_FIXTURE(kTinyClip);
    const auto folder = scratchDir("format-sharded");
    std::filesystem::copy_file(tinyModel() / "config.json", folder / "config.json");
    std::map<std::string, torch::Tensor> text, rest;
    nlohmann::json weightMap;
    for (const auto& [name, tensor] : hfTensors(tinyModel())) {
        const bool isText = name.rfind("text_", 0) == 0;
        (isText ? text : rest)[name] = tensor;
        weightMap[name] = isText ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
    }
    writeTensors(folder / "model-00001-of-00002.safetensors", text);
    writeTensors(folder / "model-00002-of-00002.safetensors", rest);
    std::ofstream(folder / "model.safetensors.index.json") << nlohmann::json{{"weight_map", weightMap}}.dump();

    expectMatchesFixture(encodeFixture(folder), 1e-4f);
}

TEST(CheckpointFormats, ShardIndexNamingMissingTensorIsRejected)
{
    FEWSHOT_REQUIRE_FIXTURE(kTinyClip);
    const auto folder = scratchDir("format-sharded-bad");
    std::filesystem::copy_file(tinyModel() / "config.json", folder / "config.json");
    writeTensors(folder / "shard.safetensors", hfTensors(tinyModel()));
    std::ofstream(folder / "model.safetensors.index.json")
        << R"({"weight_map": {"logit_scale": "shard.safetensors", "ghost.weight": "shard.safetensors"}})";
    EXPECT_NE(loadError(folder).find("'ghost.weight'"), std::string::npos);
}

TEST(CheckpointFormats, OpenClipSafetensorsMatchReference)
{
    FEWSHOT_REQUIRE_FIXTURE(kTinyClip);
    const auto folder = makeOpenClipFolder("format-openclip", openClipConfig());

    expectMatchesFixture(encodeFixture(folder), 1e-4f);
    EXPECT_EQ(ClipModel::load(folder.string())->format(), "open_clip-safetensors");
}

TEST(CheckpointFormats, OpenClipBinMatchesReference)
{
    FEWSHOT_REQUIRE_FIXTURE(kTinyClip);
    const auto folder = scratchDir("format-openclip-bin");
    std::ofstream(folder / "open_clip_config.json") << openClipConfig().dump(2);
    writeTorchBin(folder / "open_clip_pytorch_model.bin", toOpenAiKeys(hfTensors(tinyModel())));

    expectMatchesFixture(encodeFixture(folder), 1e-4f);
}

TEST(CheckpointFormats, OpenClipResNetTowerIsRejected)
{
    FEWSHOT_REQUIRE_FIXTURE(kTinyClip);
    auto config = openClipConfig();
    config["model_cfg"]["vision_cfg"]["layers"] = {3, 4, 6, 3};
    const auto message = loadError(makeOpenClipFolder("format-openclip-resnet", config));
    EXPECT_NE(message.find("ResNet image tower"), std::string::npos) << message;
    EXPECT_NE(message.find("open_clip_config.json"), std::string::npos) << message;
}

TEST(CheckpointFormats, OpenClipUnsupportedFeaturesAreNamed)
{
    FEWSHOT_REQUIRE_FIXTURE(kTinyClip);
    const std::vector<std::tuple<std::string, std::string, nlohmann::json, std::string>> cases = {
        {"vision_cfg", "attentional_pool", true, "attentional pooling"},
        {"vision_cfg", "timm_model_name", "vit_base_patch16_224", "timm image tower"},
        {"text_cfg", "hf_model_name", "bert-base-uncased", "Hugging Face text tower"},
        {"text_cfg", "pool_type", "last", "text pooling"},
        {"vision_cfg", "ls_init_value", 0.1, "layer scale"}};
    for (const auto& [section, key, value, words] : cases) {
        auto config = openClipConfig();
        config["model_cfg"][section][key] = value;
        const auto message = loadError(makeOpenClipFolder("format-openclip-" + key, config));
        EXPECT_NE(message.find(words), std::string::npos) << key << ": " << message;
        EXPECT_NE(message.find("not supported"), std::string::npos) << key << ": " << message;
    }
}

TEST(CheckpointFormats, HalfPrecisionStorageLoadsAsRequested)
{
    FEWSHOT_REQUIRE_FIXTURE(kTinyClip);
    for (const auto storage : {torch::kFloat16, torch::kBFloat16}) {
        const auto folder = scratchDir("format-storage");
        std::filesystem::copy_file(tinyModel() / "config.json", folder / "config.json");
        auto tensors = hfTensors(tinyModel());
        for (auto& [name, tensor] : tensors)
            tensor = tensor.to(storage);
        writeTensors(folder / "model.safetensors", tensors);

        // Rounding the weights to 8 or 11 bits of mantissa moves features a little.
        expectMatchesFixture(encodeFixture(folder), storage == torch::kFloat16 ? 0.01f : 0.08f);
    }
}

TEST(CheckpointFormats, Bfloat16InferenceStaysClose)
{
    FEWSHOT_REQUIRE_FIXTURE(kTinyClip);
    ModelOptions options;
    options.dtype = "bfloat16";
    const auto reduced = encodeFixture(tinyModel(), options);
    const auto full = encodeFixture(tinyModel());
    const int64_t dim = 48;
    for (const auto* pair : {&reduced.first, &reduced.second}) {
        const auto& reference = pair == &reduced.first ? full.first : full.second;
        for (size_t row = 0; row * dim < pair->size(); ++row) {
            double dot = 0, a = 0, b = 0;
            for (int64_t i = 0; i < dim; ++i) {
                dot += (*pair)[row * dim + i] * reference[row * dim + i];
                a += (*pair)[row * dim + i] * (*pair)[row * dim + i];
                b += reference[row * dim + i] * reference[row * dim + i];
            }
            EXPECT_GT(dot / std::sqrt(a * b), 0.999) << "row " << row;
        }
    }
}

TEST(CheckpointFormats, Float16OnCpuIsRejected)
{
    FEWSHOT_REQUIRE_FIXTURE(kTinyClip);
    if (torch::cuda::is_available())
        GTEST_SKIP() << "a GPU is present, where float16 is allowed";
    ModelOptions options;
    options.dtype = "float16";
    options.device = "cpu";
    EXPECT_THROW(ClipModel::load(tinyModel().string(), options), Error);
}

TEST(CheckpointFormats, GarbageBinIsRejected)
{
    const auto folder = scratchDir("format-bin-garbage");
    writeHuggingFaceConfig((folder / "config.json").string(), tinyConfig());
    std::ofstream(folder / "pytorch_model.bin") << "this is not a zip archive";
    const auto message = loadError(folder);
    EXPECT_NE(message.find("pytorch_model.bin"), std::string::npos) << message;
}

TEST(CheckpointFormats, FolderWithoutConfigIsRejected)
{
    const auto folder = scratchDir("format-empty");
    const auto message = loadError(folder);
    EXPECT_NE(message.find("open_clip_config.json"), std::string::npos) << message;
    EXPECT_NE(message.find("config.json: file not found"), std::string::npos) << message;
}
