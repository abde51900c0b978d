// Head export and reload, safetensors encoding, metrics, feature folders and
// the k-shot evaluation report, on synthetic data.

#include "fixtures.h"
#include "test_engine_support.h"

#include "base/error.h"
#include "base/json_file.h"
#include "base/npy.h"
#include "engine/evaluation.h"
#include "engine/feature_dataset.h"
#include "engine/head_folder.h"
#include "engine/safetensors_file.h"

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace fewshot;
using namespace fewshot::engine;
using namespace fewshot::test;

namespace {

double maxDifference(const FeatureMatrix& a, const FeatureMatrix& b)
{
    double largest = 0.0;
    for (size_t i = 0; i < a.values.size(); ++i)
        largest = std::max(largest, std::abs(static_cast<double>(a.values[i]) - b.values[i]));
    return largest;
}

HeadDescription describe(const FewShotMethod& method, int64_t classes)
{
    HeadDescription description;
    description.method = method.name();
    for (int64_t c = 0; c < classes; ++c)
        description.classNames.push_back("class " + std::to_string(c));
    description.templates = {"a photo of a {}."};
    description.hyperparameters = method.hyperparameters();
    return description;
}

}  // namespace

TEST(EngineSafetensors, LayoutFollowsTheFormat)
{
    const std::string bytes = encodeSafetensors({{"weight", {2, 2}, {1, 2, 3, 4}}, {"scale", {}, {0.5f}}},
                                                {{"method", "linear-probe"}});
    uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i)
        headerLength = (headerLength << 8) | static_cast<unsigned char>(bytes[static_cast<size_t>(i)]);
    EXPECT_EQ(headerLength % 8, 0u);
    EXPECT_EQ(bytes.size(), 8 + headerLength + 5 * 4);
    const nlohmann::json header = nlohmann::json::parse(bytes.substr(8, headerLength));
    EXPECT_EQ(header["weight"]["dtype"], "F32");
    EXPECT_EQ(header["weight"]["data_offsets"], nlohmann::json({0, 16}));
    EXPECT_EQ(header["scale"]["shape"], nlohmann::json::array());
    EXPECT_EQ(header["scale"]["data_offsets"], nlohmann::json({16, 20}));
    EXPECT_EQ(header["__metadata__"]["method"], "linear-probe");
    float third = 0.0f;
    std::memcpy(&third, bytes.data() + 8 + headerLength + 8, 4);
    EXPECT_EQ(third, 3.0f);
}

TEST(EngineSafetensors, RoundTripAndErrors)
{
    const auto folder = scratchDir("engine-safetensors");
    writeFileAtomically(folder / "a.safetensors",
                        encodeSafetensors({{"b", {3}, {1, 2, 3}}, {"a", {1, 2}, {4, 5}}}, {{"k", "v"}}));
    std::map<std::string, std::string> metadata;
    const auto tensors = readSafetensors(folder / "a.safetensors", &metadata);
    ASSERT_EQ(tensors.size(), 2u);
    EXPECT_EQ(tensors[0].name, "b");
    EXPECT_EQ(tensors[0].values, (std::vector<float>{1, 2, 3}));
    EXPECT_EQ(tensors[1].shape, (std::vector<int64_t>{1, 2}));
    EXPECT_EQ(metadata.at("k"), "v");

    EXPECT_THROW(encodeSafetensors({{"a", {2}, {1}}}), Error);
    EXPECT_THROW(encodeSafetensors({{"a", {1}, {1}}, {"a", {1}, {2}}}), Error);
    writeFileAtomically(folder / "short.safetensors", "abc");
    EXPECT_THROW(readSafetensors(folder / "short.safetensors"), Error);
    std::string truncated = encodeSafetensors({{"a", {4}, {1, 2, 3, 4}}});
    truncated.resize(truncated.size() - 4);
    writeFileAtomically(folder / "truncated.safetensors", truncated);
    EXPECT_THROW(readSafetensors(folder / "truncated.safetensors"), Error);
}

TEST(EngineExport, LinearHeadRoundTrips)
{
    const FewShotProblem problem = makeProblem(4);
    const auto method = createMethod("linear-probe");
    method->fit(problem.support, problem.supportLabels, problem.prototypes);
    const auto folder = scratchDir("engine-export-linear") / "head";
    exportHeadFolder(folder, method->head(), describe(*method, problem.prototypes.rows));

    for (const char* file : {"head.safetensors", "head.pt", "metadata.json", "README.md"})
        EXPECT_TRUE(std::filesystem::exists(folder / file)) << file;
    const LoadedHead loaded = loadHeadFolder(folder);
    EXPECT_EQ(loaded.head.weight.values, method->head().weight.values);
    EXPECT_EQ(loaded.head.bias, method->head().bias);
    EXPECT_FALSE(loaded.head.hasCache());
    EXPECT_EQ(loaded.classNames.front(), "class 0");

    const FeatureMatrix expected = method->predictProbabilities(problem.test);
    EXPECT_EQ(predictWithHeadFolder(folder, problem.test).values, expected.values);
    const FeatureMatrix scripted = runTorchScriptHead(folder / "head.pt", normalizeRows(problem.test));
    ASSERT_EQ(scripted.rows, expected.rows);
    ASSERT_EQ(scripted.cols, expected.cols);
    EXPECT_LT(maxDifference(scripted, expected), 1e-5);
}

TEST(EngineExport, CacheHeadTorchScriptMatches)
{
    const FewShotProblem problem = makeProblem(4);
    for (const char* name : {"tip-adapter", "tip-adapter-f"}) {
        const auto method = createMethod(name);
        method->fit(problem.support, problem.supportLabels, problem.prototypes);
        const auto folder = scratchDir(std::string("engine-export-") + name) / "head";
        exportHeadFolder(folder, method->head(), describe(*method, problem.prototypes.rows));

        const LoadedHead loaded = loadHeadFolder(folder);
        ASSERT_TRUE(loaded.head.hasCache()) << name;
        EXPECT_EQ(loaded.head.cacheKeys.values, method->head().cacheKeys.values) << name;
        EXPECT_EQ(loaded.head.cacheAlpha, method->head().cacheAlpha) << name;
        EXPECT_EQ(loaded.head.cacheBeta, method->head().cacheBeta) << name;
        const FeatureMatrix expected = method->predictProbabilities(problem.test);
        // Raw embeddings: the module normalizes rows itself.
        EXPECT_LT(maxDifference(runTorchScriptHead(folder / "head.pt", problem.test), expected), 1e-5) << name;
    }
}

TEST(EngineExport, MetadataDescribesTheHead)
{
    const FewShotProblem problem = makeProblem(2);
    const auto method = createMethod("tip-adapter");
    method->fit(problem.support, problem.supportLabels, problem.prototypes);
    const auto folder = scratchDir("engine-export-metadata") / "head";
    HeadDescription description = describe(*method, problem.prototypes.rows);
    description.clipModelName = "ViT-B/32";
    description.metrics = {{"accuracy", 0.5}};
    exportHeadFolder(folder, method->head(), description);

    const nlohmann::json metadata = readJsonFile(folder / "metadata.json");
    EXPECT_EQ(metadata["format"], "fewshot-studio-head");
    EXPECT_EQ(metadata["method"], "tip-adapter");
    EXPECT_EQ(metadata["class_count"], problem.prototypes.rows);
    EXPECT_EQ(metadata["embedding_dimension"], 48);
    EXPECT_EQ(metadata["clip_model_name"], "ViT-B/32");
    EXPECT_TRUE(metadata["clip_model_fingerprint"].is_null());
    EXPECT_EQ(metadata["templates"][0], "a photo of a {}.");
    EXPECT_EQ(metadata["metrics"]["accuracy"], 0.5);
    EXPECT_TRUE(metadata["hyperparameters"].contains("alpha"));
    EXPECT_FALSE(metadata["program_version"].get<std::string>().empty());
    const std::string created = metadata["date"];
    ASSERT_EQ(created.size(), 20u) << created;
    EXPECT_EQ(created[10], 'T');
    EXPECT_EQ(created.back(), 'Z');
    const std::string readme = readFileBytes(folder / "README.md");
    EXPECT_NE(readme.find("torch.jit.load"), std::string::npos);
    EXPECT_NE(readme.find("torch::jit::load"), std::string::npos);
}

TEST(EngineExport, ReplacesAnExportButNotOtherFolders)
{
    const FewShotProblem problem = makeProblem(2);
    const auto zeroShot = createMethod("zero-shot");
    zeroShot->fit(problem.support, problem.supportLabels, problem.prototypes);
    const auto probe = createMethod("linear-probe");
    probe->fit(problem.support, problem.supportLabels, problem.prototypes);
    const auto scratch = scratchDir("engine-export-replace");

    exportHeadFolder(scratch / "head", zeroShot->head(), describe(*zeroShot, problem.prototypes.rows));
    exportHeadFolder(scratch / "head", probe->head(), describe(*probe, problem.prototypes.rows));
    EXPECT_EQ(loadHeadFolder(scratch / "head").metadata["method"], "linear-probe");

    std::filesystem::create_directories(scratch / "photos");
    writeFileAtomically(scratch / "photos" / "cat.jpg", "not really");
    EXPECT_THROW(exportHeadFolder(scratch / "photos", probe->head(), describe(*probe, problem.prototypes.rows)),
                 Error);
    EXPECT_TRUE(std::filesystem::exists(scratch / "photos" / "cat.jpg"));
    size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(scratch))
        ++entries;
    EXPECT_EQ(entries, 2u) << "a temporary folder was left behind";
}

// Paths typed on a command line: a trailing separator, "./", "..", and
// relative paths. Each must name the same folder as the plain path, replace
// an earlier export there, and leave no temporary folder behind.
TEST(EngineExport, TrailingSeparatorAndRelativePaths)
{
    const FewShotProblem problem = makeProblem(2);
    const auto zeroShot = createMethod("zero-shot");
    zeroShot->fit(problem.support, problem.supportLabels, problem.prototypes);
    const auto probe = createMethod("linear-probe");
    probe->fit(problem.support, problem.supportLabels, problem.prototypes);
    const auto scratch = scratchDir("engine-export-paths");
    const auto entryNames = [](const std::filesystem::path& folder) {
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(folder))
            names.push_back(entry.path().filename().string());
        return names;
    };

    exportHeadFolder(scratch.string() + "/head/", zeroShot->head(), describe(*zeroShot, problem.prototypes.rows));
    EXPECT_EQ(loadHeadFolder(scratch / "head").metadata["method"], "zero-shot");
    EXPECT_EQ(entryNames(scratch), std::vector<std::string>{"head"});

    exportHeadFolder(scratch.string() + "/head/", probe->head(), describe(*probe, problem.prototypes.rows));
    EXPECT_EQ(loadHeadFolder(scratch / "head").metadata["method"], "linear-probe");
    EXPECT_EQ(entryNames(scratch), std::vector<std::string>{"head"});

    std::filesystem::create_directories(scratch / "sub");
    exportHeadFolder(scratch.string() + "/sub/../head/.", zeroShot->head(),
                     describe(*zeroShot, problem.prototypes.rows));
    EXPECT_EQ(loadHeadFolder(scratch / "head").metadata["method"], "zero-shot");
    std::filesystem::remove(scratch / "sub");
    EXPECT_EQ(entryNames(scratch), std::vector<std::string>{"head"});

    // Relative to the working folder, which is restored afterwards.
    const auto previous = std::filesystem::current_path();
    std::filesystem::current_path(scratch);
    try {
        exportHeadFolder("./relative", probe->head(), describe(*probe, problem.prototypes.rows));
        exportHeadFolder("relative/", zeroShot->head(), describe(*zeroShot, problem.prototypes.rows));
    } catch (...) {
        std::filesystem::current_path(previous);
        throw;
    }
    std::filesystem::current_path(previous);
    EXPECT_EQ(loadHeadFolder(scratch / "relative").metadata["method"], "zero-shot");
    std::vector<std::string> entries = entryNames(scratch);
    std::sort(entries.begin(), entries.end());
    EXPECT_EQ(entries, (std::vector<std::string>{"head", "relative"}));
    EXPECT_EQ(entryNames(scratch / "relative").size(), 4u);
}

TEST(EngineExport, FailedExportLeavesNothing)
{
    const FewShotProblem problem = makeProblem(2);
    const auto method = createMethod("zero-shot");
    method->fit(problem.support, problem.supportLabels, problem.prototypes);
    const auto scratch = scratchDir("engine-export-failure");
    HeadDescription description = describe(*method, problem.prototypes.rows);
    description.classNames.pop_back();
    EXPECT_THROW(exportHeadFolder(scratch / "head", method->head(), description), Error);
    EXPECT_TRUE(std::filesystem::is_empty(scratch));
}

TEST(EngineExport, LoadRejectsMismatchedFolder)
{
    const FewShotProblem problem = makeProblem(2);
    const auto method = createMethod("zero-shot");
    method->fit(problem.support, problem.supportLabels, problem.prototypes);
    const auto folder = scratchDir("engine-export-mismatch") / "head";
    exportHeadFolder(folder, method->head(), describe(*method, problem.prototypes.rows));
    nlohmann::json metadata = readJsonFile(folder / "metadata.json");
    metadata["class_names"].erase(0);
    writeFileAtomically(folder / "metadata.json", metadata.dump());
    EXPECT_THROW(loadHeadFolder(folder), Error);
    EXPECT_THROW(loadHeadFolder(folder.parent_path() / "missing"), Error);
}

TEST(EngineMetrics, CountsAndCalibration)
{
    // Three samples, two classes: confident right, unsure right, confident wrong.
    const FeatureMatrix probabilities(3, 2, {0.9f, 0.1f, 0.4f, 0.6f, 0.8f, 0.2f});
    const ClassificationMetrics metrics = computeMetrics(probabilities, {0, 1, 1});
    EXPECT_NEAR(metrics.accuracy, 2.0 / 3.0, 1e-12);
    EXPECT_EQ(metrics.confusion, (std::vector<std::vector<int64_t>>{{1, 0}, {1, 1}}));
    EXPECT_NEAR(metrics.perClassRecall[0], 1.0, 1e-12);
    EXPECT_NEAR(metrics.perClassRecall[1], 0.5, 1e-12);
    // F1: class 0 = 2*1/(1+2) = 2/3, class 1 = 2*1/(2+1) = 2/3.
    EXPECT_NEAR(metrics.macroF1, 2.0 / 3.0, 1e-12);
    // Each sample falls in a bin of its own: ECE = (|1 - 0.9| + |0 - 0.8| + |1 - 0.6|) / 3.
    EXPECT_NEAR(metrics.expectedCalibrationError, 1.3 / 3.0, 1e-6);
    EXPECT_THROW(computeMetrics(probabilities, {0, 1}), Error);
}

TEST(EngineDataset, ReadsFolderAndFixedSupports)
{
    const FewShotProblem problem = makeProblem(5);
    const auto folder = scratchDir("engine-dataset");
    writeFeatureFolder(folder, problem, {{"supports", {{"1-shot-seed1", {0, 5, 10, 15, 20, 25}}}}});
    const FeatureDataset dataset = loadFeatureDataset(folder);
    EXPECT_EQ(dataset.classCount(), 6);
    EXPECT_EQ(dataset.poolLabels, problem.supportLabels);
    EXPECT_EQ(dataset.classNames[2], "2");
    bool fixed = false;
    EXPECT_EQ(supportIndices(dataset, 1, 1, &fixed), (std::vector<int64_t>{0, 5, 10, 15, 20, 25}));
    EXPECT_TRUE(fixed);
    const std::vector<int64_t> sampled = supportIndices(dataset, 2, 1, &fixed);
    EXPECT_FALSE(fixed);
    ASSERT_EQ(sampled.size(), 12u);
    EXPECT_EQ(sampled, supportIndices(dataset, 2, 1));
    for (size_t i = 0; i < sampled.size(); ++i)
        EXPECT_EQ(dataset.poolLabels[static_cast<size_t>(sampled[i])], static_cast<int64_t>(i / 2));
    EXPECT_THROW(supportIndices(dataset, 6, 1), Error);
}

TEST(EngineDataset, InvalidFoldersAreRejected)
{
    const FewShotProblem problem = makeProblem(2);
    const auto folder = scratchDir("engine-dataset-invalid");
    writeFeatureFolder(folder, problem, {{"supports", {{"1-shot-seed1", {0, 999}}}}});
    EXPECT_THROW(loadFeatureDataset(folder), Error);

    writeFeatureFolder(folder, problem, nullptr);
    std::filesystem::remove(folder / "expected.json");
    const FeatureMatrix wrong(problem.test.rows, problem.test.cols - 1);
    writeNpy(folder / "test_features.npy", {wrong.rows, wrong.cols}, wrong.values.data());
    try {
        loadFeatureDataset(folder);
        FAIL() << "a dimension mismatch was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("test_features.npy"), std::string::npos) << e.what();
    }
    EXPECT_THROW(loadFeatureDataset(folder / "missing"), Error);
}

TEST(EngineEvaluation, ReportHasEveryMethodAndShot)
{
    const FewShotProblem problem = makeProblem(6);
    const auto folder = scratchDir("engine-evaluation");
    writeFeatureFolder(folder, problem, nullptr);
    const FeatureDataset dataset = loadFeatureDataset(folder);
    EvaluationSettings settings;
    settings.methods = {"zero-shot", "linear-probe", "tip-adapter"};
    settings.shots = {1, 4};
    settings.seeds = {1, 2};
    int finished = 0;
    settings.runFinished = [&](const std::string&, int, int, const ClassificationMetrics&) { ++finished; };
    const EvaluationReport report = runKShotEvaluation(dataset, settings);
    EXPECT_EQ(finished, 12);
    ASSERT_EQ(report.summaries.size(), 6u);

    const nlohmann::json json = reportToJson(report);
    ASSERT_EQ(json["results"].size(), 6u);
    const nlohmann::json& first = json["results"][0];
    EXPECT_EQ(first["method"], "zero-shot");
    EXPECT_EQ(first["shots"], 1);
    EXPECT_EQ(first["accuracy_std"], 0.0);
    for (const char* key : {"accuracy_mean", "accuracy_std", "macro_f1_mean", "ece_mean", "per_class_recall_mean",
                            "confusion_matrix"})
        EXPECT_TRUE(first.contains(key)) << key;
    EXPECT_EQ(json["runs"].size(), 12u);
    const nlohmann::json& probe = json["results"][3];
    EXPECT_EQ(probe["method"], "linear-probe");
    EXPECT_EQ(probe["shots"], 4);
    EXPECT_GT(probe["accuracy_mean"].get<double>(), first["accuracy_mean"].get<double>());

    const std::string table = markdownTable(report);
    EXPECT_NE(table.find("| method | 1-shot | 4-shot |"), std::string::npos) << table;
    EXPECT_NE(table.find("| tip-adapter |"), std::string::npos) << table;
    EXPECT_NE(csvTable(report).find("linear-probe,4,2,"), std::string::npos);
}

TEST(EngineEvaluation, ImageMethodsRejectedUpFront)
{
    const FewShotProblem problem = makeProblem(2);
    const auto folder = scratchDir("engine-evaluation-image");
    writeFeatureFolder(folder, problem, nullptr);
    EvaluationSettings settings;
    settings.methods = {"zero-shot", "coop"};
    int finished = 0;
    settings.runFinished = [&](const std::string&, int, int, const ClassificationMetrics&) { ++finished; };
    EXPECT_THROW(runKShotEvaluation(loadFeatureDataset(folder), settings), Error);
    EXPECT_EQ(finished, 0);
}
