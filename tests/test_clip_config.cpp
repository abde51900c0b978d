#include "fixtures.h"

#include "base/error.h"
#include "base/json_file.h"
#include "model/clip_config.h"

#include <fstream>

using namespace fewshot;
using namespace fewshot::test;

namespace {

std::string writeConfig(const std::string& name, const std::string& text)
{
    const auto path = scratchDir("config-" + name) / "config.json";
    std::ofstream(path) << text;
    return path.string();
}

// Returns the message of the Error that `load` throws, or "" when none.
std::string errorOf(const std::string& path)
{
    try {
        ClipConfig::fromHuggingFaceFile(path);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(ClipConfig, ReadsFixtureConfig)
{
    FEWSHOT_REQUIRE_FIXTURE("tiny-clip-hf");
    const auto config = ClipConfig::fromHuggingFaceFile((fixturesDir() / "tiny-clip-hf/model/config.json").string());
    EXPECT_EQ(config.text.hiddenSize, 64);
    EXPECT_EQ(config.text.numHeads, 2);
    EXPECT_EQ(config.text.vocabSize, 1000);
    EXPECT_EQ(config.text.eosTokenId, 999);
    EXPECT_EQ(config.vision.imageSize, 32);
    EXPECT_EQ(config.vision.patchSize, 8);
    EXPECT_EQ(config.vision.numHeads, 4);
    EXPECT_EQ(config.projectionDim, 48);
    EXPECT_EQ(config.vision.hiddenAct, "quick_gelu");
}

TEST(ClipConfig, MissingKeysTakeHuggingFaceDefaults)
{
    const auto path = writeConfig("defaults", R"({"model_type": "clip", "text_config": {}, "vision_config": {}})");
    const auto config = ClipConfig::fromHuggingFaceFile(path);
    EXPECT_EQ(config.text.hiddenSize, 512);
    EXPECT_EQ(config.text.intermediateSize, 2048);
    EXPECT_EQ(config.text.numLayers, 12);
    EXPECT_EQ(config.text.numHeads, 8);
    EXPECT_EQ(config.text.maxPositions, 77);
    EXPECT_EQ(config.text.vocabSize, 49408);
    EXPECT_EQ(config.vision.hiddenSize, 768);
    EXPECT_EQ(config.vision.patchSize, 32);
    EXPECT_EQ(config.vision.imageSize, 224);
    EXPECT_EQ(config.projectionDim, 512);
    EXPECT_EQ(config.name, "ViT-B/32");
}

TEST(ClipConfig, DictFormOverridesPlainForm)
{
    const auto path = writeConfig("dict", R"({
        "text_config": {"hidden_size": 512, "num_attention_heads": 8},
        "text_config_dict": {"hidden_size": 768, "num_attention_heads": 12},
        "vision_config": null,
        "vision_config_dict": {"hidden_size": 1024, "num_hidden_layers": 24, "num_attention_heads": 16,
                               "patch_size": 14, "image_size": 336, "intermediate_size": 4096},
        "projection_dim": 768})");
    const auto config = ClipConfig::fromHuggingFaceFile(path);
    EXPECT_EQ(config.text.hiddenSize, 768);
    EXPECT_EQ(config.text.numHeads, 12);
    EXPECT_EQ(config.vision.hiddenSize, 1024);
    EXPECT_EQ(config.vision.imageSize, 336);
    EXPECT_EQ(config.name, "ViT-L/14-336");
}

TEST(ClipConfig, TextTowerOnlyIsRejected)
{
    const auto path = writeConfig("text-only", R"({"model_type": "clip_text_model", "hidden_size": 512})");
    const auto message = errorOf(path);
    EXPECT_NE(message.find("text tower only"), std::string::npos) << message;
    EXPECT_NE(message.find(path), std::string::npos) << message;
}

TEST(ClipConfig, MissingVisionConfigIsRejected)
{
    const auto path = writeConfig("no-vision", R"({"model_type": "clip", "text_config": {}})");
    EXPECT_NE(errorOf(path).find("vision_config"), std::string::npos);
}

TEST(ClipConfig, MalformedJsonNamesFile)
{
    const auto path = writeConfig("malformed", R"({"model_type": "clip", "text_config": {)");
    const auto message = errorOf(path);
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find("invalid JSON"), std::string::npos) << message;
}

TEST(ClipConfig, WrongValueTypeIsRejected)
{
    const auto path = writeConfig("type", R"({"text_config": {"hidden_size": "big"}, "vision_config": {}})");
    EXPECT_NE(errorOf(path).find("hidden_size"), std::string::npos);
}

TEST(ClipConfig, HeadsMustDivideWidth)
{
    const auto path = writeConfig("heads", R"({"text_config": {"hidden_size": 100, "num_attention_heads": 3}, "vision_config": {}})");
    EXPECT_NE(errorOf(path).find("not divisible"), std::string::npos);
}

TEST(ClipConfig, UnsupportedActivationIsRejected)
{
    const auto path = writeConfig("act", R"({"text_config": {"hidden_act": "relu"}, "vision_config": {}})");
    EXPECT_NE(errorOf(path).find("relu"), std::string::npos);
}

TEST(ClipConfig, MissingFileNamesFile)
{
    const auto path = (scratchDir("config-missing") / "config.json").string();
    const auto message = errorOf(path);
    EXPECT_NE(message.find("not found"), std::string::npos) << message;
}
