// Replays the fuzz seeds (fuzz/corpus) and every input the fuzzers found a
// problem with (tests/data/fuzz, minimized) through the same harnesses the
// fuzz programs run. A harness returns normally when the parser accepted the
// input or raised fewshot::Error; anything else fails here.

#include "fixtures.h"
#include "harnesses.h"

#include "base/error.h"
#include "base/npy.h"
#include "image/preprocess.h"
#include "model/clip_config.h"
#include "model/safetensors.h"
#include "text/tokenizer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

struct Harness {
    const char* name;  // the fuzz program without "fuzz_", and its corpus folder
    int (*run)(const uint8_t*, size_t);
};

const Harness kHarnesses[] = {
    {"safetensors", fewshot::fuzz::fuzzSafetensors},
    {"clip_config", fewshot::fuzz::fuzzClipConfig},
    {"open_clip_config", fewshot::fuzz::fuzzOpenClipConfig},
    {"preprocess_config", fewshot::fuzz::fuzzPreprocessConfig},
    {"npy", fewshot::fuzz::fuzzNpy},
    {"tokenizer_encode", fewshot::fuzz::fuzzTokenizerEncode},
    {"tokenizer_files", fewshot::fuzz::fuzzTokenizerFiles},
    {"image_decode", fewshot::fuzz::fuzzImageDecode},
    {"csv_import", fewshot::fuzz::fuzzCsvImport},
    {"torch_bin", fewshot::fuzz::fuzzTorchBin},
};

std::string readBytes(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

std::vector<fs::path> inputsOf(const std::string& name)
{
    std::vector<fs::path> files;
    const fs::path folders[] = {fewshot::test::testDataDir() / "../../fuzz/corpus" / name,
                                fewshot::test::testDataDir() / "fuzz" / name};
    for (const fs::path& folder : folders) {
        if (!fs::is_directory(folder))
            continue;
        for (const auto& entry : fs::directory_iterator(folder))
            if (entry.is_regular_file())
                files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

class FuzzInputs : public ::testing::TestWithParam<Harness> {};

}  // namespace

TEST_P(FuzzInputs, ParseWithoutFindings)
{
    const Harness& harness = GetParam();
    const auto inputs = inputsOf(harness.name);
    ASSERT_FALSE(inputs.empty()) << "no seed inputs for " << harness.name;
    for (const fs::path& input : inputs) {
        SCOPED_TRACE(input.string());
        const std::string bytes = readBytes(input);
        EXPECT_NO_THROW(harness.run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
    }
}

INSTANTIATE_TEST_SUITE_P(Harnesses, FuzzInputs, ::testing::ValuesIn(kHarnesses),
                         [](const ::testing::TestParamInfo<Harness>& info) { return std::string(info.param.name); });

// Problems the fuzzers (or a look at what they reported) found, one test
// each, with the input written out so the case reads without a hex dump.

namespace {

fs::path writeNpyFile(const std::string& name, const std::string& header, const std::string& data = {})
{
    const fs::path path = fewshot::test::scratchDir("fuzz-regressions-" + name) / (name + ".npy");
    std::string bytes = "\x93NUMPY\x02";
    bytes.push_back('\0');
    for (int i = 0; i < 4; ++i)
        bytes.push_back(static_cast<char>((header.size() >> (8 * i)) & 0xFF));
    std::ofstream(path, std::ios::binary) << bytes << header << data;
    return path;
}

std::string npyError(const fs::path& path)
{
    try {
        fewshot::readNpy(path);
    } catch (const fewshot::Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST(NpyRegressions, ZeroLengthDimension)
{
    // Once passed a null pointer to memcpy (undefined behaviour).
    const auto array = fewshot::readNpy(writeNpyFile("zero", "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 2), }"));
    EXPECT_EQ(array.shape, (std::vector<int64_t>{0, 2}));
    EXPECT_TRUE(array.data.empty());
}

TEST(NpyRegressions, OverflowingShapeRejected)
{
    // The element count once overflowed int64_t and wrapped past the size check.
    const std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (999999999999999999, 999999999999999999), }";
    const std::string message = npyError(writeNpyFile("overflow", header, std::string(16, '\0')));
    EXPECT_NE(message.find("shorter than its shape says"), std::string::npos) << message;
}

TEST(NpyRegressions, ScalarWithoutDataRejected)
{
    // Shape () is one element; a rewrite of the size check once forgot it and read past the data.
    const std::string message = npyError(writeNpyFile("scalar", "{'descr': '<i8', 'fortran_order': False, 'shape': (), }"));
    EXPECT_NE(message.find("shorter than its shape says"), std::string::npos) << message;
}

TEST(NpyRegressions, TooManyDigitsRejected)
{
    // std::stoll once threw std::out_of_range, which is not a fewshot::Error.
    const std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (123456789012345678901234567890,), }";
    const std::string message = npyError(writeNpyFile("digits", header));
    EXPECT_NE(message.find("30 digits"), std::string::npos) << message;
}

TEST(NpyRegressions, LongHeaderParsed)
{
    // std::regex recursed once per character and overflowed the stack.
    const std::string header = "{'descr': '<" + std::string(1 << 20, 'A') + "', 'fortran_order': False, 'shape': (1,), }";
    const std::string message = npyError(writeNpyFile("long", header));
    EXPECT_NE(message.find("unsupported .npy dtype"), std::string::npos) << message.substr(0, 200);
}

TEST(TokenizerRegressions, LargestTokenIdRejected)
{
    // vocabSize() is the largest id plus one, which overflowed int64_t for this id.
    const fs::path dir = fewshot::test::scratchDir("fuzz-regressions-token-id");
    std::ofstream(dir / "vocab.json") << R"({"<|startoftext|>": 1, "<|endoftext|>": 9223372036854775807})";
    std::ofstream(dir / "merges.txt") << "#version: 0.2\n";
    try {
        fewshot::Tokenizer::fromFolder(dir.string());
        FAIL() << "a token id of 2^63 - 1 was accepted";
    } catch (const fewshot::Error& e) {
        EXPECT_NE(std::string(e.what()).find("must be an integer from 0 to 2147483647"), std::string::npos) << e.what();
    }
}

namespace {

template <typename Function>
std::string errorOf(Function function)
{
    try {
        function();
    } catch (const fewshot::Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST(JsonRegressions, NumberBeyondDoubleRejected)
{
    // nlohmann::json raises out_of_range, not parse_error, for 1e400, and
    // readJsonFile let it escape from every JSON file the model folder has.
    const fs::path dir = fewshot::test::scratchDir("fuzz-regressions-json-number");
    std::ofstream(dir / "config.json") << R"({"projection_dim": 1e400})";
    std::ofstream(dir / "preprocessor_config.json") << R"({"crop_size": 2e542})";
    std::ofstream(dir / "vocab.json") << R"({"a": 6E666})";
    std::ofstream(dir / "merges.txt") << "#version: 0.2\n";

    const std::string config = (dir / "config.json").string();
    const std::string preprocess = (dir / "preprocessor_config.json").string();
    const std::string vocab = (dir / "vocab.json").string();
    const std::string messages[] = {
        errorOf([&] { fewshot::ClipConfig::fromHuggingFaceFile(config); }),
        errorOf([&] { fewshot::PreprocessConfig::fromFile(preprocess); }),
        errorOf([&] { fewshot::Tokenizer::fromFiles(vocab, (dir / "merges.txt").string()); }),
    };
    const std::string paths[] = {config, preprocess, vocab};
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_NE(messages[i].find(paths[i] + ": invalid JSON: a number is too large"), std::string::npos)
            << messages[i];
    }
}

TEST(SafetensorsRegressions, HeaderNumberBeyondDoubleRejected)
{
    // The safetensors header parser caught only parse_error, as readJsonFile did.
    const std::string header = R"({"w": {"dtype": "F32", "shape": [1e400], "data_offsets": [0, 4]}})";
    std::string bytes;
    for (int i = 0; i < 8; ++i)
        bytes.push_back(static_cast<char>((header.size() >> (8 * i)) & 0xFF));
    const fs::path path = fewshot::test::scratchDir("fuzz-regressions-safetensors-number") / "model.safetensors";
    std::ofstream(path, std::ios::binary) << bytes << header << std::string(4, '\0');

    const std::string message = errorOf([&] { fewshot::SafetensorsFile file(path.string()); });
    EXPECT_NE(message.find(path.string() + ": invalid safetensors header (a number is too large)"), std::string::npos)
        << message;
}
