// The methods that train through the CLIP encoders (coop, fine-tune) and the
// ensemble, on the shipped demo CLIP and generated defect images whose classes
// are renamed to codes ("type 1" ... "type 8"). Zero-shot classification
// cannot read such names, so every method that learns from the examples must
// beat it clearly. Also runs the same methods through `fewshot` as a user would.

#include "cli_test_support.h"

#include "engine/ensemble.h"
#include "engine/head_folder.h"
#include "engine/method.h"
#include "engine/metrics.h"
#include "engine/threads.h"
#include "pipeline/clip_session.h"
#include "store/project_store.h"
#include "train/fine_tune.h"
#include "train/prompt_learning.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

#include <unistd.h>

using namespace fewshot;
using namespace fewshot::test;
namespace fs = std::filesystem;

namespace {

constexpr int kClasses = 8;
constexpr int kPerClass = 20;
constexpr int kShots = 8;

// Generated images with coded class names, their demo-model embeddings and
// prototypes, shared by all tests: generating and encoding them is the slow part.
struct CodedData {
    fs::path imageFolder;
    std::vector<std::string> classNames;
    std::vector<std::string> paths;
    std::vector<int64_t> labels;
    engine::FeatureMatrix embeddings;
    engine::FeatureMatrix prototypes;
    std::vector<int64_t> support;     // kShots per class
    std::vector<int64_t> validation;  // the others
};

const ClipSession& session()
{
    static const std::unique_ptr<ClipSession> opened = [] {
        engine::setComputeThreads(2);
        SessionOptions options;
        options.batchSize = 64;
        return ClipSession::open(FEWSHOT_DEMO_MODEL_DIR, options);
    }();
    return *opened;
}

const CodedData& data()
{
    static const CodedData coded = [] {
        CodedData result;
        // ctest runs each test as its own process, several at once: each
        // process generates its own copy.
        const fs::path dir = scratchDir("adaptation-images-" + std::to_string(::getpid()));
        const fs::path generated = dir / "generated";
        const CommandResult generatedImages = runFewshot({"generate", "--generator", "demo", "--count",
                                               QString::number(kClasses * kPerClass), "--seed", "21", "--output",
                                               qpath(generated)});
        if (generatedImages.exitCode != 0)
            throw std::runtime_error("fewshot generate failed: " + generatedImages.err);
        std::vector<fs::path> folders;
        for (const auto& entry : fs::directory_iterator(generated))
            folders.push_back(entry.path());
        std::sort(folders.begin(), folders.end());
        result.imageFolder = dir / "coded";
        fs::create_directories(result.imageFolder);
        for (size_t c = 0; c < folders.size(); ++c) {
            const std::string name = "type " + std::to_string(c + 1);
            fs::rename(folders[c], result.imageFolder / name);
            result.classNames.push_back(name);
            std::vector<fs::path> files;
            for (const auto& entry : fs::directory_iterator(result.imageFolder / name))
                files.push_back(entry.path());
            std::sort(files.begin(), files.end());
            for (size_t i = 0; i < files.size(); ++i) {
                const int64_t row = static_cast<int64_t>(result.paths.size());
                result.paths.push_back(files[i].string());
                result.labels.push_back(static_cast<int64_t>(c));
                (i < static_cast<size_t>(kShots) ? result.support : result.validation).push_back(row);
            }
        }
        const ImageEmbeddings encoded = session().encodeImageFiles(result.paths, {});
        if (encoded.indices.size() != result.paths.size())
            throw std::runtime_error("some generated images could not be encoded");
        result.embeddings = engine::FeatureMatrix(static_cast<int64_t>(result.paths.size()), encoded.dim, encoded.values);
        result.prototypes = engine::FeatureMatrix(
            kClasses, encoded.dim, session().classEmbeddings(result.classNames, {"a photo of a {}."}));
        return result;
    }();
    return coded;
}

std::vector<int64_t> labelsOf(const std::vector<int64_t>& rows)
{
    std::vector<int64_t> labels;
    for (int64_t row : rows)
        labels.push_back(data().labels[static_cast<size_t>(row)]);
    return labels;
}

engine::FitOptions fitOptions()
{
    engine::FitOptions options;
    options.logitScale = session().model().logitScale();
    return options;
}

// Fits on the support rows and returns the accuracy on the validation rows.
double validationAccuracy(engine::FewShotMethod& method, const engine::FitOptions& options = fitOptions())
{
    method.fit(engine::selectRows(data().embeddings, data().support), labelsOf(data().support), data().prototypes,
               options);
    const engine::FeatureMatrix probabilities =
        method.predictProbabilities(engine::selectRows(data().embeddings, data().validation));
    return engine::computeMetrics(probabilities, labelsOf(data().validation)).accuracy;
}

double zeroShotAccuracy()
{
    static const double accuracy = [] {
        const auto zeroShot = engine::createMethod("zero-shot");
        return validationAccuracy(*zeroShot);
    }();
    return accuracy;
}

std::unique_ptr<engine::FewShotMethod> coop(train::PromptLearningOptions options = {})
{
    return train::makePromptLearning(session().model(), session().tokenizer(), data().classNames, options);
}

double maxDifference(const std::vector<float>& a, const std::vector<float>& b)
{
    EXPECT_EQ(a.size(), b.size());
    double largest = 0.0;
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        largest = std::max(largest, static_cast<double>(std::fabs(a[i] - b[i])));
    return largest;
}

// Preprocessed pixels of rows of the coded data.
std::vector<float> pixelsOf(const std::vector<int64_t>& rows)
{
    std::vector<float> pixels;
    for (int64_t row : rows) {
        const std::vector<float> image = session().preprocessFile(data().paths[static_cast<size_t>(row)]);
        pixels.insert(pixels.end(), image.begin(), image.end());
    }
    return pixels;
}

train::FineTuneData fineTuneData(bool withValidation)
{
    train::FineTuneData input;
    input.pixels = pixelsOf(data().support);
    input.labels = labelsOf(data().support);
    if (withValidation) {
        input.validationPixels = pixelsOf(data().validation);
        input.validationLabels = labelsOf(data().validation);
    }
    input.prototypes = data().prototypes.values;
    return input;
}

// Short, deterministic fine-tuning settings for the tiny demo model.
train::FineTuneOptions quickFineTune()
{
    train::FineTuneOptions options;
    options.epochs = 8;
    options.batchSize = 16;
    options.learningRate = 1e-3;
    options.wiseRatio = 1.0;
    options.augmentation = train::AugmentationOptions::none();
    options.patience = 0;
    return options;
}

// Accuracy of class weights [classes, dim] on the validation images embedded
// with the CLIP checkpoint in `folder`.
double accuracyWithModel(const fs::path& folder, const train::FineTuneResult& result)
{
    const auto tuned = ClipSession::open(folder.string());
    std::vector<std::string> paths;
    for (int64_t row : data().validation)
        paths.push_back(data().paths[static_cast<size_t>(row)]);
    const ImageEmbeddings encoded = tuned->encodeImageFiles(paths, {});
    engine::ClassifierHead head;
    head.weight = engine::FeatureMatrix(result.classes, result.dim, result.classWeights);
    head.bias.assign(static_cast<size_t>(result.classes), 0.0f);
    const engine::FeatureMatrix probabilities = engine::predictProbabilities(
        head, engine::FeatureMatrix(static_cast<int64_t>(paths.size()), encoded.dim, encoded.values));
    return engine::computeMetrics(probabilities, labelsOf(data().validation)).accuracy;
}

}  // namespace

TEST(Coop, BeatsZeroShotAtEightShots)
{
    const double zeroShot = zeroShotAccuracy();
    EXPECT_LT(zeroShot, 0.35) << "coded class names should defeat zero-shot classification";

    const auto shared = coop();
    const double sharedAccuracy = validationAccuracy(*shared);
    EXPECT_GT(sharedAccuracy, zeroShot + 0.1);

    train::PromptLearningOptions perClass;
    perClass.classSpecific = true;
    const auto specific = coop(perClass);
    EXPECT_GT(validationAccuracy(*specific), zeroShot + 0.3);
    EXPECT_EQ(specific->hyperparameters()["context_tokens"], 4);  // "a photo of a"
}

TEST(Coop, IsDeterministic)
{
    train::PromptLearningOptions options;
    options.steps = 30;
    const auto first = coop(options);
    const auto second = coop(options);
    validationAccuracy(*first);
    validationAccuracy(*second);
    EXPECT_EQ(first->head().weight.values, second->head().weight.values);
}

TEST(Coop, CancelKeepsThePreviousHead)
{
    train::PromptLearningOptions options;
    options.steps = 20;
    const auto method = coop(options);
    validationAccuracy(*method);
    const engine::ClassifierHead before = method->head();

    engine::FitOptions cancelling = fitOptions();
    int reports = 0;
    cancelling.progress = [&](const engine::FitProgress& progress) {
        ++reports;
        EXPECT_EQ(progress.totalSteps, 20);
        EXPECT_TRUE(std::isfinite(progress.trainingLoss));
    };
    cancelling.cancel = [&] { return reports >= 3; };
    EXPECT_THROW(validationAccuracy(*method, cancelling), engine::Cancelled);
    EXPECT_EQ(reports, 3);
    EXPECT_EQ(method->head().weight.values, before.weight.values);
}

TEST(Coop, RejectsMismatchedClassNames)
{
    const auto method =
        train::makePromptLearning(session().model(), session().tokenizer(), {"type 1", "type 2"}, {});
    EXPECT_THROW(validationAccuracy(*method), Error);
}

TEST(Ensemble, AveragesItsMembersAndExportsThem)
{
    std::vector<std::unique_ptr<engine::FewShotMethod>> members;
    members.push_back(engine::createMethod("linear-probe"));
    members.push_back(engine::createMethod("tip-adapter"));
    const auto ensemble = engine::makeEnsemble(std::move(members));
    const double accuracy = validationAccuracy(*ensemble);
    EXPECT_GT(accuracy, zeroShotAccuracy() + 0.2);

    // The ensemble's probabilities are the mean of its members', which are
    // the methods trained on their own.
    const engine::FeatureMatrix test = engine::selectRows(data().embeddings, data().validation);
    const std::vector<engine::ClassifierHead>& heads = ensemble->head().members;
    ASSERT_EQ(heads.size(), 2u);
    const engine::FeatureMatrix a = engine::predictProbabilities(heads[0], test);
    const engine::FeatureMatrix b = engine::predictProbabilities(heads[1], test);
    std::vector<float> mean(a.values.size());
    for (size_t i = 0; i < mean.size(); ++i)
        mean[i] = (a.values[i] + b.values[i]) / 2.0f;
    EXPECT_LT(maxDifference(ensemble->predictProbabilities(test).values, mean), 1e-6);
    const auto linear = engine::createMethod("linear-probe");
    const auto tip = engine::createMethod("tip-adapter");
    validationAccuracy(*linear);
    validationAccuracy(*tip);
    EXPECT_LT(maxDifference(linear->predictProbabilities(test).values, a.values), 1e-3);
    EXPECT_LT(maxDifference(tip->predictProbabilities(test).values, b.values), 1e-3);

    // head.safetensors and head.pt both reproduce it.
    const fs::path folder = scratchDir("ensemble-export") / "head";
    engine::HeadDescription description;
    description.method = "ensemble";
    description.classNames = data().classNames;
    engine::exportHeadFolder(folder, ensemble->head(), description);
    const engine::LoadedHead loaded = engine::loadHeadFolder(folder);
    ASSERT_EQ(loaded.head.members.size(), 2u);
    EXPECT_LT(maxDifference(engine::predictProbabilities(loaded.head, test).values, mean), 1e-6);
    EXPECT_LT(maxDifference(engine::runTorchScriptHead(folder / "head.pt", test).values, mean), 1e-5);
}

TEST(Ensemble, NeedsTwoPlainMembers)
{
    std::vector<std::unique_ptr<engine::FewShotMethod>> one;
    one.push_back(engine::createMethod("zero-shot"));
    EXPECT_THROW(engine::makeEnsemble(std::move(one)), Error);
}

TEST(FineTune, LearnsAndSavesALoadableModel)
{
    const fs::path folder = scratchDir("fine-tune-learns") / "model";
    std::vector<train::FineTuneProgress> reports;
    const train::FineTuneResult result = train::fineTune(
        session().model(), fineTuneData(true), quickFineTune(), folder.string(),
        [&](const train::FineTuneProgress& progress) { reports.push_back(progress); }, {});
    ASSERT_EQ(reports.size(), 8u);
    EXPECT_EQ(reports.back().epoch, 8);
    EXPECT_EQ(reports.back().step, reports.back().totalSteps);
    EXPECT_LT(reports.back().trainingLoss, reports.front().trainingLoss);
    EXPECT_GT(reports.back().validationAccuracy, zeroShotAccuracy() + 0.2);
    ASSERT_TRUE(fs::exists(folder / "model.safetensors"));

    // The saved checkpoint, loaded back, gives the best epoch's accuracy.
    fs::copy_file(fs::path(FEWSHOT_DEMO_MODEL_DIR) / "vocab.json", folder / "vocab.json");
    fs::copy_file(fs::path(FEWSHOT_DEMO_MODEL_DIR) / "merges.txt", folder / "merges.txt");
    const double best = reports[static_cast<size_t>(result.bestEpoch - 1)].validationAccuracy;
    EXPECT_NEAR(accuracyWithModel(folder, result), best, 0.01);
    // The original model is unchanged, and its fingerprint differs from the copy's.
    EXPECT_NE(ClipModel::load(folder.string())->fingerprint(), session().model().fingerprint());
    EXPECT_NEAR(validationAccuracy(*engine::createMethod("zero-shot")), zeroShotAccuracy(), 1e-9);
}

TEST(FineTune, WiseRatioZeroKeepsTheOriginalModel)
{
    const fs::path folder = scratchDir("fine-tune-wise") / "model";
    train::FineTuneOptions options = quickFineTune();
    options.epochs = 1;
    options.wiseRatio = 0.0;
    const train::FineTuneResult result =
        train::fineTune(session().model(), fineTuneData(false), options, folder.string(), {}, {});
    std::vector<float> expected = data().prototypes.values;
    for (float& value : expected)
        value *= session().model().logitScale();
    EXPECT_LT(maxDifference(result.classWeights, expected), 1e-4);
    const auto reloaded = ClipModel::load(folder.string());
    const std::vector<float> pixels = pixelsOf({0});
    EXPECT_LT(maxDifference(reloaded->encodeImages(pixels.data(), 1), session().model().encodeImages(pixels.data(), 1)),
              1e-5);
}

TEST(FineTune, CheckpointingGivesTheSameResult)
{
    train::FineTuneOptions options = quickFineTune();
    options.epochs = 1;
    const train::FineTuneData input = fineTuneData(false);
    const fs::path dir = scratchDir("fine-tune-checkpointing");
    const train::FineTuneResult plain =
        train::fineTune(session().model(), input, options, (dir / "plain").string(), {}, {});
    options.gradientCheckpointing = true;
    const train::FineTuneResult recomputed =
        train::fineTune(session().model(), input, options, (dir / "recomputed").string(), {}, {});
    EXPECT_LT(maxDifference(plain.classWeights, recomputed.classWeights), 1e-3);
    EXPECT_NEAR(plain.trainingLoss, recomputed.trainingLoss, 1e-4);
}

TEST(FineTune, CancelStopsWithinAStepAndWritesNothing)
{
    const fs::path folder = scratchDir("fine-tune-cancel") / "model";
    int polls = 0;
    EXPECT_THROW(train::fineTune(session().model(), fineTuneData(false), quickFineTune(), folder.string(), {},
                                 [&] { return ++polls > 5; }),
                 engine::Cancelled);
    EXPECT_FALSE(fs::exists(folder));
}

TEST(FineTune, RejectsInvalidOptions)
{
    train::FineTuneOptions options = quickFineTune();
    options.wiseRatio = 1.5;
    EXPECT_THROW(train::fineTune(session().model(), fineTuneData(false), options, "unused", {}, {}), Error);
    options = quickFineTune();
    options.autocast = "float16";  // CUDA only
    EXPECT_THROW(train::fineTune(session().model(), fineTuneData(false), options, "unused", {}, {}), Error);
    train::FineTuneData missingClass = fineTuneData(false);
    for (int64_t& label : missingClass.labels)
        label = std::min<int64_t>(label, kClasses - 2);  // no image of the last class
    EXPECT_THROW(train::fineTune(session().model(), missingClass, quickFineTune(), "unused", {}, {}), Error);
}

TEST(Augmentation, FlipOnlyMirrorsOrKeeps)
{
    const int64_t size = session().model().imageSize();
    const std::vector<float> original = pixelsOf({0});
    train::AugmentationOptions flip = {false, true, false, false, false};
    int mirrored = 0;
    for (uint64_t seed = 1; seed <= 8; ++seed) {
        std::vector<float> pixels = original;
        train::augmentPixels(pixels, 1, size, flip, {0.48145466f, 0.4578275f, 0.40821073f},
                             {0.26862954f, 0.26130258f, 0.27577711f}, seed);
        std::vector<float> mirror = original;
        for (int64_t c = 0; c < 3; ++c)
            for (int64_t y = 0; y < size; ++y)
                for (int64_t x = 0; x < size; ++x)
                    mirror[static_cast<size_t>((c * size + y) * size + x)] =
                        original[static_cast<size_t>((c * size + y) * size + (size - 1 - x))];
        const double toOriginal = maxDifference(pixels, original);
        const double toMirror = maxDifference(pixels, mirror);
        EXPECT_LT(std::min(toOriginal, toMirror), 1e-4) << "seed " << seed;
        mirrored += toMirror < 1e-4 && toOriginal > 1e-3;
    }
    EXPECT_GT(mirrored, 0);
    EXPECT_LT(mirrored, 8);
}

TEST(Augmentation, IsSeededAndStaysInRange)
{
    const int64_t size = session().model().imageSize();
    const std::vector<float> original = pixelsOf({0, 1});
    const std::vector<float> mean = {0.48145466f, 0.4578275f, 0.40821073f};
    const std::vector<float> deviation = {0.26862954f, 0.26130258f, 0.27577711f};
    std::vector<float> first = original, second = original, other = original, none = original;
    train::augmentPixels(first, 2, size, {}, mean, deviation, 5);
    train::augmentPixels(second, 2, size, {}, mean, deviation, 5);
    train::augmentPixels(other, 2, size, {}, mean, deviation, 6);
    train::augmentPixels(none, 2, size, train::AugmentationOptions::none(), mean, deviation, 5);
    EXPECT_EQ(first, second);
    EXPECT_GT(maxDifference(first, other), 0.1);
    EXPECT_EQ(none, original);
    // Colour jitter clamps to the displayable range [0, 1] before normalizing.
    for (size_t i = 0; i < first.size(); ++i) {
        const size_t channel = (i / static_cast<size_t>(size * size)) % 3;
        const float value = first[i] * deviation[channel] + mean[channel];
        ASSERT_GE(value, -1e-4f);
        ASSERT_LE(value, 1.0f + 1e-4f);
    }
}

// The same methods through `fewshot`, on a project of the coded images.
class AdaptationCli : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir = scratchDir(std::string("adaptation-cli-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        project = dir / "p.fewshot";
        ASSERT_EQ(runFewshot({"project", "create", qpath(project)}).exitCode, 0);
        const CommandResult imported =
            runFewshot({"project", "import", qpath(project), "--folder", qpath(data().imageFolder)});
        ASSERT_EQ(imported.exitCode, 0) << imported.err;
    }

    CommandResult train(const QStringList& arguments)
    {
        return runFewshot(QStringList{"train", "--project", qpath(project), "--model", FEWSHOT_DEMO_MODEL_DIR,
                                      "--shots", QString::number(kShots)}
                          + arguments);
    }

    fs::path dir;
    fs::path project;
};

TEST_F(AdaptationCli, CoopAndEnsembleTrainAndExport)
{
    for (const QString& method : {QStringLiteral("coop"), QStringLiteral("ensemble")}) {
        const fs::path head = dir / (method.toStdString() + "-head");
        const CommandResult trained = train({"--method", method, "--output", qpath(head) + "/"});
        ASSERT_EQ(trained.exitCode, 0) << trained.err;
        EXPECT_NE(trained.err.find("Accuracy on the"), std::string::npos) << trained.err;
        std::ifstream metadataFile(head / "metadata.json");
        const nlohmann::json metadata = nlohmann::json::parse(metadataFile);
        EXPECT_EQ(metadata["method"], method.toStdString());
        EXPECT_GT(metadata["metrics"]["validation_accuracy"].get<double>(), zeroShotAccuracy() + 0.05) << method.toStdString();

        const CommandResult predicted = runFewshot({"predict", "--model", FEWSHOT_DEMO_MODEL_DIR, "--head", qpath(head),
                                                    qpath(data().imageFolder / "type 3")});
        EXPECT_EQ(predicted.exitCode, 0) << predicted.err;
        EXPECT_NE(predicted.out.find("type 3"), std::string::npos);
    }
}

TEST_F(AdaptationCli, EvaluateProjectMethods)
{
    const CommandResult evaluated =
        runFewshot({"evaluate", "--project", qpath(project), "--model", FEWSHOT_DEMO_MODEL_DIR, "--methods",
                    "zero-shot,coop,ensemble", "--members", "linear-probe,coop", "--shots", "2,4", "--seeds", "1",
                    "--steps", "50", "--output", qpath(dir / "report.json")});
    ASSERT_EQ(evaluated.exitCode, 0) << evaluated.err;
    EXPECT_NE(evaluated.out.find("| coop |"), std::string::npos) << evaluated.out;
    EXPECT_NE(evaluated.out.find("| ensemble |"), std::string::npos) << evaluated.out;

    const CommandResult rejected = runFewshot({"evaluate", "--project", qpath(project), "--model",
                                              FEWSHOT_DEMO_MODEL_DIR, "--methods", "fine-tune"});
    EXPECT_EQ(rejected.exitCode, 2);
    EXPECT_NE(rejected.err.find("fine-tune"), std::string::npos) << rejected.err;
}

TEST_F(AdaptationCli, FineTuneExportsTheModelWithTheHead)
{
    const fs::path head = dir / "tuned";
    const CommandResult trained =
        train({"--method", "fine-tune", "--epochs", "3", "--learning-rate", "1e-3", "--wise", "0.8", "--augment",
               "crop,flip", "--output", qpath(head)});
    ASSERT_EQ(trained.exitCode, 0) << trained.err;
    EXPECT_NE(trained.err.find("Estimated time"), std::string::npos) << trained.err;
    EXPECT_NE(trained.err.find("epoch 3/3"), std::string::npos) << trained.err;
    ASSERT_TRUE(fs::exists(head / "clip-model" / "model.safetensors"));
    ASSERT_TRUE(fs::exists(head / "clip-model" / "vocab.json"));
    ASSERT_TRUE(fs::exists(dir / "p.models" / "run-1" / "model.safetensors"));

    // The exported model folder loads on its own and matches the head.
    const CommandResult predicted = runFewshot({"predict", "--model", qpath(head / "clip-model"), "--head", qpath(head),
                                                "--format", "json", qpath(data().imageFolder / "type 1")});
    EXPECT_EQ(predicted.exitCode, 0) << predicted.err;
    // With the original model, the head's fingerprint check rejects the images.
    const CommandResult mismatched = runFewshot({"predict", "--model", FEWSHOT_DEMO_MODEL_DIR, "--head", qpath(head),
                                                 qpath(data().imageFolder / "type 1")});
    EXPECT_NE(mismatched.exitCode, 0);

    // Exporting the run again copies the model too.
    const CommandResult exported =
        runFewshot({"export", "--project", qpath(project), "--run", "1", "--output", qpath(dir / "again")});
    EXPECT_EQ(exported.exitCode, 0) << exported.err;
    EXPECT_TRUE(fs::exists(dir / "again" / "clip-model" / "model.safetensors"));
}

TEST_F(AdaptationCli, AugmentedCopiesJoinTheSupportSet)
{
    const CommandResult plain = train({"--method", "linear-probe", "--output", qpath(dir / "plain")});
    ASSERT_EQ(plain.exitCode, 0) << plain.err;
    const CommandResult augmented = train({"--method", "linear-probe", "--augment-copies", "2", "--augment",
                                           "crop,rotate,translate", "--output", qpath(dir / "augmented")});
    ASSERT_EQ(augmented.exitCode, 0) << augmented.err;

    const auto store = store::ProjectStore::open(qpath(project), store::OpenMode::ReadOnly);
    EXPECT_EQ(store->run(2).hyperparameters.value(QStringLiteral("augmented_copies")).toInt(), 2);
    EXPECT_FALSE(store->run(1).hyperparameters.contains(QStringLiteral("augmented_copies")));
    // The copies change the fit: the two heads differ.
    std::ifstream first(dir / "plain" / "head.safetensors", std::ios::binary);
    std::ifstream second(dir / "augmented" / "head.safetensors", std::ios::binary);
    const std::string a((std::istreambuf_iterator<char>(first)), std::istreambuf_iterator<char>());
    const std::string b((std::istreambuf_iterator<char>(second)), std::istreambuf_iterator<char>());
    EXPECT_FALSE(a.empty());
    EXPECT_NE(a, b);

    const CommandResult unchanged = train({"--method", "linear-probe", "--augment-copies", "2", "--augment", "none"});
    EXPECT_EQ(unchanged.exitCode, 2) << unchanged.err;
}

TEST_F(AdaptationCli, RejectsBadAdaptationOptions)
{
    for (const QStringList& arguments :
         {QStringList{"--method", "fine-tune", "--wise", "2"}, QStringList{"--method", "fine-tune", "--augment", "blur"},
          QStringList{"--method", "ensemble", "--members", "coop"}, QStringList{"--method", "coop", "--balance", "x"},
          QStringList{"--method", "fine-tune", "--autocast", "int8"}}) {
        const CommandResult result = train(arguments);
        EXPECT_EQ(result.exitCode, 2) << arguments.join(' ').toStdString() << "\n" << result.err;
    }
}
