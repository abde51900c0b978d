// `fewshot train`, `evaluate`, `export` and `predict` run as a user would,
// on synthetic feature folders and on the reference feature fixture.

#include "cli_test_support.h"
#include "test_engine_support.h"

#include "base/json_file.h"

#include <nlohmann/json.hpp>

#include <sstream>

using namespace fewshot;
using namespace fewshot::test;

namespace {

std::filesystem::path syntheticFolder(const std::string& name)
{
    const auto folder = scratchDir(name);
    writeFeatureFolder(folder, makeProblem(6), nullptr);
    return folder;
}

size_t lineCount(const std::string& text)
{
    std::istringstream stream(text);
    size_t count = 0;
    for (std::string line; std::getline(stream, line);)
        ++count;
    return count;
}

}  // namespace

TEST(EngineCli, EvaluateWritesReportAndTable)
{
    const auto folder = syntheticFolder("engine-cli-evaluate");
    const auto output = folder / "report.json";
    const CommandResult result = runFewshot({"evaluate", "--features", qpath(folder), "--methods",
                                             "zero-shot,linear-probe", "--shots", "1,4", "--seeds", "1,2",
                                             "--output", qpath(output), "--csv", qpath(folder / "report.csv")});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const nlohmann::json report = readJsonFile(output);
    ASSERT_EQ(report["results"].size(), 4u);
    for (const nlohmann::json& row : report["results"])
        for (const char* key : {"method", "shots", "accuracy_mean", "accuracy_std", "macro_f1_mean", "ece_mean"})
            EXPECT_TRUE(row.contains(key)) << key;
    EXPECT_EQ(report["results"][3]["method"], "linear-probe");
    EXPECT_EQ(report["results"][3]["shots"], 4);
    EXPECT_GT(report["results"][3]["accuracy_mean"].get<double>(), report["results"][0]["accuracy_mean"].get<double>());
    EXPECT_NE(result.out.find("| method | 1-shot | 4-shot |"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("| linear-probe |"), std::string::npos) << result.out;
    EXPECT_EQ(lineCount(readFileBytes(folder / "report.csv")), 5u);
}

TEST(EngineCli, EvaluateUsesFixtureSupports)
{
    FEWSHOT_REQUIRE_FIXTURE("fewshot-features");
    const auto output = scratchDir("engine-cli-fixture") / "report.json";
    const CommandResult result =
        runFewshot({"evaluate", "--features", qpath(fixturesDir() / "fewshot-features"), "--methods",
                    "zero-shot,linear-probe", "--shots", "1,2", "--output", qpath(output)});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const nlohmann::json report = readJsonFile(output);
    const nlohmann::json expected = readJsonFile(fixturesDir() / "fewshot-features/expected.json");
    ASSERT_EQ(report["results"].size(), 4u);
    EXPECT_NEAR(report["results"][0]["accuracy_mean"].get<double>(), expected["zero_shot_accuracy"].get<double>(),
                1e-9);
    EXPECT_GT(report["results"][2]["accuracy_mean"].get<double>(), expected["zero_shot_accuracy"].get<double>());
    EXPECT_GT(report["results"][3]["accuracy_mean"].get<double>(), expected["zero_shot_accuracy"].get<double>());
    for (const nlohmann::json& run : report["runs"])
        EXPECT_TRUE(run["fixed_support"].get<bool>());
}

TEST(EngineCli, TrainThenPredictFeatures)
{
    const auto folder = syntheticFolder("engine-cli-train");
    const auto head = folder / "head";
    const CommandResult trained = runFewshot({"train", "--features", qpath(folder), "--method", "tip-adapter",
                                              "--shots", "4", "--seed", "2", "--output", qpath(head)});
    ASSERT_EQ(trained.exitCode, 0) << trained.err;
    for (const char* file : {"head.safetensors", "head.pt", "metadata.json", "README.md"})
        EXPECT_TRUE(std::filesystem::exists(head / file)) << file;
    const nlohmann::json metadata = readJsonFile(head / "metadata.json");
    EXPECT_EQ(metadata["method"], "tip-adapter");
    EXPECT_EQ(metadata["training"]["shots"], 4);
    EXPECT_EQ(metadata["training"]["seed"], 2);
    EXPECT_TRUE(metadata["metrics"].contains("test_accuracy"));

    const CommandResult predicted =
        runFewshot({"predict", "--head", qpath(head), "--features", qpath(folder / "test_features.npy")});
    ASSERT_EQ(predicted.exitCode, 0) << predicted.err;
    EXPECT_EQ(lineCount(predicted.out), 1u + 6 * 40);
    EXPECT_EQ(predicted.out.rfind("row,predicted,probability,0,1,2,3,4,5", 0), 0u) << predicted.out.substr(0, 80);

    const CommandResult json = runFewshot({"predict", "--head", qpath(head), "--features",
                                           qpath(folder / "test_features.npy"), "--format", "json"});
    ASSERT_EQ(json.exitCode, 0) << json.err;
    EXPECT_EQ(nlohmann::json::parse(json.out)["predictions"].size(), 240u);
}

// An output folder typed with a trailing "/" is written, and replaced by a
// second run, like the same folder without it.
TEST(EngineCli, TrainOutputWithTrailingSeparator)
{
    const auto folder = syntheticFolder("engine-cli-trailing");
    const QString output = qpath(folder / "out" / "head") + "/";
    for (const char* method : {"zero-shot", "linear-probe"}) {
        const CommandResult trained = runFewshot({"train", "--features", qpath(folder), "--method", method,
                                                  "--shots", "4", "--seed", "1", "--output", output});
        ASSERT_EQ(trained.exitCode, 0) << method << ": " << trained.err;
        EXPECT_EQ(readJsonFile(folder / "out" / "head" / "metadata.json")["method"], method);
    }
    size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder / "out"))
        ++entries;
    EXPECT_EQ(entries, 1u) << "a temporary folder was left next to the export";
}

TEST(EngineCli, ImageMethodsAreUsageErrors)
{
    const auto folder = syntheticFolder("engine-cli-image-methods");
    for (const char* method : {"coop", "fine-tune", "ensemble"}) {
        const CommandResult result = runFewshot({"train", "--features", qpath(folder), "--method", method,
                                                 "--shots", "1", "--output", qpath(folder / "head")});
        EXPECT_EQ(result.exitCode, 2) << method;
        EXPECT_NE(result.err.find("needs images"), std::string::npos) << result.err;
    }
    const CommandResult evaluate = runFewshot({"evaluate", "--features", qpath(folder), "--methods",
                                               "zero-shot,coop", "--output", qpath(folder / "r.json")});
    EXPECT_EQ(evaluate.exitCode, 2);
    EXPECT_NE(evaluate.err.find("needs images"), std::string::npos) << evaluate.err;
    EXPECT_FALSE(std::filesystem::exists(folder / "r.json"));
    EXPECT_FALSE(std::filesystem::exists(folder / "head"));
}

TEST(EngineCli, ProjectVariantsCheckArguments)
{
    const auto folder = syntheticFolder("engine-cli-project-arguments");
    const std::vector<QStringList> usageErrors = {
        {"train", "--features", qpath(folder), "--project", "p.fewshot", "--method", "linear-probe"},
        {"evaluate", "--output", "r.json"},
        {"train", "--project", "p.fewshot", "--method", "nearest", "--model", "model"},
        {"train", "--project", "p.fewshot", "--method", "fine-tune", "--wise", "3", "--model", "model"},
        {"evaluate", "--project", "p.fewshot", "--methods", "coop,fine-tune", "--model", "model"},
        {"export", "--project", "p.fewshot", "--run", "latest", "--output", "head"},
        {"predict", "--head", "head", "--features", "x.npy", "--model", "model", "image.png"},
    };
    for (const QStringList& arguments : usageErrors)
        EXPECT_EQ(runFewshot(arguments).exitCode, 2) << arguments.join(' ').toStdString();

    const CommandResult missing =
        runFewshot({"train", "--project", "/nonexistent/p.fewshot", "--method", "linear-probe", "--model", "model"});
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.err.find("/nonexistent/p.fewshot"), std::string::npos) << missing.err;
    const CommandResult noHead = runFewshot({"predict", "--model", "model", "--head", "/nonexistent/head", "image.png"});
    EXPECT_EQ(noHead.exitCode, 1);
    EXPECT_NE(noHead.err.find("/nonexistent/head"), std::string::npos) << noHead.err;
}

TEST(EngineCli, BadArgumentsAreUsageErrors)
{
    const auto folder = syntheticFolder("engine-cli-usage");
    const std::vector<QStringList> commands = {
        {"evaluate", "--features", qpath(folder)},
        {"evaluate", "--features", qpath(folder), "--shots", "1,two", "--output", "r.json"},
        {"evaluate", "--features", qpath(folder), "--methods", "nearest", "--output", "r.json"},
        {"train", "--features", qpath(folder), "--method", "linear-probe", "--output", "head"},
        {"train", "--features", qpath(folder), "--shots", "1", "--output", "head"},
        {"predict", "--features", "x.npy"},
        {"train", "--unknown-option"},
    };
    for (const QStringList& arguments : commands)
        EXPECT_EQ(runFewshot(arguments).exitCode, 2) << arguments.join(' ').toStdString();
}

TEST(EngineCli, MissingFolderIsAnError)
{
    const CommandResult result =
        runFewshot({"evaluate", "--features", "/nonexistent/features", "--output", "report.json"});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("/nonexistent/features"), std::string::npos) << result.err;
}
