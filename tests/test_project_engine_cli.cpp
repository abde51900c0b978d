// `fewshot train --project`, `export --run`, `evaluate --project` and
// `predict` on images, run as a user would: on a project of generated demo
// images and a random tiny CLIP written here, so no fixture is needed.

#include "cli_test_support.h"
#include "model_test_support.h"

#include "base/json_file.h"
#include "engine/head_folder.h"
#include "model/checkpoint_writer.h"
#include "pipeline/clip_session.h"
#include "store/project_store.h"
#include "text/tokenizer.h"

#include <QJsonArray>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;
using namespace fewshot;
using namespace fewshot::test;

namespace {

constexpr int kImageCount = 32;  // 4 per class of the 8 demo classes

// A random CLIP small enough to run in milliseconds, with a byte-level
// vocabulary. It classifies nothing meaningfully, but every path from image
// file to probabilities runs as with a real checkpoint.
fs::path makeModel(const fs::path& folder, int64_t projectionDim, int visionLayers)
{
    ClipConfig config = tinyConfig();
    config.text.vocabSize = 514;
    config.text.eosTokenId = 513;
    config.text.maxPositions = 40;  // room for "a photo of a chipped edge."
    config.vision.numLayers = visionLayers;
    config.projectionDim = projectionDim;
    writeRandomCheckpoint(folder.string(), config, 5);
    Tokenizer::writeByteLevelVocabulary(folder.string(), config.text.vocabSize);
    return folder;
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> result;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);)
        result.push_back(line);
    return result;
}

// The image files under `folder`, sorted by path as `fewshot predict` takes them.
std::vector<std::string> imagesUnder(const fs::path& folder)
{
    std::vector<std::string> paths;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file() && entry.path().extension() == ".png")
            paths.push_back(entry.path().string());
    }
    std::sort(paths.begin(), paths.end());
    return paths;
}

class ProjectEngineCli : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir = scratchDir(std::string("project-engine-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        model = makeModel(dir / "model", 24, 2);
        images = dir / "images";
        project = dir / "p.fewshot";
        const CommandResult generated = runFewshot({"generate", "--generator", "demo", "--count",
                                                    QString::number(kImageCount), "--seed", "3", "--output",
                                                    qpath(images)});
        ASSERT_EQ(generated.exitCode, 0) << generated.err;
        ASSERT_EQ(runFewshot({"project", "create", qpath(project)}).exitCode, 0);
        const CommandResult imported = runFewshot({"project", "import", qpath(project), "--folder", qpath(images)});
        ASSERT_EQ(imported.exitCode, 0) << imported.err;
    }

    // Trains with `arguments` added and returns the printed run id, or 0 after a failure.
    qint64 train(const QStringList& arguments)
    {
        const CommandResult trained =
            runFewshot(QStringList{"train", "--project", qpath(project), "--model", qpath(model)} + arguments);
        EXPECT_EQ(trained.exitCode, 0) << trained.err;
        EXPECT_TRUE(std::regex_match(trained.out, std::regex("[0-9]+\n"))) << trained.out;
        return trained.exitCode == 0 ? std::stoll(trained.out) : 0;
    }

    CommandResult exportRun(qint64 runId, const fs::path& output)
    {
        return runFewshot({"export", "--project", qpath(project), "--run", QString::number(runId), "--output",
                           qpath(output)});
    }

    // Trains a linear probe and exports it to dir/head.
    fs::path trainedHead()
    {
        const qint64 runId = train({"--method", "linear-probe"});
        const CommandResult exported = exportRun(runId, dir / "head");
        EXPECT_EQ(exported.exitCode, 0) << exported.err;
        return dir / "head";
    }

    fs::path dir;
    fs::path model;
    fs::path images;
    fs::path project;
};

}  // namespace

TEST_F(ProjectEngineCli, TrainRecordsRunWithHead)
{
    const qint64 runId = train({"--method", "linear-probe"});
    ASSERT_GT(runId, 0);

    const auto store = store::ProjectStore::open(qpath(project), store::OpenMode::ReadOnly);
    const store::TrainingRun run = store->run(runId);
    EXPECT_EQ(run.status, store::RunStatus::Finished);
    EXPECT_EQ(run.method, QStringLiteral("linear-probe"));
    EXPECT_FALSE(run.epochs.empty());
    EXPECT_TRUE(run.metrics.contains(QStringLiteral("training_accuracy")));
    EXPECT_EQ(run.hyperparameters.value(QStringLiteral("support_size")).toInt(), kImageCount);
    EXPECT_TRUE(store->runHead(runId).has_value());
    EXPECT_EQ(store->summary().imageEmbeddings, kImageCount);
    // The model folder is recorded for later commands without --model.
    EXPECT_EQ(store->modelFolder(), qpath(fs::absolute(model)));
}

TEST_F(ProjectEngineCli, TrainExportPredictMatchesLibrary)
{
    const qint64 runId = train({"--method", "tip-adapter", "--seed", "2"});
    ASSERT_GT(runId, 0);
    std::string storedWeights;
    {
        const auto store = store::ProjectStore::open(qpath(project), store::OpenMode::ReadOnly);
        const std::optional<store::RunHead> stored = store->runHead(runId);
        ASSERT_TRUE(stored.has_value());
        storedWeights = stored->weights.toStdString();
    }

    const fs::path head = dir / "head";
    const CommandResult exported = exportRun(runId, head);
    ASSERT_EQ(exported.exitCode, 0) << exported.err;
    for (const char* file : {"head.safetensors", "head.pt", "metadata.json", "README.md"})
        EXPECT_TRUE(fs::exists(head / file)) << file;
    EXPECT_EQ(readFileBytes(head / "head.safetensors"), storedWeights);
    int entriesNamedHead = 0;
    for (const auto& entry : fs::directory_iterator(dir))
        entriesNamedHead += entry.path().filename().string().rfind("head", 0) == 0 ? 1 : 0;
    EXPECT_EQ(entriesNamedHead, 1) << "a temporary folder was left beside the export";

    const nlohmann::json metadata = readJsonFile(head / "metadata.json");
    EXPECT_EQ(metadata["method"], "tip-adapter");
    EXPECT_EQ(metadata["training"]["run"], runId);
    const std::vector<std::string> classes = metadata["class_names"].get<std::vector<std::string>>();
    ASSERT_EQ(classes.size(), 8u);

    const CommandResult predicted =
        runFewshot({"predict", "--model", qpath(model), "--head", qpath(head), qpath(images), "--format", "json"});
    ASSERT_EQ(predicted.exitCode, 0) << predicted.err;
    const nlohmann::json results = nlohmann::json::parse(predicted.out)["results"];

    // The same images through the library: encoded by a session, then the
    // head as the project stored it.
    const auto session = ClipSession::open(model.string());
    EXPECT_EQ(metadata["clip_model_fingerprint"], session->model().fingerprint());
    const std::vector<std::string> paths = imagesUnder(images);
    const ImageEmbeddings embeddings = session->encodeImageFiles(paths, {});
    ASSERT_EQ(embeddings.indices.size(), paths.size());
    const engine::FeatureMatrix expected = engine::predictProbabilities(
        engine::decodeHeadWeights(storedWeights, "stored head"),
        engine::FeatureMatrix(static_cast<int64_t>(paths.size()), embeddings.dim, embeddings.values));

    ASSERT_EQ(results.size(), paths.size());
    for (size_t i = 0; i < paths.size(); ++i) {
        EXPECT_EQ(results[i]["path"], paths[i]);
        const auto row = static_cast<int64_t>(i);
        const int64_t top = std::max_element(expected.row(row), expected.row(row) + expected.cols) - expected.row(row);
        EXPECT_EQ(results[i]["top_class"], classes[static_cast<size_t>(top)]) << paths[i];
        for (size_t c = 0; c < classes.size(); ++c)
            EXPECT_NEAR(results[i]["probabilities"][classes[c]].get<double>(), expected.at(row, static_cast<int64_t>(c)),
                        1e-5)
                << paths[i] << " " << classes[c];
    }
}

TEST_F(ProjectEngineCli, PredictCsvLikeZeroShot)
{
    const fs::path head = trainedHead();
    const CommandResult predicted = runFewshot({"predict", "--model", qpath(model), "--head", qpath(head), qpath(images)});
    ASSERT_EQ(predicted.exitCode, 0) << predicted.err;
    const std::vector<std::string> rows = lines(predicted.out);
    ASSERT_EQ(rows.size(), 1u + kImageCount);
    const nlohmann::json metadata = readJsonFile(head / "metadata.json");
    std::string header = "path,top_class,top_probability";
    for (const auto& name : metadata["class_names"])
        header += "," + name.get<std::string>();
    EXPECT_EQ(rows[0], header);
    EXPECT_TRUE(contains(header, ",chipped edge")) << header;
    EXPECT_EQ(rows[1].rfind(imagesUnder(images)[0] + ",", 0), 0u) << rows[1];
}

TEST_F(ProjectEngineCli, PredictSkipsCorruptImage)
{
    const fs::path head = trainedHead();
    const fs::path mixed = dir / "mixed";
    fs::create_directories(mixed);
    const std::vector<std::string> good = imagesUnder(images);
    for (size_t i = 0; i < 3; ++i)
        fs::copy_file(good[i], mixed / ("good" + std::to_string(i) + ".png"));
    std::ofstream(mixed / "broken.png", std::ios::binary) << "not a png";

    const CommandResult predicted = runFewshot({"predict", "--model", qpath(model), "--head", qpath(head), qpath(mixed)});
    EXPECT_EQ(predicted.exitCode, 1);
    EXPECT_TRUE(contains(predicted.err, "broken.png")) << predicted.err;
    const std::vector<std::string> rows = lines(predicted.out);
    ASSERT_EQ(rows.size(), 4u) << predicted.out;
    EXPECT_FALSE(contains(predicted.out, "broken.png"));
    for (size_t i = 1; i < rows.size(); ++i)
        EXPECT_TRUE(contains(rows[i], "good")) << rows[i];
}

TEST_F(ProjectEngineCli, PredictRejectsOtherDimension)
{
    const fs::path head = trainedHead();
    const fs::path wide = makeModel(dir / "wide-model", 32, 2);
    const CommandResult predicted = runFewshot({"predict", "--model", qpath(wide), "--head", qpath(head), qpath(images)});
    EXPECT_EQ(predicted.exitCode, 1);
    EXPECT_TRUE(predicted.out.empty()) << predicted.out;
    EXPECT_TRUE(contains(predicted.err, head.string())) << predicted.err;
    EXPECT_TRUE(contains(predicted.err, wide.string())) << predicted.err;
    EXPECT_TRUE(contains(predicted.err, "24-dimensional")) << predicted.err;
    EXPECT_TRUE(contains(predicted.err, "32-dimensional")) << predicted.err;
}

TEST_F(ProjectEngineCli, PredictRejectsOtherModel)
{
    const fs::path head = trainedHead();
    const fs::path deeper = makeModel(dir / "deeper-model", 24, 3);
    const std::string headFingerprint = readJsonFile(head / "metadata.json")["clip_model_fingerprint"];
    const std::string otherFingerprint = ClipSession::open(deeper.string())->model().fingerprint();
    ASSERT_NE(headFingerprint, otherFingerprint);

    const CommandResult predicted =
        runFewshot({"predict", "--model", qpath(deeper), "--head", qpath(head), qpath(images)});
    EXPECT_EQ(predicted.exitCode, 1);
    EXPECT_TRUE(predicted.out.empty()) << predicted.out;
    EXPECT_TRUE(contains(predicted.err, head.string())) << predicted.err;
    EXPECT_TRUE(contains(predicted.err, deeper.string())) << predicted.err;
    EXPECT_TRUE(contains(predicted.err, headFingerprint)) << predicted.err;
    EXPECT_TRUE(contains(predicted.err, otherFingerprint)) << predicted.err;
}

TEST_F(ProjectEngineCli, TrainWithShotsMeasuresRest)
{
    const qint64 runId = train({"--method", "linear-probe", "--shots", "1", "--seed", "4"});
    ASSERT_GT(runId, 0);
    const auto store = store::ProjectStore::open(qpath(project), store::OpenMode::ReadOnly);
    const store::TrainingRun run = store->run(runId);
    EXPECT_EQ(run.hyperparameters.value(QStringLiteral("support_image_ids")).toArray().size(), 8);
    EXPECT_EQ(run.metrics.value(QStringLiteral("validation_images")).toInt(), kImageCount - 8);
    EXPECT_TRUE(run.metrics.contains(QStringLiteral("validation_accuracy")));

    const CommandResult tooMany = runFewshot({"train", "--project", qpath(project), "--model", qpath(model),
                                              "--method", "linear-probe", "--shots", "5"});
    EXPECT_EQ(tooMany.exitCode, 1);
    EXPECT_TRUE(contains(tooMany.err, "--shots 5")) << tooMany.err;
}

TEST_F(ProjectEngineCli, EvaluateUsesRecordedModel)
{
    const CommandResult withoutModel = runFewshot({"evaluate", "--project", qpath(project)});
    EXPECT_EQ(withoutModel.exitCode, 2);
    EXPECT_TRUE(contains(withoutModel.err, "--model DIR is required")) << withoutModel.err;

    ASSERT_GT(train({"--method", "zero-shot"}), 0);
    const fs::path report = dir / "report.json";
    const CommandResult evaluated = runFewshot({"evaluate", "--project", qpath(project), "--methods",
                                                "zero-shot,linear-probe", "--seeds", "1,2", "--output", qpath(report)});
    ASSERT_EQ(evaluated.exitCode, 0) << evaluated.err;
    EXPECT_TRUE(contains(evaluated.err, fs::absolute(model).string())) << evaluated.err;
    EXPECT_TRUE(contains(evaluated.out, "| method | 1-shot | 2-shot |")) << evaluated.out;
    EXPECT_TRUE(contains(evaluated.out, "| linear-probe |")) << evaluated.out;
    // 4 images per class: 2 to draw support sets from and 2 to test on.
    const nlohmann::json results = readJsonFile(report)["results"];
    ASSERT_EQ(results.size(), 4u);
    EXPECT_EQ(results[0]["runs"], 2);
}

TEST_F(ProjectEngineCli, ExportChecksRun)
{
    const CommandResult none = exportRun(1, dir / "head");
    EXPECT_EQ(none.exitCode, 1);
    EXPECT_TRUE(contains(none.err, "has no training runs")) << none.err;

    qint64 failed = 0;
    qint64 headless = 0;
    {
        const auto store = store::ProjectStore::open(qpath(project));
        failed = store->startRun(QStringLiteral("linear-probe"), QStringLiteral("fp"), {}, 1);
        store->finishRun(failed, store::RunStatus::Failed, {});
        headless = store->startRun(QStringLiteral("linear-probe"), QStringLiteral("fp"), {}, 1);
        store->finishRun(headless, store::RunStatus::Finished, {});
    }
    const CommandResult unknown = exportRun(99, dir / "head");
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_TRUE(contains(unknown.err, "has no training run 99")) << unknown.err;
    const CommandResult notFinished = exportRun(failed, dir / "head");
    EXPECT_EQ(notFinished.exitCode, 1);
    EXPECT_TRUE(contains(notFinished.err, "'failed'")) << notFinished.err;
    const CommandResult noHead = exportRun(headless, dir / "head");
    EXPECT_EQ(noHead.exitCode, 1);
    EXPECT_TRUE(contains(noHead.err, "no stored head")) << noHead.err;
    EXPECT_FALSE(fs::exists(dir / "head"));

    const CommandResult badId = runFewshot({"export", "--project", qpath(project), "--run", "first", "--output",
                                            qpath(dir / "head")});
    EXPECT_EQ(badId.exitCode, 2);
}

TEST_F(ProjectEngineCli, ExportWhileProjectLocked)
{
    const qint64 runId = train({"--method", "linear-probe"});
    ASSERT_GT(runId, 0);
    // This process locks the project for writing, as the desktop application does.
    const auto holder = store::ProjectStore::open(qpath(project));
    const CommandResult exported = exportRun(runId, dir / "head");
    EXPECT_EQ(exported.exitCode, 0) << exported.err;
    EXPECT_TRUE(contains(exported.err, "not recorded")) << exported.err;
    EXPECT_TRUE(fs::exists(dir / "head" / "head.safetensors"));
    EXPECT_TRUE(holder->run(runId).exportPath.isEmpty());
}
