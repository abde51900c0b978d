#include "fixtures.h"
#include "model_test_support.h"

#include "base/error.h"
#include "base/json_file.h"
#include "model/checkpoint_writer.h"
#include "model/clip_model.h"
#include "model/clip_modules.h"

#include <nlohmann/json.hpp>

using namespace fewshot;
using namespace fewshot::test;

namespace {

const char kTinyClip[] = "tiny-clip-hf";

std::filesystem::path tinyClipDir()
{
    return fixturesDir() / kTinyClip;
}

std::vector<std::vector<int64_t>> fixtureTokenIds()
{
    const auto expected = readJsonFile(tinyClipDir() / "expected.json");
    std::vector<std::vector<int64_t>> ids;
    for (const auto& text : expected["texts"])
        ids.push_back(text["ids"].get<std::vector<int64_t>>());
    return ids;
}

}  // namespace

TEST(ClipModelGolden, ImageFeaturesFromRandomPixels)
{
    FEWSHOT_REQUIRE_FIXTURE(kTinyClip);
    const auto model = ClipModel::load((tinyClipDir() / "model").string());
    const auto pixels = readNpy(tinyClipDir() / "pixels_random.npy");
    const auto expected = readNpy(tinyClipDir() / "pixels_random_features.npy");

    const auto features = model->encodeImages(pixels.data.data(), pixels.shape[0]);

    EXPECT_LT(maxAbsDifference(features, expected.data), 1e-4f);
}

TEST(ClipModelGolden, ImageFeaturesFromPreprocessedImages)
{
    FEWSHOT_REQUIRE_FIXTURE(kTinyClip);
    const auto model = ClipModel::load((tinyClipDir() / "model").string());
    const auto pixels = readNpy(tinyClipDir() / "pixels_images.npy");
    const auto expected = readNpy(tinyClipDir() / "image_features.npy");

    const auto features = model->encodeImages(pixels.data.data(), pixels.shape[0]);

    EXPECT_LT(maxAbsDifference(features, expected.data), 1e-4f);
}

TEST(ClipModelGolden, TextFeatures)
{
    FEWSHOT_REQUIRE_FIXTURE(kTinyClip);
    const auto model = ClipModel::load((tinyClipDir() / "model").string());
    const auto expected = readNpy(tinyClipDir() / "text_features.npy");

    const auto features = model->encodeTexts(fixtureTokenIds());

    ASSERT_EQ(features.size(), expected.data.size());
    EXPECT_LT(maxAbsDifference(features, expected.data), 1e-4f);
}

TEST(ClipModelGolden, TextFeaturesDoNotDependOnBatch)
{
    FEWSHOT_REQUIRE_FIXTURE(kTinyClip);
    const auto model = ClipModel::load((tinyClipDir() / "model").string());
    const auto ids = fixtureTokenIds();
    const auto batched = model->encodeTexts(ids);

    const int64_t dim = model->embeddingDim();
    for (size_t i = 0; i < ids.size(); ++i) {
        const auto single = model->encodeTexts({ids[i]});
        const std::vector<float> row(batched.begin() + i * dim, batched.begin() + (i + 1) * dim);
        EXPECT_LT(maxAbsDifference(single, row), 1e-5f) << "text " << i;
    }
}

TEST(ClipModelGolden, LogitsOfPreprocessedImages)
{
    FEWSHOT_REQUIRE_FIXTURE(kTinyClip);
    const auto model = ClipModel::load((tinyClipDir() / "model").string());
    const auto pixels = readNpy(tinyClipDir() / "pixels_images.npy");
    const auto expected = readNpy(tinyClipDir() / "logits.npy");

    auto& modules = model->modules();
    torch::NoGradGuard noGrad;
    const auto ids = fixtureTokenIds();
    const auto logits = modules.logitsPerImage(
        torch::from_blob(const_cast<float*>(pixels.data.data()), {9, 3, 32, 32}),
        [&] {
            auto batch = torch::zeros({static_cast<int64_t>(ids.size()), 77}, torch::kInt64);
            for (size_t row = 0; row < ids.size(); ++row)
                for (size_t column = 0; column < ids[row].size(); ++column)
                    batch[static_cast<int64_t>(row)][static_cast<int64_t>(column)] = ids[row][column];
            return batch;
        }());
    const std::vector<float> values(logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());

    // The fixture's logits come from image files, so they carry the allowed
    // preprocessing differences; from the reference pixels they agree closely.
    EXPECT_LT(maxAbsDifference(values, expected.data), 0.05f);
}

TEST(ClipModelGolden, TrainingStepGradientNorms)
{
    FEWSHOT_REQUIRE_FIXTURE(kTinyClip);
    const auto model = ClipModel::load((tinyClipDir() / "model").string());
    const auto expected = readJsonFile(tinyClipDir() / "expected.json");
    const auto pixels = readNpy(tinyClipDir() / "pixels_images.npy");
    const auto ids = fixtureTokenIds();

    auto& modules = model->modules();
    modules.train();
    modules.zero_grad();
    auto batch = torch::zeros({static_cast<int64_t>(ids.size()), 77}, torch::kInt64);
    for (size_t row = 0; row < ids.size(); ++row)
        for (size_t column = 0; column < ids[row].size(); ++column)
            batch[static_cast<int64_t>(row)][static_cast<int64_t>(column)] = ids[row][column];
    const auto logits = modules.logitsPerImage(
        torch::from_blob(const_cast<float*>(pixels.data.data()), {9, 3, 32, 32}).clone(), batch);
    const auto targets = torch::tensor(expected["training_step"]["targets"].get<std::vector<int64_t>>());
    const auto loss = torch::nn::functional::cross_entropy(logits, targets);
    loss.backward();

    const double relative = expected["tolerance"]["gradient_norm_rel"].get<double>();
    const double expectedLoss = expected["training_step"]["loss"].get<double>();
    EXPECT_NEAR(loss.item<double>(), expectedLoss, expectedLoss * relative);

    const auto parameters = modules.named_parameters(true);
    for (const auto& item : expected["training_step"]["gradient_norms"].items()) {
        const auto* parameter = parameters.find(item.key());
        ASSERT_NE(parameter, nullptr) << item.key();
        ASSERT_TRUE(parameter->grad().defined()) << item.key();
        const double norm = parameter->grad().norm().item<double>();
        const double want = item.value().get<double>();
        EXPECT_NEAR(norm, want, want * relative) << item.key();
    }
}

TEST(ClipModel, LoadsRandomCheckpoint)
{
    const auto folder = scratchDir("random-checkpoint");
    writeRandomCheckpoint(folder.string(), tinyConfig(), 7);

    const auto model = ClipModel::load(folder.string());

    EXPECT_EQ(model->embeddingDim(), 24);
    EXPECT_EQ(model->imageSize(), 16);
    EXPECT_TRUE(model->warnings().empty());
    EXPECT_NEAR(model->logitScale(), std::exp(2.6592f), 1e-3f);
    std::vector<float> pixels(2 * 3 * 16 * 16, 0.5f);
    EXPECT_EQ(model->encodeImages(pixels.data(), 2).size(), 48u);
    EXPECT_EQ(model->encodeTexts({{1, 5, 299}, {1, 299}}).size(), 48u);
}

TEST(ClipModel, RandomCheckpointIsDeterministic)
{
    const auto first = scratchDir("random-a");
    const auto second = scratchDir("random-b");
    writeRandomCheckpoint(first.string(), tinyConfig(), 11);
    writeRandomCheckpoint(second.string(), tinyConfig(), 11);

    EXPECT_EQ(readFileBytes(first / "model.safetensors"), readFileBytes(second / "model.safetensors"));
    EXPECT_EQ(ClipModel::load(first.string())->fingerprint(), ClipModel::load(second.string())->fingerprint());
}

TEST(ClipModel, FingerprintTellsWeightsOfTheSameShapesApart)
{
    // Fine-tuned copies of one architecture share names, shapes and offsets;
    // their embedding caches must not be confused.
    const auto first = scratchDir("fingerprint-a");
    const auto second = scratchDir("fingerprint-b");
    writeRandomCheckpoint(first.string(), tinyConfig(), 11);
    writeRandomCheckpoint(second.string(), tinyConfig(), 12);
    EXPECT_NE(ClipModel::load(first.string())->fingerprint(), ClipModel::load(second.string())->fingerprint());
}

TEST(ClipModel, TextWithoutEndTokenIsRejected)
{
    const auto folder = scratchDir("no-end-token");
    writeRandomCheckpoint(folder.string(), tinyConfig(), 3);
    const auto model = ClipModel::load(folder.string());

    EXPECT_THROW(model->encodeTexts({{1, 5, 6}}), Error);
}

TEST(ClipModel, LogitScaleIsClampedAt100)
{
    const auto folder = scratchDir("large-logit-scale");
    auto config = tinyConfig();
    config.logitScaleInit = 6.0;  // exp(6) = 403
    writeRandomCheckpoint(folder.string(), config, 3);

    EXPECT_FLOAT_EQ(ClipModel::load(folder.string())->logitScale(), 100.0f);
}

TEST(ClipModel, PlaceholderEosPoolsAtLargestId)
{
    const auto folder = scratchDir("eos-placeholder");
    auto config = tinyConfig();
    config.text.eosTokenId = 2;
    writeRandomCheckpoint(folder.string(), config, 5);
    const auto model = ClipModel::load(folder.string());

    // With the placeholder, pooling happens at the largest id (299 here), so
    // tokens after it do not change the features.
    const auto shortText = model->encodeTexts({{1, 7, 299}});
    const auto padded = model->encodeTexts({{1, 7, 299, 5, 5}});
    EXPECT_LT(maxAbsDifference(shortText, padded), 1e-5f);
}

TEST(ClipModel, InferencePathMatchesAutogradPath)
{
    // Without autograd the blocks run in place and attend image by image;
    // training runs the plain batched code. Both must give the same features.
    for (const std::string activation : {"quick_gelu", "gelu"}) {
        SCOPED_TRACE(activation);
        const auto folder = scratchDir("inference-path-" + activation);
        auto config = tinyConfig();
        config.text.hiddenAct = activation;
        config.vision.hiddenAct = activation;
        writeRandomCheckpoint(folder.string(), config, 9);
        const auto model = ClipModel::load(folder.string());
        auto& modules = model->modules();

        const auto pixels = torch::randn({3, 3, 16, 16}, torch::TensorOptions().dtype(torch::kFloat32));
        const auto ids = torch::tensor({1, 7, 8, 9, 299, 1, 5, 299, 0, 0}, torch::kInt64).view({2, 5});
        torch::Tensor imagesWithGrad, textsWithGrad;
        {
            torch::AutoGradMode gradMode(true);
            imagesWithGrad = modules.encodeImage(pixels).detach();
            textsWithGrad = modules.encodeText(ids).detach();
        }
        torch::Tensor images, texts;
        {
            c10::InferenceMode inference;
            images = modules.encodeImage(pixels);
            texts = modules.encodeText(ids);
        }
        EXPECT_LT((images - imagesWithGrad).abs().max().item<float>(), 1e-5f);
        EXPECT_LT((texts - textsWithGrad).abs().max().item<float>(), 1e-5f);
        EXPECT_GT(images.abs().max().item<float>(), 1e-3f);  // not trivially zero
    }
}
