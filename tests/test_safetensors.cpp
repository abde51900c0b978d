#include "fixtures.h"
#include "model_test_support.h"

#include "base/error.h"
#include "base/json_file.h"
#include "model/checkpoint_writer.h"
#include "model/clip_model.h"
#include "model/safetensors.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace fewshot;
using namespace fewshot::test;

namespace {

std::string errorOfLoad(const std::filesystem::path& folder)
{
    try {
        ClipModel::load(folder.string());
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

std::string errorOfOpen(const std::filesystem::path& file)
{
    try {
        SafetensorsFile opened(file.string());
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

void writeBytes(const std::filesystem::path& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

// A safetensors file whose header is `header` followed by `dataBytes` zeros.
std::string rawSafetensors(const std::string& header, size_t dataBytes)
{
    std::string file(8, '\0');
    for (int i = 0; i < 8; ++i)
        file[i] = static_cast<char>((header.size() >> (8 * i)) & 0xff);
    return file + header + std::string(dataBytes, '\0');
}

// Rewrites a checkpoint's safetensors with one tensor changed by `edit`.
void editCheckpoint(const std::filesystem::path& folder,
                    const std::function<void(std::map<std::string, SafetensorsTensor>&)>& edit)
{
    std::map<std::string, SafetensorsTensor> tensors;
    {
        SafetensorsFile file((folder / "model.safetensors").string());
        for (const auto& [name, entry] : file.entries())
            tensors[name] = {entry.dtype, entry.shape,
                             std::string(reinterpret_cast<const char*>(file.data(entry)), entry.end - entry.begin)};
    }
    edit(tensors);
    writeSafetensors((folder / "model.safetensors").string(), tensors);
}

}  // namespace

TEST(Safetensors, WriteThenReadRoundTrip)
{
    const auto path = scratchDir("st-roundtrip") / "t.safetensors";
    const std::vector<float> values = {1.5f, -2.0f, 3.25f, 0.0f, 8.0f, 9.5f};
    writeSafetensors(path.string(),
                     {{"a", {"F32", {2, 3}, std::string(reinterpret_cast<const char*>(values.data()), 24)}},
                      {"b", {"I64", {1}, std::string(8, '\x01')}}},
                     {{"format", "pt"}});

    SafetensorsFile file(path.string());
    ASSERT_EQ(file.entries().size(), 2u);
    const auto& entry = file.entries().at("a");
    EXPECT_EQ(entry.shape, (std::vector<int64_t>{2, 3}));
    const auto* data = reinterpret_cast<const float*>(file.data(entry));
    EXPECT_EQ(std::vector<float>(data, data + 6), values);
    EXPECT_EQ(file.metadata().at("format"), "pt");
}

TEST(Safetensors, ZeroByteFileIsRejected)
{
    const auto path = scratchDir("st-empty") / "model.safetensors";
    writeBytes(path, "");
    const auto message = errorOfOpen(path);
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("too short"), std::string::npos) << message;
}

TEST(Safetensors, HeaderLengthPastEndIsRejected)
{
    const auto path = scratchDir("st-long-header") / "model.safetensors";
    writeBytes(path, std::string("\xff\xff\x00\x00\x00\x00\x00\x00{}", 10));
    EXPECT_NE(errorOfOpen(path).find("does not fit"), std::string::npos);
}

TEST(Safetensors, MalformedHeaderJsonIsRejected)
{
    const auto path = scratchDir("st-bad-json") / "model.safetensors";
    writeBytes(path, rawSafetensors("{\"a\": {\"dtype\": ", 0));
    EXPECT_NE(errorOfOpen(path).find("invalid safetensors header"), std::string::npos);
}

TEST(Safetensors, OffsetsPastEndAreRejected)
{
    const auto path = scratchDir("st-offsets") / "model.safetensors";
    writeBytes(path, rawSafetensors(R"({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}})", 8));
    const auto message = errorOfOpen(path);
    EXPECT_NE(message.find("'w'"), std::string::npos) << message;
    EXPECT_NE(message.find("past the end"), std::string::npos) << message;
}

TEST(Safetensors, SizeNotMatchingShapeIsRejected)
{
    const auto path = scratchDir("st-size") / "model.safetensors";
    writeBytes(path, rawSafetensors(R"({"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 16]}})", 16));
    EXPECT_NE(errorOfOpen(path).find("needs 12"), std::string::npos);
}

TEST(Safetensors, UnknownDtypeIsRejected)
{
    const auto path = scratchDir("st-dtype") / "model.safetensors";
    writeBytes(path, rawSafetensors(R"({"w": {"dtype": "Q4", "shape": [1], "data_offsets": [0, 1]}})", 1));
    EXPECT_NE(errorOfOpen(path).find("unknown dtype"), std::string::npos);
}

TEST(CheckpointLoading, MissingFolderIsRejected)
{
    const auto message = errorOfLoad(scratchDir("ckpt-none") / "absent");
    EXPECT_NE(message.find("model folder not found"), std::string::npos) << message;
}

TEST(CheckpointLoading, MissingWeightsFileIsRejected)
{
    const auto folder = scratchDir("ckpt-no-weights");
    writeRandomCheckpoint(folder.string(), tinyConfig(), 1);
    std::filesystem::remove(folder / "model.safetensors");
    const auto message = errorOfLoad(folder);
    EXPECT_NE(message.find("model.safetensors: file not found"), std::string::npos) << message;
}

TEST(CheckpointLoading, MissingTensorIsNamed)
{
    const auto folder = scratchDir("ckpt-missing-tensor");
    writeRandomCheckpoint(folder.string(), tinyConfig(), 1);
    editCheckpoint(folder, [](auto& tensors) { tensors.erase("vision_model.encoder.layers.1.mlp.fc2.bias"); });
    const auto message = errorOfLoad(folder);
    EXPECT_NE(message.find("'vision_model.encoder.layers.1.mlp.fc2.bias' of shape [32] is missing"), std::string::npos)
        << message;
}

TEST(CheckpointLoading, WrongShapeIsNamed)
{
    const auto folder = scratchDir("ckpt-wrong-shape");
    writeRandomCheckpoint(folder.string(), tinyConfig(), 1);
    editCheckpoint(folder, [](auto& tensors) {
        auto& tensor = tensors.at("text_projection.weight");  // [24, 32]
        tensor.shape = {32, 24};
    });
    const auto message = errorOfLoad(folder);
    EXPECT_NE(message.find("'text_projection.weight' has shape [32, 24], expected [24, 32]"), std::string::npos)
        << message;
}

TEST(CheckpointLoading, UnknownTensorsGiveOneWarning)
{
    const auto folder = scratchDir("ckpt-unknown");
    writeRandomCheckpoint(folder.string(), tinyConfig(), 1);
    editCheckpoint(folder, [](auto& tensors) {
        tensors["extra.head.weight"] = {"F32", {2}, std::string(8, '\0')};
        tensors["text_model.embeddings.position_ids"] = {"I64", {1, 16}, std::string(128, '\0')};
    });
    const auto model = ClipModel::load(folder.string());
    ASSERT_EQ(model->warnings().size(), 1u);
    EXPECT_NE(model->warnings()[0].find("extra.head.weight"), std::string::npos);
    EXPECT_EQ(model->warnings()[0].find("position_ids"), std::string::npos);
}

TEST(CheckpointLoading, HalfPrecisionWeightsLoadAsFloat32)
{
    const auto folder = scratchDir("ckpt-f16");
    writeRandomCheckpoint(folder.string(), tinyConfig(), 1);
    const auto reference = ClipModel::load(folder.string());
    std::vector<float> pixels(3 * 16 * 16, 0.25f);
    const auto expected = reference->encodeImages(pixels.data(), 1);

    editCheckpoint(folder, [](auto& tensors) {
        for (auto& [name, tensor] : tensors) {
            const auto values = torch::from_blob(tensor.bytes.data(), tensor.shape, torch::kFloat32).to(torch::kBFloat16);
            tensor.dtype = "BF16";
            tensor.bytes.assign(static_cast<const char*>(values.data_ptr()), static_cast<size_t>(values.nbytes()));
        }
    });
    const auto model = ClipModel::load(folder.string());
    EXPECT_EQ(model->dtypeName(), "float32");
    EXPECT_LT(maxAbsDifference(model->encodeImages(pixels.data(), 1), expected), 0.05f);
}

TEST(CheckpointLoading, TruncatedWeightsFileIsRejected)
{
    const auto folder = scratchDir("ckpt-truncated");
    writeRandomCheckpoint(folder.string(), tinyConfig(), 1);
    const auto path = folder / "model.safetensors";
    std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
    const auto message = errorOfLoad(folder);
    EXPECT_NE(message.find("past the end of the file"), std::string::npos) << message;
}
