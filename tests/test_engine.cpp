// Few-shot methods on synthetic features: learning, input checks,
// determinism, cancellation and progress.

#include "fixtures.h"
#include "test_engine_support.h"

#include "base/error.h"
#include "engine/cross_validation.h"
#include "engine/method.h"
#include "engine/threads.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <random>
#include <set>
#include <string>

using namespace fewshot;
using namespace fewshot::engine;
using namespace fewshot::test;

namespace {

std::string fitError(const std::string& method, const FeatureMatrix& support, const std::vector<int64_t>& labels,
                     const FeatureMatrix& prototypes)
{
    try {
        createMethod(method)->fit(support, labels, prototypes);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

// Tight Gaussian clusters around orthogonal class directions, with text
// prototypes that point closer to the neighbouring class than to their own,
// so zero-shot gets almost everything wrong and the shots must correct it.
FewShotProblem makeSeparableClusters()
{
    const int64_t classes = 4;
    const int64_t dimension = 16;
    std::mt19937_64 random(7);
    std::normal_distribution<float> noise(0.0f, 0.05f);
    FewShotProblem problem;
    problem.prototypes = FeatureMatrix(classes, dimension);
    for (int64_t c = 0; c < classes; ++c) {
        problem.prototypes.row(c)[c] = 0.8f;
        problem.prototypes.row(c)[(c + 1) % classes] = 1.0f;
    }
    const auto draw = [&](int64_t perClass, FeatureMatrix& features, std::vector<int64_t>& labels) {
        features = FeatureMatrix(classes * perClass, dimension);
        for (int64_t c = 0; c < classes; ++c)
            for (int64_t i = 0; i < perClass; ++i) {
                float* row = features.row(c * perClass + i);
                for (int64_t d = 0; d < dimension; ++d)
                    row[d] = (d == c ? 1.0f : 0.0f) + noise(random);
                labels.push_back(c);
            }
    };
    draw(8, problem.support, problem.supportLabels);
    draw(50, problem.test, problem.testLabels);
    return problem;
}

}  // namespace

TEST(EngineMethods, NamesAndFactory)
{
    for (const std::string& name : featureMethodNames())
        EXPECT_EQ(createMethod(name)->name(), name);
    for (const std::string& name : imageMethodNames()) {
        try {
            createMethod(name);
            FAIL() << name << " was created from features";
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find("needs images"), std::string::npos) << e.what();
        }
    }
    EXPECT_THROW(createMethod("nearest-neighbour"), Error);
}

TEST(EngineMethods, HeadBeforeFitThrows)
{
    const auto method = createMethod("linear-probe");
    EXPECT_FALSE(method->isFitted());
    EXPECT_THROW(method->head(), Error);
}

TEST(EngineMethods, SeparableClustersAreLearned)
{
    const FewShotProblem problem = makeSeparableClusters();
    const auto zeroShot = createMethod("zero-shot");
    zeroShot->fit(problem.support, problem.supportLabels, problem.prototypes);
    const double zeroShotAccuracy = testAccuracy(*zeroShot, problem);
    EXPECT_LT(zeroShotAccuracy, 0.5);
    for (const std::string& name : {"linear-probe", "tip-adapter", "tip-adapter-f"}) {
        const auto method = createMethod(name);
        method->fit(problem.support, problem.supportLabels, problem.prototypes);
        EXPECT_GE(testAccuracy(*method, problem), 0.98) << name;
    }
}

TEST(EngineMethods, BeatZeroShotOnSyntheticFeatures)
{
    const FewShotProblem problem = makeProblem(8);
    const auto zeroShot = createMethod("zero-shot");
    zeroShot->fit(problem.support, problem.supportLabels, problem.prototypes);
    const double zeroShotAccuracy = testAccuracy(*zeroShot, problem);
    for (const std::string& name : {"linear-probe", "tip-adapter", "tip-adapter-f"}) {
        const auto method = createMethod(name);
        method->fit(problem.support, problem.supportLabels, problem.prototypes);
        EXPECT_GT(testAccuracy(*method, problem), zeroShotAccuracy + 0.05) << name;
    }
}

TEST(EngineMethods, ProbabilitiesAreDistributions)
{
    const FewShotProblem problem = makeProblem(4);
    for (const std::string& name : featureMethodNames()) {
        const auto method = createMethod(name);
        method->fit(problem.support, problem.supportLabels, problem.prototypes);
        const FeatureMatrix probabilities = method->predictProbabilities(problem.test);
        ASSERT_EQ(probabilities.rows, problem.test.rows) << name;
        ASSERT_EQ(probabilities.cols, problem.prototypes.rows) << name;
        for (int64_t r = 0; r < probabilities.rows; ++r) {
            double sum = 0.0;
            for (int64_t c = 0; c < probabilities.cols; ++c)
                sum += probabilities.at(r, c);
            ASSERT_NEAR(sum, 1.0, 1e-5) << name << " row " << r;
        }
    }
}

TEST(EngineMethods, ZeroShotUsesClipLogitScale)
{
    const FewShotProblem problem = makeProblem(1);
    const auto method = createMethod("zero-shot");
    method->fit(problem.support, problem.supportLabels, problem.prototypes);
    const FeatureMatrix probabilities = method->predictProbabilities(problem.test);
    const FeatureMatrix x = normalizeRows(problem.test);
    const FeatureMatrix t = normalizeRows(problem.prototypes);
    std::vector<double> logits(static_cast<size_t>(t.rows));
    double normalizer = 0.0;
    for (int64_t c = 0; c < t.rows; ++c) {
        double dot = 0.0;
        for (int64_t d = 0; d < t.cols; ++d)
            dot += static_cast<double>(x.at(0, d)) * t.at(c, d);
        logits[static_cast<size_t>(c)] = 100.0 * dot;
    }
    const double largest = *std::max_element(logits.begin(), logits.end());
    for (double logit : logits)
        normalizer += std::exp(logit - largest);
    for (int64_t c = 0; c < t.rows; ++c)
        EXPECT_NEAR(probabilities.at(0, c), std::exp(logits[static_cast<size_t>(c)] - largest) / normalizer, 1e-5);
}

TEST(EngineInputs, DimensionMismatchIsRejected)
{
    const FewShotProblem problem = makeProblem(2);
    FeatureMatrix wrongPrototypes(problem.prototypes.rows, problem.prototypes.cols + 1);
    const std::string message = fitError("linear-probe", problem.support, problem.supportLabels, wrongPrototypes);
    EXPECT_NE(message.find("dimensions"), std::string::npos) << message;
    EXPECT_NE(message.find("48"), std::string::npos) << message;
}

TEST(EngineInputs, LabelOutOfRangeIsRejected)
{
    const FewShotProblem problem = makeProblem(2);
    std::vector<int64_t> labels = problem.supportLabels;
    labels.back() = problem.prototypes.rows;
    const std::string message = fitError("tip-adapter", problem.support, labels, problem.prototypes);
    EXPECT_NE(message.find("out of range"), std::string::npos) << message;

    labels.back() = -1;
    EXPECT_NE(fitError("tip-adapter", problem.support, labels, problem.prototypes).find("out of range"),
              std::string::npos);
}

TEST(EngineInputs, EmptyClassIsRejected)
{
    const FewShotProblem problem = makeProblem(2);
    std::vector<int64_t> labels = problem.supportLabels;
    for (int64_t& label : labels)
        if (label == 3)
            label = 2;
    const std::string message = fitError("linear-probe", problem.support, labels, problem.prototypes);
    EXPECT_NE(message.find("class 3 has no support sample"), std::string::npos) << message;
}

TEST(EngineInputs, LabelCountAndNonFiniteValuesAreRejected)
{
    FewShotProblem problem = makeProblem(2);
    std::vector<int64_t> labels = problem.supportLabels;
    labels.pop_back();
    EXPECT_NE(fitError("zero-shot", problem.support, labels, problem.prototypes).find("labels"), std::string::npos);

    problem.support.values[5] = std::nanf("");
    EXPECT_NE(fitError("linear-probe", problem.support, problem.supportLabels, problem.prototypes).find("NaN"),
              std::string::npos);
    EXPECT_NE(fitError("linear-probe", FeatureMatrix(0, 48), {}, problem.prototypes).find("empty"),
              std::string::npos);
}

TEST(EngineInputs, PredictionDimensionMismatchIsRejected)
{
    const FewShotProblem problem = makeProblem(2);
    const auto method = createMethod("zero-shot");
    method->fit(problem.support, problem.supportLabels, problem.prototypes);
    EXPECT_THROW(method->predictProbabilities(FeatureMatrix(3, 47)), Error);
}

TEST(EngineDeterminism, SameSeedGivesSameHead)
{
    const FewShotProblem problem = makeProblem(4);
    FitOptions options;
    options.seed = 5;
    for (const std::string& name : featureMethodNames()) {
        const auto first = createMethod(name);
        const auto second = createMethod(name);
        first->fit(problem.support, problem.supportLabels, problem.prototypes, options);
        second->fit(problem.support, problem.supportLabels, problem.prototypes, options);
        EXPECT_EQ(first->head().weight.values, second->head().weight.values) << name;
        EXPECT_EQ(first->head().bias, second->head().bias) << name;
        EXPECT_EQ(first->head().cacheKeys.values, second->head().cacheKeys.values) << name;
        EXPECT_EQ(first->head().cacheAlpha, second->head().cacheAlpha) << name;
        EXPECT_EQ(first->hyperparameters(), second->hyperparameters()) << name;
    }
}

TEST(EngineCancel, CancelledFitKeepsPreviousHead)
{
    const FewShotProblem first = makeProblem(4);
    const FewShotProblem second = makeProblem(4, 6, 48, 2);
    for (const std::string& name : {"linear-probe", "tip-adapter", "tip-adapter-f"}) {
        const auto method = createMethod(name);
        method->fit(first.support, first.supportLabels, first.prototypes);
        const ClassifierHead before = method->head();
        const nlohmann::json hyperparameters = method->hyperparameters();

        FitOptions options;
        int polls = 0;
        options.cancel = [&] { return ++polls >= 3; };
        EXPECT_THROW(method->fit(second.support, second.supportLabels, second.prototypes, options), Cancelled)
            << name;
        EXPECT_EQ(polls, 3) << name << " kept working after the cancel callback returned true";
        EXPECT_EQ(method->head().weight.values, before.weight.values) << name;
        EXPECT_EQ(method->head().cacheKeys.values, before.cacheKeys.values) << name;
        EXPECT_EQ(method->hyperparameters(), hyperparameters) << name;
    }
}

TEST(EngineCancel, UnfittedMethodStaysUnfitted)
{
    const FewShotProblem problem = makeProblem(2);
    const auto method = createMethod("linear-probe");
    FitOptions options;
    options.cancel = [] { return true; };
    EXPECT_THROW(method->fit(problem.support, problem.supportLabels, problem.prototypes, options), Cancelled);
    EXPECT_FALSE(method->isFitted());
}

TEST(EngineCancel, LargeFitStopsWithinOneSecond)
{
    const FewShotProblem problem = makeProblem(16, 60, 256);
    for (const std::string& name : {"linear-probe", "tip-adapter-f"}) {
        const auto method = createMethod(name);
        FitOptions options;
        std::atomic<bool> cancelRequested{false};
        std::chrono::steady_clock::time_point requestTime;
        const auto start = std::chrono::steady_clock::now();
        options.cancel = [&] {
            if (!cancelRequested && std::chrono::steady_clock::now() - start > std::chrono::milliseconds(50)) {
                cancelRequested = true;
                requestTime = std::chrono::steady_clock::now();
            }
            return cancelRequested.load();
        };
        EXPECT_THROW(method->fit(problem.support, problem.supportLabels, problem.prototypes, options), Cancelled)
            << name;
        ASSERT_TRUE(cancelRequested) << name;
        const double delay = std::chrono::duration<double>(std::chrono::steady_clock::now() - requestTime).count();
        EXPECT_LT(delay, 1.0) << name;
    }
}

TEST(EngineProgress, ReportsStagesInOrder)
{
    const FewShotProblem problem = makeProblem(4);
    for (const std::string& name : {"linear-probe", "tip-adapter-f"}) {
        std::vector<FitProgress> reports;
        FitOptions options;
        options.progress = [&](const FitProgress& progress) { reports.push_back(progress); };
        createMethod(name)->fit(problem.support, problem.supportLabels, problem.prototypes, options);
        ASSERT_FALSE(reports.empty()) << name;
        EXPECT_EQ(reports.front().stage, "cross-validation") << name;
        std::set<std::string> stages;
        double elapsed = 0.0;
        for (const FitProgress& report : reports) {
            stages.insert(report.stage);
            EXPECT_GE(report.elapsedSeconds, elapsed) << name;
            EXPECT_LE(report.step, report.totalSteps) << name << " " << report.stage;
            elapsed = report.elapsedSeconds;
            if (report.stage == "cross-validation") {
                EXPECT_TRUE(std::isfinite(report.validationLoss)) << name;
                EXPECT_GE(report.validationAccuracy, 0.0) << name;
            } else {
                EXPECT_TRUE(std::isfinite(report.trainingLoss)) << name << " " << report.stage;
            }
            if (report.stage == "fine-tuning")
                EXPECT_GT(report.learningRate, 0.0) << name;
        }
        EXPECT_TRUE(stages.count(name == "linear-probe" ? "fit" : "fine-tuning")) << name;
    }
}

TEST(EngineCrossValidation, FewShotsGiveLeaveOneOutPerClass)
{
    const std::vector<int64_t> labels = {0, 0, 0, 1, 1, 1, 2, 2, 2};
    int foldCount = 0;
    const std::vector<int> folds = detail::assignFolds(labels, 3, 4, 1, foldCount);
    EXPECT_EQ(foldCount, 3);
    for (int fold = 0; fold < foldCount; ++fold) {
        std::vector<int> perClass(3, 0);
        for (int64_t index : detail::foldMembers(folds, fold, true))
            ++perClass[static_cast<size_t>(labels[static_cast<size_t>(index)])];
        EXPECT_EQ(perClass, (std::vector<int>{1, 1, 1})) << "fold " << fold;
    }
}

TEST(EngineCrossValidation, OneShotRotatesHeldOutClasses)
{
    const std::vector<int64_t> labels = {0, 1, 2, 3, 4, 5, 6, 7};
    int foldCount = 0;
    const std::vector<int> folds = detail::assignFolds(labels, 8, 4, 1, foldCount);
    EXPECT_EQ(foldCount, 4);
    for (int fold = 0; fold < foldCount; ++fold)
        EXPECT_EQ(detail::foldMembers(folds, fold, true).size(), 2u) << "fold " << fold;
}

TEST(EngineCrossValidation, ManyShotsUseKFold)
{
    std::vector<int64_t> labels;
    for (int c = 0; c < 2; ++c)
        for (int i = 0; i < 10; ++i)
            labels.push_back(c);
    int foldCount = 0;
    const std::vector<int> folds = detail::assignFolds(labels, 2, 4, 3, foldCount);
    EXPECT_EQ(foldCount, 4);
    size_t total = 0;
    for (int fold = 0; fold < foldCount; ++fold) {
        const size_t size = detail::foldMembers(folds, fold, true).size();
        EXPECT_GE(size, 4u);
        EXPECT_LE(size, 6u);
        total += size;
    }
    EXPECT_EQ(total, labels.size());
}
