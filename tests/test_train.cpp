// The contrastive trainer on a tiny CLIP: schedule, loss, clamping,
// cancellation and a short run that must learn a few image-text pairs.

#include "model_test_support.h"

#include "base/error.h"
#include "model/clip_modules.h"
#include "train/contrastive_trainer.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace fewshot;
using namespace fewshot::train;

namespace {

constexpr int64_t kPairs = 8;

// Eight pairs: image i is a distinct random pattern, text i is
// [start, i + 1, i + 9, end] in the tiny vocabulary of 300 ids.
ContrastiveBatch fixedBatch(const ClipConfig& config)
{
    torch::manual_seed(5);
    ContrastiveBatch batch;
    const int64_t size = config.vision.imageSize;
    batch.pixels = torch::randn({kPairs, 3, size, size});
    batch.tokenIds = torch::zeros({kPairs, 4}, torch::kLong);
    for (int64_t i = 0; i < kPairs; ++i) {
        batch.tokenIds[i][0] = 297;
        batch.tokenIds[i][1] = i + 1;
        batch.tokenIds[i][2] = i + 9;
        batch.tokenIds[i][3] = config.text.eosTokenId;
    }
    return batch;
}

ContrastiveOptions shortRun(int64_t steps)
{
    ContrastiveOptions options;
    options.steps = steps;
    options.warmupSteps = std::min<int64_t>(5, steps);
    options.learningRate = 3e-3;
    options.weightDecay = 0.0;
    return options;
}

}  // namespace

TEST(TrainSchedule, WarmsUpThenDecays)
{
    ContrastiveOptions options;
    options.steps = 100;
    options.warmupSteps = 10;
    options.learningRate = 1e-3;
    options.minLearningRate = 1e-5;
    EXPECT_NEAR(learningRateAt(options, 0), 1e-4, 1e-12);
    EXPECT_NEAR(learningRateAt(options, 9), 1e-3, 1e-12);
    EXPECT_NEAR(learningRateAt(options, 10), 1e-3, 1e-12);
    EXPECT_NEAR(learningRateAt(options, 99), 1e-5, 1e-12);
    for (int64_t step = 11; step < 100; ++step)
        EXPECT_LT(learningRateAt(options, step), learningRateAt(options, step - 1)) << step;
}

TEST(TrainSchedule, WithoutWarmUpStartsAtPeak)
{
    ContrastiveOptions options;
    options.steps = 10;
    options.warmupSteps = 0;
    EXPECT_DOUBLE_EQ(learningRateAt(options, 0), options.learningRate);
}

TEST(ContrastiveLoss, UniformLogitsGiveLogBatch)
{
    const auto loss = contrastiveLoss(torch::zeros({6, 6}));
    EXPECT_NEAR(loss.item<double>(), std::log(6.0), 1e-6);
}

TEST(ContrastiveLoss, MatchedDiagonalGivesSmallLoss)
{
    const auto loss = contrastiveLoss(torch::eye(6) * 50.0);
    EXPECT_LT(loss.item<double>(), 1e-6);
}

TEST(ContrastiveLoss, IsSymmetric)
{
    torch::manual_seed(2);
    const auto logits = torch::randn({5, 5});
    EXPECT_NEAR(contrastiveLoss(logits).item<double>(), contrastiveLoss(logits.t()).item<double>(), 1e-6);
}

TEST(ContrastiveTrainer, ShortRunReducesLoss)
{
    const ClipConfig config = test::tinyConfig();
    ClipModules modules(config);
    initializeClipWeights(*modules, 1);
    const ContrastiveBatch batch = fixedBatch(config);
    ContrastiveTrainer trainer(*modules, shortRun(60));

    const double first = trainer.trainStep(batch);
    const TrainResult result = trainer.run([&](int64_t) { return batch; });
    EXPECT_EQ(result.steps, 60);
    EXPECT_FALSE(result.cancelled);
    EXPECT_NEAR(first, std::log(static_cast<double>(kPairs)), 0.5);
    EXPECT_LT(result.finalLoss, 0.5 * first);
}

TEST(ContrastiveTrainer, ClampsLogitScale)
{
    const ClipConfig config = test::tinyConfig();
    ClipModules modules(config);
    initializeClipWeights(*modules, 1);
    {
        torch::NoGradGuard noGrad;
        modules->logit_scale.fill_(8.0);
    }
    ContrastiveTrainer trainer(*modules, shortRun(3));
    trainer.trainStep(fixedBatch(config));
    EXPECT_LE(modules->logit_scale.item<double>(), std::log(100.0) + 1e-6);
}

TEST(ContrastiveTrainer, ReportsProgressAndCancels)
{
    const ClipConfig config = test::tinyConfig();
    ClipModules modules(config);
    initializeClipWeights(*modules, 1);
    ContrastiveOptions options = shortRun(50);
    std::vector<TrainProgress> reports;
    options.progress = [&](const TrainProgress& progress) { reports.push_back(progress); };
    options.cancel = [&] { return reports.size() >= 3; };
    ContrastiveTrainer trainer(*modules, options);
    const ContrastiveBatch batch = fixedBatch(config);

    const TrainResult result = trainer.run([&](int64_t) { return batch; });
    EXPECT_TRUE(result.cancelled);
    EXPECT_EQ(result.steps, 3);
    ASSERT_EQ(reports.size(), 3u);
    EXPECT_EQ(reports[0].step, 1);
    EXPECT_EQ(reports[2].step, 3);
    EXPECT_EQ(reports[2].totalSteps, 50);
    EXPECT_GT(reports[2].logitScale, 1.0);
    EXPECT_GT(reports[2].learningRate, 0.0);
}

TEST(ContrastiveTrainer, RejectsMismatchedBatch)
{
    const ClipConfig config = test::tinyConfig();
    ClipModules modules(config);
    initializeClipWeights(*modules, 1);
    ContrastiveTrainer trainer(*modules, shortRun(3));
    ContrastiveBatch batch = fixedBatch(config);
    batch.tokenIds = batch.tokenIds.slice(0, 0, 4);
    EXPECT_THROW(trainer.trainStep(batch), Error);
}

TEST(ContrastiveTrainer, RejectsInvalidOptions)
{
    ClipModules modules(test::tinyConfig());
    ContrastiveOptions options;
    options.steps = 0;
    EXPECT_THROW(ContrastiveTrainer(*modules, options), Error);
    options.steps = 10;
    options.warmupSteps = 11;
    EXPECT_THROW(ContrastiveTrainer(*modules, options), Error);
}

TEST(InitializeClipWeights, DeterministicUnderSeed)
{
    const ClipConfig config = test::tinyConfig();
    ClipModules first(config), second(config), third(config);
    initializeClipWeights(*first, 3);
    initializeClipWeights(*second, 3);
    initializeClipWeights(*third, 4);
    const auto a = first->named_parameters(true);
    const auto b = second->named_parameters(true);
    const auto c = third->named_parameters(true);
    for (const auto& item : a) {
        EXPECT_TRUE(torch::equal(item.value(), b[item.key()])) << item.key();
        EXPECT_TRUE(torch::isfinite(item.value()).all().item<bool>()) << item.key();
    }
    EXPECT_FALSE(torch::equal(a["visual_projection.weight"], c["visual_projection.weight"]));
    EXPECT_TRUE(torch::equal(a["text_model.final_layer_norm.weight"], torch::ones({config.text.hiddenSize})));
}
