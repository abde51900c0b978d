// Cancelling each kind of job at random points: training of every feature
// method, k-shot evaluation, and the project store's imports, exports and
// relinking. A cancelled job must stop with its documented signal and leave
// everything it would have changed as it was.

#include "fault_test_support.h"
#include "fixtures.h"
#include "store_test_util.h"

#include "engine/method.h"
#include "engine/synthetic_features.h"
#include "store/project_export.h"
#include "store/project_import.h"
#include "store/project_store.h"

#include <gtest/gtest.h>

#include <random>

namespace fs = std::filesystem;
using namespace fewshot;
using fewshot::test::qstr;

namespace {

// Random stopping points: `count` distinct values in [1, total], from a fixed seed.
std::vector<int> stopPoints(int total, int count, uint32_t seed)
{
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> pick(1, std::max(1, total));
    std::vector<int> points;
    for (int i = 0; i < count; ++i)
        points.push_back(pick(random));
    return points;
}

engine::SyntheticFeatures trainingData(uint64_t sampleSeed)
{
    engine::SyntheticFeatureSpec spec;
    spec.classCount = 3;
    spec.dimension = 16;
    return engine::makeSyntheticFeatures(spec, 4, sampleSeed);
}

}  // namespace

TEST(CancelJobs, EveryMethodKeepsItsHeadWhenCancelled)
{
    const engine::SyntheticFeatures first = trainingData(1);
    const engine::SyntheticFeatures second = trainingData(2);
    for (const std::string& name : engine::featureMethodNames()) {
        SCOPED_TRACE(name);
        engine::FitOptions options;
        options.tipAdapter.epochs = 3;

        // How often a fit on the second support set polls for cancellation.
        int polls = 0;
        options.cancel = [&] { return ++polls < 0; };
        engine::createMethod(name)->fit(second.features, second.labels, second.textPrototypes, options);
        const int totalPolls = polls;

        const auto method = engine::createMethod(name);
        options.cancel = {};
        method->fit(first.features, first.labels, first.textPrototypes, options);
        const engine::ClassifierHead trained = method->head();
        if (totalPolls == 0)
            continue;  // nothing to cancel, as for zero-shot
        for (const int stopAt : stopPoints(totalPolls, 5, 42)) {
            SCOPED_TRACE("cancelled at poll " + std::to_string(stopAt) + " of " + std::to_string(totalPolls));
            polls = 0;
            options.cancel = [&] { return ++polls >= stopAt; };
            EXPECT_THROW(method->fit(second.features, second.labels, second.textPrototypes, options),
                         engine::Cancelled);
            EXPECT_EQ(method->head().weight.values, trained.weight.values);
            EXPECT_EQ(method->head().bias, trained.bias);
            EXPECT_EQ(method->head().cacheKeys.values, trained.cacheKeys.values);
        }
    }
}

namespace {

class CancelStoreJobs : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir = fewshot::test::scratchDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
        store = store::ProjectStore::create(qstr(dir / "p.fewshot"));
        for (int i = 0; i < 12; ++i)
            fewshot::test::writeBmp(dir / "dataset" / (i % 2 ? "cat" : "dog") / ("i" + std::to_string(i) + ".bmp"),
                                    4, 4, i);
    }

    // Runs `job` with a progress callback that cancels at its `stopAt`-th call.
    template <typename Job>
    void cancelAt(int stopAt, Job job)
    {
        int calls = 0;
        job([&](qint64, qint64) { return ++calls < stopAt; });
    }

    fs::path dir;
    std::unique_ptr<store::ProjectStore> store;
};

}  // namespace

TEST_F(CancelStoreJobs, ImportChangesNothing)
{
    // One call before each of the 12 files. The last call, (12, 12), only
    // reports completion, and its result is not used.
    for (const int stopAt : stopPoints(12, 6, 7)) {
        SCOPED_TRACE("cancelled at call " + std::to_string(stopAt));
        cancelAt(stopAt, [&](const store::ProgressCallback& progress) {
            store::ImportOptions options = fewshot::test::bmpImportOptions();
            options.progress = progress;
            const auto result = store::importClassFolders(*store, qstr(dir / "dataset"), options);
            EXPECT_TRUE(result.cancelled);
        });
        EXPECT_EQ(store->imageCount(), 0);
        EXPECT_TRUE(store->classes().empty());
    }
}

TEST_F(CancelStoreJobs, FolderExportLeavesNothing)
{
    store::importClassFolders(*store, qstr(dir / "dataset"), fewshot::test::bmpImportOptions());
    fs::create_directories(dir / "out");
    for (const int stopAt : stopPoints(12, 6, 8)) {
        SCOPED_TRACE("cancelled at call " + std::to_string(stopAt));
        cancelAt(stopAt, [&](const store::ProgressCallback& progress) {
            store::FolderExportOptions options;
            options.progress = progress;
            const auto result = store::exportFolders(*store, qstr(dir / "out" / "dataset"), options);
            EXPECT_TRUE(result.cancelled);
        });
        EXPECT_TRUE(fewshot::test::folderEntries(dir / "out").empty());
    }
}

TEST_F(CancelStoreJobs, RelinkChangesNothing)
{
    store::importClassFolders(*store, qstr(dir / "dataset"), fewshot::test::bmpImportOptions());
    fs::rename(dir / "dataset", dir / "moved");
    const auto missing = store->missingImages().size();
    ASSERT_EQ(missing, 12u);
    for (const int stopAt : stopPoints(12, 6, 9)) {
        SCOPED_TRACE("cancelled at call " + std::to_string(stopAt));
        cancelAt(stopAt, [&](const store::ProgressCallback& progress) {
            const auto result = store->relinkMissing(qstr(dir / "moved"), progress);
            EXPECT_TRUE(result.cancelled);
            EXPECT_EQ(result.relinked, 0);
        });
        EXPECT_EQ(store->missingImages().size(), missing);
    }
}
