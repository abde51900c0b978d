#include "base/error.h"
#include "base/json_file.h"
#include "base/npy.h"
#include "fixtures.h"
#include "image/image_io.h"
#include "image/preprocess.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using fewshot::PreprocessConfig;
using fewshot::RgbImage;

namespace {

// An image whose three channels all hold `levels`, row by row.
RgbImage grayImage(int width, int height, const std::vector<uint8_t>& levels)
{
    RgbImage image;
    image.width = width;
    image.height = height;
    for (uint8_t level : levels)
        image.pixels.insert(image.pixels.end(), {level, level, level});
    return image;
}

std::vector<int> redChannel(const RgbImage& image)
{
    std::vector<int> levels;
    for (size_t i = 0; i < image.pixels.size(); i += 3)
        levels.push_back(image.pixels[i]);
    return levels;
}

std::string errorOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const fewshot::Error& e) {
        return e.what();
    }
    return "(no error)";
}

fs::path writeConfig(const std::string& name, const std::string& json)
{
    const fs::path path = fewshot::test::scratchDir("preprocess_config") / name;
    std::ofstream(path) << json;
    return path;
}

// A config that leaves an image of `shortestEdge` on its short side as it is,
// with mean 0 and std 1 so outputs are levels / 255.
PreprocessConfig identityConfig(int shortestEdge, int crop)
{
    PreprocessConfig config;
    config.resizeShortestEdge = shortestEdge;
    config.cropSize = crop;
    config.mean = {0.0f, 0.0f, 0.0f};
    config.std = {1.0f, 1.0f, 1.0f};
    return config;
}

struct Difference {
    double maxAbs = 0;
    double meanAbs = 0;
};

Difference compare(const std::vector<float>& actual, const float* expected, size_t count)
{
    Difference difference;
    for (size_t i = 0; i < count; ++i) {
        const double error = std::fabs(static_cast<double>(actual[i]) - expected[i]);
        difference.maxAbs = std::max(difference.maxAbs, error);
        difference.meanAbs += error;
    }
    difference.meanAbs /= static_cast<double>(count);
    return difference;
}

}  // namespace

// ---- Resampling ------------------------------------------------------------

// Hand-computed with a = -0.5. Shrinking 4 -> 2 stretches the kernel by 2:
// output 0 is centred at 1.0 and samples inputs 0..3 at distances
// (-0.25, 0.25, 0.75, 1.25), weights (0.8671875, 0.8671875, 0.2265625,
// -0.0703125) / 1.890625. For 0, 100, 200, 255 that is 60.35 and, mirrored,
// 220.68 for output 1.
TEST(ResizeBicubic, ShrinksFourToTwo)
{
    const RgbImage row = grayImage(4, 1, {0, 100, 200, 255});
    const RgbImage resized = fewshot::resizeBicubic(row, 2, 1);
    ASSERT_EQ(resized.width, 2);
    ASSERT_EQ(resized.height, 1);
    EXPECT_EQ(redChannel(resized), (std::vector<int>{60, 221}));
    const RgbImage column = grayImage(1, 4, {0, 100, 200, 255});
    EXPECT_EQ(redChannel(fewshot::resizeBicubic(column, 1, 2)), (std::vector<int>{60, 221}));
}

// Enlarging 2 -> 4: outputs centred at 0.25, 0.75, 1.25, 1.75 read both inputs
// with normalized weights (1.0882, -0.0882), (0.7929, 0.2071) and mirrored.
// For 100, 200 that is 91.18, 120.71, 179.29, 208.82.
TEST(ResizeBicubic, EnlargesTwoToFour)
{
    const RgbImage row = grayImage(2, 1, {100, 200});
    EXPECT_EQ(redChannel(fewshot::resizeBicubic(row, 4, 1)), (std::vector<int>{91, 121, 179, 209}));
    const RgbImage column = grayImage(1, 2, {100, 200});
    EXPECT_EQ(redChannel(fewshot::resizeBicubic(column, 1, 4)),
              (std::vector<int>{91, 121, 179, 209}));
}

TEST(ResizeBicubic, ClampsOvershoot)
{
    // 0, 255 would give -22.5 and 277.5 at the ends without clamping.
    const RgbImage row = grayImage(2, 1, {0, 255});
    const std::vector<int> levels = redChannel(fewshot::resizeBicubic(row, 4, 1));
    EXPECT_EQ(levels.front(), 0);
    EXPECT_EQ(levels.back(), 255);
}

TEST(ResizeBicubic, KeepsChannelsApart)
{
    RgbImage image;
    image.width = 2;
    image.height = 1;
    image.pixels = {100, 0, 255, 200, 0, 255};
    const RgbImage resized = fewshot::resizeBicubic(image, 4, 1);
    EXPECT_EQ(resized.pixels, (std::vector<uint8_t>{91, 0, 255, 121, 0, 255, 179, 0, 255, 209, 0, 255}));
}

TEST(ResizeBicubic, SameSizeIsIdentity)
{
    const RgbImage image = grayImage(3, 2, {0, 255, 0, 255, 0, 255});
    EXPECT_EQ(fewshot::resizeBicubic(image, 3, 2).pixels, image.pixels);
}

TEST(ResizeBicubic, RejectsInvalidSizes)
{
    const RgbImage image = grayImage(2, 1, {1, 2});
    EXPECT_THROW(fewshot::resizeBicubic(image, 0, 1), fewshot::Error);
    EXPECT_THROW(fewshot::resizeBicubic(RgbImage{}, 2, 2), fewshot::Error);
    RgbImage wrongLength = image;
    wrongLength.pixels.pop_back();
    EXPECT_THROW(fewshot::resizeBicubic(wrongLength, 1, 1), fewshot::Error);
}

// ---- Resize size, crop and normalization ----------------------------------

TEST(Preprocess, ShortestEdgeSizeTruncates)
{
    const fewshot::ImageSize portrait = fewshot::shortestEdgeSize(30, 50, 224);
    EXPECT_EQ(portrait.width, 224);
    EXPECT_EQ(portrait.height, 373);  // int(224 * 50 / 30) = int(373.33)
    const fewshot::ImageSize landscape = fewshot::shortestEdgeSize(1000, 700, 224);
    EXPECT_EQ(landscape.width, 320);
    EXPECT_EQ(landscape.height, 224);
    const fewshot::ImageSize square = fewshot::shortestEdgeSize(512, 512, 32);
    EXPECT_EQ(square.width, 32);
    EXPECT_EQ(square.height, 32);
    const fewshot::ImageSize thin = fewshot::shortestEdgeSize(451, 300, 32);
    EXPECT_EQ(thin.width, 48);  // int(48.106)
    EXPECT_EQ(thin.height, 32);
}

TEST(Preprocess, CropOffsetRoundsHalfToEven)
{
    // Heights 5 and 7 with crop 2 give offsets round(1.5) = 2 and round(2.5) = 2;
    // width 4 gives 1. Each pixel's level is 10 * row + column.
    for (int height : {5, 7}) {
        SCOPED_TRACE("height " + std::to_string(height));
        std::vector<uint8_t> levels;
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < 4; ++x)
                levels.push_back(static_cast<uint8_t>(10 * y + x));
        const std::vector<float> out =
            fewshot::preprocessImage(grayImage(4, height, levels), identityConfig(4, 2));
        ASSERT_EQ(out.size(), 12u);
        EXPECT_FLOAT_EQ(out[0] * 255.0f, 21.0f);  // row 2, column 1
        EXPECT_FLOAT_EQ(out[1] * 255.0f, 22.0f);
        EXPECT_FLOAT_EQ(out[2] * 255.0f, 31.0f);
        EXPECT_FLOAT_EQ(out[3] * 255.0f, 32.0f);
    }
}

TEST(Preprocess, CropLargerThanImagePadsWithBlack)
{
    // 2 x 2 kept at size 2, cropped to 5: torchvision pads 1 before, 2 after.
    const RgbImage image = grayImage(2, 2, {50, 60, 70, 80});
    const PreprocessConfig config = identityConfig(2, 5);
    const std::vector<float> out = fewshot::preprocessImage(image, config);
    ASSERT_EQ(out.size(), 75u);
    std::vector<int> levels;
    for (int i = 0; i < 25; ++i)
        levels.push_back(static_cast<int>(std::lround(out[i] * 255.0f)));
    const std::vector<int> expected = {0, 0,  0,  0, 0,   //
                                       0, 50, 60, 0, 0,   //
                                       0, 70, 80, 0, 0,   //
                                       0, 0,  0,  0, 0,   //
                                       0, 0,  0,  0, 0};
    EXPECT_EQ(levels, expected);
}

TEST(Preprocess, NormalizesWithClipMeanAndStd)
{
    RgbImage image;
    image.width = 1;
    image.height = 1;
    image.pixels = {255, 128, 0};
    PreprocessConfig config;  // CLIP's mean and std
    config.resizeShortestEdge = 1;
    config.cropSize = 1;
    const std::vector<float> out = fewshot::preprocessImage(image, config);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_FLOAT_EQ(out[0], (1.0f - 0.48145466f) / 0.26862954f);
    EXPECT_FLOAT_EQ(out[1], (128.0f / 255.0f - 0.4578275f) / 0.26130258f);
    EXPECT_FLOAT_EQ(out[2], (0.0f - 0.40821073f) / 0.27577711f);
}

TEST(Preprocess, OutputIsChannelMajor)
{
    // 2 x 1 stays as it is and is padded below to the 2 x 2 crop.
    RgbImage image;
    image.width = 2;
    image.height = 1;
    image.pixels = {10, 20, 30, 40, 50, 60};
    const std::vector<float> out = fewshot::preprocessImage(image, identityConfig(1, 2));
    ASSERT_EQ(out.size(), 12u);
    std::vector<int> levels;
    for (float value : out)
        levels.push_back(static_cast<int>(std::lround(value * 255.0f)));
    EXPECT_EQ(levels, (std::vector<int>{10, 40, 0, 0, 20, 50, 0, 0, 30, 60, 0, 0}));
}

TEST(Preprocess, RejectsInvalidConfig)
{
    const RgbImage image = grayImage(2, 2, {1, 2, 3, 4});
    PreprocessConfig config;
    config.cropSize = 0;
    EXPECT_THROW(fewshot::preprocessImage(image, config), fewshot::Error);
    config = PreprocessConfig{};
    config.std = {1.0f, 0.0f, 1.0f};
    EXPECT_THROW(fewshot::preprocessImage(image, config), fewshot::Error);
    EXPECT_THROW(fewshot::preprocessImage(RgbImage{}, PreprocessConfig{}), fewshot::Error);
}

// ---- preprocessor_config.json ----------------------------------------------

TEST(PreprocessConfig, ReadsIntegerForm)
{
    const fs::path path = writeConfig("integer.json", R"({"size": 336, "crop_size": 320,
        "image_mean": [0.5, 0.25, 0.125], "image_std": [1, 2, 4]})");
    const PreprocessConfig config = PreprocessConfig::fromFile(path.string());
    EXPECT_EQ(config.resizeShortestEdge, 336);
    EXPECT_EQ(config.cropSize, 320);
    EXPECT_EQ(config.mean, (std::array<float, 3>{0.5f, 0.25f, 0.125f}));
    EXPECT_EQ(config.std, (std::array<float, 3>{1.0f, 2.0f, 4.0f}));
}

TEST(PreprocessConfig, ReadsDictionaryForms)
{
    const fs::path shortest = writeConfig("shortest.json", R"({"size": {"shortest_edge": 256},
        "crop_size": {"height": 240, "width": 240}})");
    PreprocessConfig config = PreprocessConfig::fromFile(shortest.string());
    EXPECT_EQ(config.resizeShortestEdge, 256);
    EXPECT_EQ(config.cropSize, 240);

    const fs::path sides = writeConfig("sides.json", R"({"size": {"height": 300, "width": 280}})");
    config = PreprocessConfig::fromFile(sides.string());
    EXPECT_EQ(config.resizeShortestEdge, 280);
    EXPECT_EQ(config.cropSize, 224);
}

TEST(PreprocessConfig, MissingKeysKeepDefaults)
{
    const fs::path path = writeConfig("empty.json", "{}");
    const PreprocessConfig config = PreprocessConfig::fromFile(path.string());
    const PreprocessConfig defaults;
    EXPECT_EQ(config.resizeShortestEdge, defaults.resizeShortestEdge);
    EXPECT_EQ(config.cropSize, defaults.cropSize);
    EXPECT_EQ(config.mean, defaults.mean);
    EXPECT_EQ(config.std, defaults.std);
}

TEST(PreprocessConfig, RejectsMalformedValues)
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"({"crop_size": {"height": 224, "width": 256}})", "square"},
        {R"({"image_mean": [0.5, 0.5]})", "\"image_mean\""},
        {R"({"image_std": [0.5, "x", 0.5]})", "\"image_std\""},
        {R"({"image_std": [0.5, 0, 0.5]})", "\"image_std\""},
        {R"({"image_mean": 0.5})", "\"image_mean\""},
        {R"({"size": "large"})", "\"size\""},
        {R"({"size": {"longest_edge": 300}})", "\"size\""},
        {R"({"size": {"shortest_edge": -3}})", "\"size.shortest_edge\""},
        {R"({"crop_size": 22.5})", "\"crop_size\""},
        {R"([1, 2, 3])", "JSON object"},
        {R"({"size": 224,)", "invalid JSON"},
    };
    for (size_t i = 0; i < cases.size(); ++i) {
        const auto& [json, expected] = cases[i];
        SCOPED_TRACE(json);
        const fs::path path = writeConfig("bad" + std::to_string(i) + ".json", json);
        const std::string message =
            errorOf([&] { PreprocessConfig::fromFile(path.string()); });
        EXPECT_NE(message.find(path.string()), std::string::npos) << message;
        EXPECT_NE(message.find(expected), std::string::npos) << message;
    }
}

// ---- Reference outputs -----------------------------------------------------

TEST(PreprocessGolden, Matches224Reference)
{
    FEWSHOT_REQUIRE_FIXTURE("preprocess-224");
    const fs::path dir = fewshot::test::fixturesDir() / "preprocess-224";
    const nlohmann::json expected = fewshot::readJsonFile(dir / "expected.json");
    PreprocessConfig config;
    config.resizeShortestEdge = expected.at("size").get<int>();
    config.cropSize = expected.at("size").get<int>();
    for (int c = 0; c < 3; ++c) {
        config.mean[c] = expected.at("mean")[c].get<float>();
        config.std[c] = expected.at("std")[c].get<float>();
    }
    const double maxAbsTolerance = expected.at("tolerance").at("max_abs").get<double>();
    const double meanAbsTolerance = expected.at("tolerance").at("mean_abs").get<double>();

    const auto names = expected.at("images").get<std::vector<std::string>>();
    ASSERT_EQ(names.size(), 9u);
    for (const std::string& name : names) {
        SCOPED_TRACE(name);
        const fewshot::NpyArray reference =
            fewshot::readNpy(dir / (fs::path(name).stem().string() + ".npy"));
        ASSERT_EQ(reference.shape, (std::vector<int64_t>{3, 224, 224}));
        const RgbImage image = fewshot::readImage((dir / "images" / name).string());
        const std::vector<float> pixels = fewshot::preprocessImage(image, config);
        ASSERT_EQ(pixels.size(), reference.data.size());
        const Difference difference = compare(pixels, reference.data.data(), pixels.size());
        std::cout << "[ golden   ] 224 " << name << ": max abs " << difference.maxAbs
                  << ", mean abs " << difference.meanAbs << "\n";
        EXPECT_LE(difference.maxAbs, maxAbsTolerance);
        EXPECT_LE(difference.meanAbs, meanAbsTolerance);
    }
}

TEST(PreprocessGolden, MatchesTinyClipPixels)
{
    FEWSHOT_REQUIRE_FIXTURE("tiny-clip-hf");
    const fs::path dir = fewshot::test::fixturesDir() / "tiny-clip-hf";
    const PreprocessConfig config =
        PreprocessConfig::fromFile((dir / "model" / "preprocessor_config.json").string());
    EXPECT_EQ(config.resizeShortestEdge, 32);
    EXPECT_EQ(config.cropSize, 32);

    const auto names =
        fewshot::readJsonFile(dir / "expected.json").at("images").get<std::vector<std::string>>();
    const fewshot::NpyArray reference = fewshot::readNpy(dir / "pixels_images.npy");
    ASSERT_EQ(reference.shape,
              (std::vector<int64_t>{static_cast<int64_t>(names.size()), 3, 32, 32}));
    ASSERT_EQ(names.size(), 9u);
    const size_t imageSize = 3 * 32 * 32;
    for (size_t i = 0; i < names.size(); ++i) {
        SCOPED_TRACE(names[i]);
        const RgbImage image = fewshot::readImage((dir / "images" / names[i]).string());
        const std::vector<float> pixels = fewshot::preprocessImage(image, config);
        ASSERT_EQ(pixels.size(), imageSize);
        const Difference difference =
            compare(pixels, reference.data.data() + i * imageSize, imageSize);
        std::cout << "[ golden   ] 32 " << names[i] << ": max abs " << difference.maxAbs
                  << ", mean abs " << difference.meanAbs << "\n";
        EXPECT_LE(difference.maxAbs, 0.03);
        EXPECT_LE(difference.meanAbs, 0.002);
    }
}
