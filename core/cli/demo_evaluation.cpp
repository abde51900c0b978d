#include "cli/demo_evaluation.h"

#include "base/error.h"
#include "demo/demo_generator.h"
#include "engine/feature_dataset.h"

#include <algorithm>

namespace fewshot::cli {

engine::FeatureMatrix encodeDemoSamples(const ClipSession& session, uint64_t seed, int64_t count,
                                        std::vector<int64_t>& labels)
{
    const ClipModel& model = session.model();
    const int64_t batchSize = std::max(1, session.options().batchSize);
    engine::FeatureMatrix features(0, model.embeddingDim());
    labels.clear();
    std::vector<float> pixels;
    int64_t pending = 0;
    auto flush = [&] {
        if (pending == 0)
            return;
        const std::vector<float> embeddings = model.encodeImages(pixels.data(), pending);
        features.values.insert(features.values.end(), embeddings.begin(), embeddings.end());
        features.rows += pending;
        pixels.clear();
        pending = 0;
    };
    for (int64_t index = 0; index < count; ++index) {
        demo::DemoSample sample = demo::generateSample(seed, static_cast<uint64_t>(index));
        labels.push_back(sample.attributes.defectClass);
        const RgbImage image{sample.width, sample.height, std::move(sample.rgb)};
        const std::vector<float> values = preprocessImage(image, session.preprocessConfig());
        pixels.insert(pixels.end(), values.begin(), values.end());
        if (++pending == batchSize)
            flush();
    }
    flush();
    return features;
}

namespace {

double argmaxAccuracy(const std::vector<float>& scores, int64_t classes, const std::vector<int64_t>& labels)
{
    int64_t correct = 0;
    for (size_t row = 0; row < labels.size(); ++row) {
        const auto first = scores.begin() + static_cast<std::ptrdiff_t>(row * static_cast<size_t>(classes));
        const auto predicted = std::max_element(first, first + classes) - first;
        correct += predicted == labels[row] ? 1 : 0;
    }
    return labels.empty() ? 0.0 : static_cast<double>(correct) / static_cast<double>(labels.size());
}

void validate(const DemoEvaluationSettings& settings)
{
    if (settings.testCount < 1)
        throw Error("the test set needs at least 1 image, got " + std::to_string(settings.testCount));
    if (settings.shots < 0 || settings.shots > settings.poolPerClass)
        throw Error("shots per class must be from 0 to the " + std::to_string(settings.poolPerClass)
                    + " pool images per class, got " + std::to_string(settings.shots));
    const size_t classCount = demo::defectClassNames().size();
    if (!settings.classNames.empty() && settings.classNames.size() != classCount)
        throw Error("the demo data has " + std::to_string(classCount) + " classes, so give " + std::to_string(classCount)
                    + " class names or none, got " + std::to_string(settings.classNames.size()));
    if (settings.shots > 0 && (settings.supportSeeds.empty() || settings.methods.empty()))
        throw Error("a few-shot evaluation needs at least one method and one support seed");
}

}  // namespace

DemoEvaluation evaluateDemoModel(const ClipSession& session, const DemoEvaluationSettings& settings)
{
    validate(settings);
    DemoEvaluation result;
    result.classNames = settings.classNames.empty() ? demo::defectClassNames() : settings.classNames;
    result.templates = settings.templates.empty() ? demo::defaultTemplates() : settings.templates;
    const auto classCount = static_cast<int64_t>(result.classNames.size());
    const int64_t dim = session.model().embeddingDim();

    std::vector<int64_t> testLabels;
    engine::FeatureMatrix test = encodeDemoSamples(session, settings.testSeed, settings.testCount, testLabels);
    engine::FeatureMatrix prototypes(classCount, dim, session.classEmbeddings(result.classNames, result.templates));
    const ZeroShotResult zeroShot = session.zeroShot(test.values, prototypes.values);
    result.testCount = test.rows;
    result.zeroShotAccuracy = argmaxAccuracy(zeroShot.logits, classCount, testLabels);
    if (settings.shots == 0)
        return result;

    engine::FeatureDataset dataset;
    dataset.textPrototypes = std::move(prototypes);
    dataset.poolFeatures = encodeDemoSamples(session, settings.poolSeed, settings.poolPerClass * classCount, dataset.poolLabels);
    dataset.testFeatures = std::move(test);
    dataset.testLabels = std::move(testLabels);
    dataset.classNames = result.classNames;

    engine::EvaluationSettings evaluation;
    evaluation.methods = settings.methods;
    evaluation.shots = {settings.shots};
    evaluation.seeds = settings.supportSeeds;
    result.fewShot = engine::runKShotEvaluation(dataset, evaluation);
    for (const engine::EvaluationSummary& summary : result.fewShot.summaries) {
        if (summary.method != "zero-shot" && summary.accuracyMean > result.bestAccuracy) {
            result.bestAccuracy = summary.accuracyMean;
            result.bestMethod = summary.method;
        }
    }
    return result;
}

}  // namespace fewshot::cli
