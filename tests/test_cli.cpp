#include "cli_test_support.h"
#include "model_test_support.h"

#include "base/json_file.h"
#include "base/npy.h"
#include "model/checkpoint_writer.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <numeric>
#include <sstream>

using namespace fewshot;
using namespace fewshot::test;

namespace {

std::filesystem::path tinyClip()
{
    return fixturesDir() / "tiny-clip-hf";
}

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> result;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);)
        result.push_back(line);
    return result;
}

float cosine(const float* a, const float* b, int64_t dim)
{
    double dot = 0, na = 0, nb = 0;
    for (int64_t i = 0; i < dim; ++i) {
        dot += a[i] * b[i];
        na += a[i] * a[i];
        nb += b[i] * b[i];
    }
    return static_cast<float>(dot / std::sqrt(na * nb));
}

QStringList fixtureImages()
{
    const auto expected = readJsonFile(tinyClip() / "expected.json");
    QStringList images;
    for (const auto& name : expected["images"])
        images << qpath(tinyClip() / "images" / name.get<std::string>());
    return images;
}

// A random checkpoint with a byte-level vocabulary (no merges), made here so
// these tests need no fixtures.
std::filesystem::path makeOwnModel(const std::string& name)
{
    const auto folder = scratchDir(name);
    auto config = tinyConfig();
    config.text.vocabSize = 514;
    config.text.eosTokenId = 513;
    writeRandomCheckpoint(folder.string(), config, 21);
    // CLIP's byte alphabet: printable Latin-1 bytes stand for themselves, the
    // others map to code points from U+0100 upwards, in byte order.
    nlohmann::json vocab;
    int shifted = 0;
    for (int byte = 0; byte < 256; ++byte) {
        const bool printable = (byte >= 33 && byte <= 126) || (byte >= 161 && byte <= 172) || byte >= 174;
        const int codePoint = printable ? byte : 256 + shifted++;
        std::string symbol;
        if (codePoint < 0x80) {
            symbol = std::string(1, static_cast<char>(codePoint));
        } else {
            symbol += static_cast<char>(0xC0 | (codePoint >> 6));
            symbol += static_cast<char>(0x80 | (codePoint & 0x3F));
        }
        vocab[symbol] = byte;
        vocab[symbol + "</w>"] = 256 + byte;
    }
    vocab["<|startoftext|>"] = 512;
    vocab["<|endoftext|>"] = 513;
    std::ofstream(folder / "vocab.json") << vocab.dump();
    std::ofstream(folder / "merges.txt") << "#version: 0.2\n";
    return folder;
}

}  // namespace

TEST(CommandLine, NoCommandIsUsageError)
{
    const auto result = runFewshot({});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("Usage: fewshot"), std::string::npos);
}

TEST(CommandLine, UnknownCommandIsUsageError)
{
    const auto result = runFewshot({"frobnicate"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("unknown command 'frobnicate'"), std::string::npos);
}

TEST(CommandLine, UnknownOptionIsUsageError)
{
    const auto result = runFewshot({"embed", "--no-such-option", "x"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("no-such-option"), std::string::npos);
}

TEST(CommandLine, MissingModelIsUsageError)
{
    const auto result = runFewshot({"embed", "--output", "x.npy", "a.png"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("--model"), std::string::npos);
}

TEST(CommandLine, HelpListsOptions)
{
    const auto result = runFewshot({"zero-shot", "--help"});
    EXPECT_EQ(result.exitCode, 0);
    EXPECT_NE(result.out.find("--template"), std::string::npos);
    EXPECT_NE(result.out.find("--batch-size"), std::string::npos);
}

TEST(CommandLine, BadThreadsValueIsUsageError)
{
    const auto result = runFewshot({"info", "--model", "x", "--threads", "many"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("--threads"), std::string::npos);
}

TEST(CommandLine, MissingModelFolderNamesIt)
{
    const auto folder = scratchDir("cli-no-model") / "nothing-here";
    const auto result = runFewshot({"info", "--model", qpath(folder)});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find(folder.string()), std::string::npos) << result.err;
}

TEST(CommandLine, InfoOfOwnModel)
{
    const auto folder = makeOwnModel("cli-info");
    const auto result = runFewshot({"info", "--model", qpath(folder), "--threads", "1"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_NE(result.out.find("embedding:      24 dimensions"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("dtype:          float32"), std::string::npos);
    EXPECT_NE(result.out.find("device:         cpu"), std::string::npos);
    EXPECT_NE(result.out.find("parameters:"), std::string::npos);
}

TEST(CommandLine, ZeroShotOnOwnModelAndImages)
{
    const auto folder = makeOwnModel("cli-zero-shot-own");
    const auto images = scratchDir("cli-zero-shot-images");
    writeBmp(images / "red.bmp", 20, 30, [](int, int) { return std::tuple{200, 10, 10}; });
    writeBmp(images / "stripes.bmp", 40, 16, [](int x, int) { return std::tuple{x % 2 ? 255 : 0, 128, 0}; });
    std::ofstream(images / "broken.png") << "not a png";

    const auto result = runFewshot({"zero-shot", "--model", qpath(folder), "--class", "red", "--class", "green",
                                    "--class", "with, comma", qpath(images / "red.bmp"), qpath(images / "broken.png"),
                                    qpath(images / "stripes.bmp")});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("broken.png"), std::string::npos) << result.err;
    const auto rows = lines(result.out);
    ASSERT_EQ(rows.size(), 3u) << result.out;
    EXPECT_EQ(rows[0], "path,top_class,red,green,\"with, comma\"");
    EXPECT_EQ(rows[1].rfind(images.string() + "/red.bmp,", 0), 0u) << rows[1];
    EXPECT_EQ(rows[2].rfind(images.string() + "/stripes.bmp,", 0), 0u) << rows[2];
}

TEST(CommandLine, EmbedTextsMatchReference)
{
    FEWSHOT_REQUIRE_FIXTURE("tiny-clip-hf");
    const auto expectedJson = readJsonFile(tinyClip() / "expected.json");
    QStringList arguments = {"embed", "--model", qpath(tinyClip() / "model"), "--text", "--output"};
    const auto output = scratchDir("cli-embed-text") / "text.npy";
    arguments << qpath(output);
    for (const auto& text : expectedJson["texts"])
        arguments << QString::fromStdString(text["text"].get<std::string>());

    const auto result = runFewshot(arguments);
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto features = readNpy(output);
    const auto expected = readNpy(tinyClip() / "text_features.npy");
    EXPECT_EQ(features.shape, expected.shape);
    EXPECT_LT(maxAbsDifference(features.data, expected.data), 1e-4f);
}

TEST(CommandLine, EmbedImageFilesMatchReference)
{
    FEWSHOT_REQUIRE_FIXTURE("tiny-clip-hf");
    const auto output = scratchDir("cli-embed-images") / "images.npy";
    const auto result = runFewshot(QStringList{"embed", "--model", qpath(tinyClip() / "model"), "--batch-size", "4",
                                               "--output", qpath(output)}
                                   + fixtureImages());
    ASSERT_EQ(result.exitCode, 0) << result.err;

    const auto features = readNpy(output);
    const auto expected = readNpy(tinyClip() / "image_features.npy");
    ASSERT_EQ(features.shape, expected.shape);
    const int64_t dim = expected.shape[1];
    EXPECT_LT(maxAbsDifference(features.data, expected.data), 0.02f);
    for (int64_t row = 0; row < expected.shape[0]; ++row)
        EXPECT_GT(cosine(&features.data[row * dim], &expected.data[row * dim], dim), 0.9999f) << "image " << row;
}

TEST(CommandLine, PreprocessMatchesReferencePixels)
{
    FEWSHOT_REQUIRE_FIXTURE("tiny-clip-hf");
    const auto output = scratchDir("cli-preprocess") / "pixels.npy";
    const auto result = runFewshot(QStringList{"preprocess", "--model", qpath(tinyClip() / "model"), "--output",
                                               qpath(output)}
                                   + fixtureImages());
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto pixels = readNpy(output);
    const auto expected = readNpy(tinyClip() / "pixels_images.npy");
    ASSERT_EQ(pixels.shape, expected.shape);
    EXPECT_LT(maxAbsDifference(pixels.data, expected.data), 0.03f);
}

TEST(CommandLine, TokenizeWithVocabularyOnlyFolder)
{
    FEWSHOT_REQUIRE_FIXTURE("clip-vocab");
    const auto expected = readJsonFile(fixturesDir() / "clip-vocab/expected_tokens.json");
    QStringList arguments = {"tokenize", "--model", qpath(fixturesDir() / "clip-vocab")};
    for (const auto& item : expected)
        arguments << QString::fromStdString(item["text"].get<std::string>());

    const auto result = runFewshot(arguments);
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto rows = lines(result.out);
    ASSERT_EQ(rows.size(), expected.size());
    for (size_t i = 0; i < rows.size(); ++i)
        EXPECT_EQ(nlohmann::json::parse(rows[i]), expected[i]["ids"]) << expected[i]["text"];
}

TEST(CommandLine, ZeroShotMatchesReferenceLogits)
{
    FEWSHOT_REQUIRE_FIXTURE("tiny-clip-hf");
    const auto expectedJson = readJsonFile(tinyClip() / "expected.json");
    const auto logits = readNpy(tinyClip() / "logits.npy");  // [images, texts]
    // With the template "{}" each class prompt is one of the reference texts.
    const std::vector<size_t> columns = {0, 2, 3, 4};
    QStringList arguments = {"zero-shot", "--model", qpath(tinyClip() / "model"), "--template", "{}", "--format", "json"};
    for (size_t column : columns)
        arguments << "--class" << QString::fromStdString(expectedJson["texts"][column]["text"].get<std::string>());
    arguments += fixtureImages();

    const auto result = runFewshot(arguments);
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto output = nlohmann::json::parse(result.out);
    ASSERT_EQ(output["results"].size(), 9u);
    const int64_t texts = logits.shape[1];
    for (size_t image = 0; image < 9; ++image) {
        std::vector<double> expected;
        for (size_t column : columns)
            expected.push_back(std::exp(logits.data[image * texts + column]));
        const double sum = std::accumulate(expected.begin(), expected.end(), 0.0);
        const auto& probabilities = output["results"][image]["probabilities"];
        for (size_t k = 0; k < columns.size(); ++k) {
            const auto name = expectedJson["texts"][columns[k]]["text"].get<std::string>();
            EXPECT_NEAR(probabilities[name].get<double>(), expected[k] / sum, 0.02) << "image " << image;
        }
    }
}

TEST(CommandLine, MakeRandomModelRejectsUnknownArchitecture)
{
    const auto folder = scratchDir("cli-random-unknown");
    const auto result = runFewshot({"make-random-model", "--arch", "ViT-Q/7", "--output", qpath(folder / "m")});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("ViT-L/14-336"), std::string::npos) << result.err;
}

TEST(CommandLine, BenchPrintsEveryFigure)
{
    FEWSHOT_REQUIRE_FIXTURE("tiny-clip-hf");
    const auto result = runFewshot({"bench", "--model", qpath(tinyClip() / "model"), "--images", "4", "--threads", "1"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    for (const char* label : {"load time:", "images per second:", "prompts per second:", "GFLOP/s achieved",
                              "matrix product:", "peak memory:"})
        EXPECT_NE(result.out.find(label), std::string::npos) << label << "\n" << result.out;
}
