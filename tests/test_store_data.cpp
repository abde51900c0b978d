// Classes, labels, templates, runs, predictions and the embedding cache,
// including the values the undo API returns and restores.

#include "fixtures.h"
#include "store_test_util.h"

#include "base/error.h"
#include "store/project_store.h"

#include <gtest/gtest.h>

#include <cmath>

namespace fs = std::filesystem;
using namespace fewshot::store;
using fewshot::Error;
using fewshot::test::qstr;
using fewshot::test::scratchDir;

namespace {

class StoreData : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir = scratchDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
        store = ProjectStore::create(qstr(dir / "p.fewshot"));
        cat = store->addClass({0, "cat", "", 0, "", false}).id;
        dog = store->addClass({0, "dog", "#00ff00", 0, "a dog", false}).id;
    }

    qint64 addImage(const std::string& name, int seed)
    {
        const fs::path path = dir / "images" / name;
        fewshot::test::writeBmp(path, 4, 3, seed);
        const ImageFile file = describeImageFile(qstr(path), fewshot::test::readBmpSize);
        return store->addImages({ImageToAdd{file, std::nullopt, LabelSource::Manual}},
                                LabelConflict::KeepExisting)
            .imageIds.at(0);
    }

    fs::path dir;
    std::unique_ptr<ProjectStore> store;
    qint64 cat = 0;
    qint64 dog = 0;
};

}  // namespace

TEST_F(StoreData, ClassesKeepOrderAndFields)
{
    const std::vector<ClassInfo> classes = store->classes();
    ASSERT_EQ(classes.size(), 2u);
    EXPECT_EQ(classes[0].name, QStringLiteral("cat"));
    EXPECT_EQ(classes[0].position, 0);
    EXPECT_EQ(classes[0].color, QStringLiteral("#1f77b4"));
    EXPECT_EQ(classes[1].color, QStringLiteral("#00ff00"));
    EXPECT_EQ(classes[1].prompt, QStringLiteral("a dog"));
}

TEST_F(StoreData, DuplicateClassNameRejected)
{
    EXPECT_THROW(store->addClass({0, "cat", "", 0, "", false}), Error);
    EXPECT_EQ(store->classes().size(), 2u);
}

TEST_F(StoreData, InvalidClassFieldsRejected)
{
    EXPECT_THROW(store->addClass({0, "", "", 0, "", false}), Error);
    EXPECT_THROW(store->addClass({0, " padded", "", 0, "", false}), Error);
    EXPECT_THROW(store->addClass({0, "bird", "red", 0, "", false}), Error);
}

TEST_F(StoreData, UpdateClassReturnsPrevious)
{
    ClassInfo changed = store->classInfo(cat);
    changed.name = QStringLiteral("kitten");
    changed.isNormal = true;
    const ClassInfo previous = store->updateClass(changed);
    EXPECT_EQ(previous.name, QStringLiteral("cat"));
    EXPECT_FALSE(previous.isNormal);
    EXPECT_TRUE(store->classInfo(cat).isNormal);
    store->updateClass(previous);
    EXPECT_EQ(store->classInfo(cat).name, QStringLiteral("cat"));
}

TEST_F(StoreData, ClassOrderRoundTrip)
{
    const std::vector<qint64> previous = store->setClassOrder({dog, cat});
    EXPECT_EQ(previous, (std::vector<qint64>{cat, dog}));
    EXPECT_EQ(store->classes()[0].id, dog);
    EXPECT_THROW(store->setClassOrder({dog}), Error);
}

TEST_F(StoreData, SetLabelReturnsPrevious)
{
    const qint64 image = addImage("a.bmp", 1);
    EXPECT_FALSE(store->setLabel(image, cat, LabelSource::Manual).has_value());
    const std::optional<Label> previous = store->setLabel(image, dog, LabelSource::Example);
    ASSERT_TRUE(previous.has_value());
    EXPECT_EQ(previous->classId, cat);
    EXPECT_EQ(previous->source, LabelSource::Manual);
    EXPECT_EQ(store->label(image)->classId, dog);
}

TEST_F(StoreData, RestoreLabelIsExact)
{
    const qint64 image = addImage("a.bmp", 1);
    store->setLabel(image, cat, LabelSource::Manual);
    const Label original = *store->label(image);
    const std::optional<Label> previous = store->setLabel(image, dog, LabelSource::Prediction);
    store->restoreLabel(image, previous);
    const Label restored = *store->label(image);
    EXPECT_EQ(restored.classId, original.classId);
    EXPECT_EQ(restored.source, original.source);
    EXPECT_EQ(restored.time, original.time);
}

TEST_F(StoreData, RestoreNoLabelClears)
{
    const qint64 image = addImage("a.bmp", 1);
    const std::optional<Label> previous = store->setLabel(image, cat, LabelSource::Manual);
    store->restoreLabel(image, previous);
    EXPECT_FALSE(store->label(image).has_value());
}

TEST_F(StoreData, LabelUnknownImageRejected)
{
    EXPECT_THROW(store->setLabel(12345, cat, LabelSource::Manual), Error);
    const qint64 image = addImage("a.bmp", 1);
    EXPECT_THROW(store->setLabel(image, 999, LabelSource::Manual), Error);
    EXPECT_FALSE(store->label(image).has_value());
}

TEST_F(StoreData, RemoveClassRestoresLabels)
{
    const qint64 a = addImage("a.bmp", 1);
    const qint64 b = addImage("b.bmp", 2);
    store->setLabel(a, cat, LabelSource::Example);
    store->setLabel(b, dog, LabelSource::Manual);
    const RemovedClass removed = store->removeClass(cat);
    EXPECT_FALSE(store->label(a).has_value());
    EXPECT_EQ(store->classes().size(), 1u);

    store->restoreClass(removed);
    ASSERT_TRUE(store->label(a).has_value());
    EXPECT_EQ(store->label(a)->classId, cat);
    EXPECT_EQ(store->label(a)->source, LabelSource::Example);
    EXPECT_EQ(store->classes()[0].id, cat);
}

TEST_F(StoreData, RemoveImageRestoresLabel)
{
    const qint64 a = addImage("a.bmp", 1);
    store->setLabel(a, dog, LabelSource::Manual);
    const RemovedImage removed = store->removeImage(a);
    EXPECT_EQ(store->imageCount(), 0);
    store->restoreImage(removed);
    EXPECT_EQ(store->image(a).sha256, removed.info.sha256);
    EXPECT_EQ(store->label(a)->classId, dog);
}

TEST_F(StoreData, ImagePathsAreRelative)
{
    const qint64 a = addImage("a.bmp", 1);
    const ImageInfo info = store->image(a);
    EXPECT_EQ(info.path, QStringLiteral("images/a.bmp"));
    EXPECT_EQ(store->absolutePath(info), qstr(dir / "images" / "a.bmp"));
    EXPECT_EQ(info.width, 4);
    EXPECT_EQ(info.height, 3);
    EXPECT_EQ(info.sha256.size(), 64);
}

TEST_F(StoreData, AddingSamePathTwiceKeepsOneRow)
{
    const qint64 first = addImage("a.bmp", 1);
    const qint64 second = addImage("a.bmp", 1);
    EXPECT_EQ(first, second);
    EXPECT_EQ(store->imageCount(), 1);
}

TEST_F(StoreData, TransactionRollsBackOnError)
{
    EXPECT_THROW(store->transaction(QStringLiteral("test"),
                                    [&] {
                                        store->addClass({0, "bird", "", 0, "", false});
                                        store->addClass({0, "cat", "", 0, "", false});
                                    }),
                 Error);
    EXPECT_FALSE(store->findClass(QStringLiteral("bird")).has_value());
}

TEST_F(StoreData, CaughtInnerErrorStillRollsBack)
{
    EXPECT_THROW(store->transaction(QStringLiteral("test"),
                                    [&] {
                                        store->addClass({0, "bird", "", 0, "", false});
                                        try {
                                            store->addClass({0, "cat", "", 0, "", false});
                                        } catch (const Error&) {
                                        }
                                    }),
                 Error);
    EXPECT_FALSE(store->findClass(QStringLiteral("bird")).has_value());
}

TEST_F(StoreData, TemplatesWithOverride)
{
    const TemplateSet set = store->addTemplateSet(
        QStringLiteral("photos"), {QStringLiteral("a photo of a {}."), QStringLiteral("a {}.")});
    EXPECT_TRUE(store->templatesForClass(cat).isEmpty());
    EXPECT_FALSE(store->setActiveTemplateSet(set.id).has_value());
    EXPECT_EQ(store->templatesForClass(cat).size(), 2);

    const QStringList own{QStringLiteral("a macro shot of a {}.")};
    EXPECT_TRUE(store->setClassTemplates(set.id, dog, own).isEmpty());
    EXPECT_EQ(store->templatesForClass(dog), own);
    EXPECT_EQ(store->templatesForClass(cat).size(), 2);
}

TEST_F(StoreData, RemoveActiveTemplateSet)
{
    const TemplateSet set = store->addTemplateSet(QStringLiteral("t"), {QStringLiteral("a {}.")});
    store->setActiveTemplateSet(set.id);
    store->setClassTemplates(set.id, cat, {QStringLiteral("a cat {}.")});
    const TemplateSet removed = store->removeTemplateSet(set.id);
    EXPECT_FALSE(store->activeTemplateSetId().has_value());
    store->restoreTemplateSet(removed);
    EXPECT_EQ(store->templateSet(set.id).classOverrides.value(cat),
              QStringList{QStringLiteral("a cat {}.")});
}

TEST_F(StoreData, RunWithEpochs)
{
    const qint64 run = store->startRun(QStringLiteral("linear-probe"), QStringLiteral("fp1"),
                                       QJsonObject{{QStringLiteral("lr"), 0.001}}, 42);
    store->addEpoch(run, {1, 0.9, 1.0, 0.5});
    store->addEpoch(run, {2, 0.5, std::nullopt, 0.75});
    store->finishRun(run, RunStatus::Finished, QJsonObject{{QStringLiteral("accuracy"), 0.8}});
    store->setRunExportPath(run, QStringLiteral("/tmp/head"));

    const TrainingRun stored = store->run(run);
    EXPECT_EQ(stored.status, RunStatus::Finished);
    EXPECT_EQ(stored.seed, 42);
    EXPECT_DOUBLE_EQ(stored.hyperparameters.value(QStringLiteral("lr")).toDouble(), 0.001);
    ASSERT_EQ(stored.epochs.size(), 2u);
    EXPECT_FALSE(stored.epochs[1].validationLoss.has_value());
    EXPECT_DOUBLE_EQ(*stored.epochs[1].accuracy, 0.75);
    EXPECT_TRUE(stored.finishedAt.isValid());
    EXPECT_EQ(stored.exportPath, QStringLiteral("/tmp/head"));
    EXPECT_EQ(store->runs().size(), 1u);
}

TEST_F(StoreData, UnfinishedRunBecomesInterrupted)
{
    const qint64 run = store->startRun(QStringLiteral("tip-adapter"), QStringLiteral("fp1"), {}, 1);
    store->addEpoch(run, {1, 0.4, std::nullopt, std::nullopt});
    const QString file = store->file();
    store.reset();
    store = ProjectStore::open(file);
    EXPECT_EQ(store->run(run).status, RunStatus::Interrupted);
    EXPECT_EQ(store->run(run).epochs.size(), 1u);
}

TEST_F(StoreData, RunHeadRoundTrip)
{
    const qint64 run = store->startRun(QStringLiteral("linear-probe"), QStringLiteral("fp1"), {}, 1);
    EXPECT_FALSE(store->runHead(run).has_value());
    EXPECT_FALSE(store->run(run).hasHead);
    // Bytes that are not text, with a zero and a high byte, must come back unchanged.
    const QByteArray weights("\x08\x00\x00\x00\xff\x7f{\"a\":1}", 13);
    store->setRunHead(run, {weights, QJsonObject{{QStringLiteral("method"), QStringLiteral("linear-probe")}}});

    const std::optional<RunHead> head = store->runHead(run);
    ASSERT_TRUE(head.has_value());
    EXPECT_EQ(head->weights, weights);
    EXPECT_TRUE(store->run(run).hasHead);
    ASSERT_EQ(store->runs().size(), 1u);
    EXPECT_TRUE(store->runs().front().hasHead);
    EXPECT_EQ(head->description.value(QStringLiteral("method")).toString(), QStringLiteral("linear-probe"));
}

TEST_F(StoreData, RunHeadGoesWithRun)
{
    const qint64 run = store->startRun(QStringLiteral("tip-adapter"), QStringLiteral("fp1"), {}, 1);
    store->setRunHead(run, {QByteArray("w"), {}});
    store->removeRun(run);
    EXPECT_FALSE(store->runHead(run).has_value());
    EXPECT_THROW(store->setRunHead(run + 1, {QByteArray("w"), {}}), Error);
}

TEST_F(StoreData, ModelFolderRemembered)
{
    EXPECT_TRUE(store->modelFolder().isEmpty());
    store->setModelFolder(QStringLiteral("/models/clip-vit-b32"));
    const QString file = store->file();
    store.reset();
    store = ProjectStore::open(file, OpenMode::ReadOnly);
    EXPECT_EQ(store->modelFolder(), QStringLiteral("/models/clip-vit-b32"));
}

TEST_F(StoreData, PredictionsRoundTrip)
{
    const qint64 a = addImage("a.bmp", 1);
    Prediction prediction;
    prediction.imageId = a;
    prediction.classId = dog;
    prediction.confidence = 0.875f;
    prediction.scores = {{cat, 0.125f}, {dog, 0.875f}};
    store->setPredictions(QStringLiteral("head-1"), {prediction});

    const std::vector<Prediction> stored = store->predictions(QStringLiteral("head-1"));
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].classId, dog);
    EXPECT_FLOAT_EQ(stored[0].confidence, 0.875f);
    ASSERT_EQ(stored[0].scores.size(), 2u);
    EXPECT_EQ(stored[0].scores[0].classId, cat);
    EXPECT_FLOAT_EQ(stored[0].scores[0].probability, 0.125f);
    EXPECT_TRUE(store->predictions(QStringLiteral("other")).empty());
}

TEST_F(StoreData, ImageEmbeddingsFloat32Exact)
{
    const std::vector<float> vector{0.1f, -2.5f, 3.25f};
    store->storeImageEmbeddings(QStringLiteral("fp"), QStringLiteral("224-bicubic"),
                                {{QStringLiteral("aa"), 0, vector}}, VectorPrecision::Float32);
    const auto found = store->findImageEmbeddings(QStringLiteral("fp"), QStringLiteral("224-bicubic"),
                                                  0, {QStringLiteral("bb"), QStringLiteral("aa")});
    ASSERT_EQ(found.size(), 2u);
    EXPECT_FALSE(found[0].has_value());
    ASSERT_TRUE(found[1].has_value());
    EXPECT_EQ(*found[1], vector);
}

TEST_F(StoreData, ImageEmbeddingsFloat16Close)
{
    const std::vector<float> vector{0.1f, -2.5f, 3.25f, 1000.0f};
    store->storeImageEmbeddings(QStringLiteral("fp"), QStringLiteral("p"),
                                {{QStringLiteral("aa"), 2, vector}}, VectorPrecision::Float16);
    const auto found =
        store->findImageEmbeddings(QStringLiteral("fp"), QStringLiteral("p"), 2, {QStringLiteral("aa")});
    ASSERT_TRUE(found[0].has_value());
    for (size_t i = 0; i < vector.size(); ++i)
        EXPECT_NEAR((*found[0])[i], vector[i], std::abs(vector[i]) * 1e-3) << "element " << i;
}

TEST_F(StoreData, EmbeddingKeyPartsSeparate)
{
    store->storeImageEmbeddings(QStringLiteral("fp"), QStringLiteral("p"),
                                {{QStringLiteral("aa"), 0, {1.0f}}}, VectorPrecision::Float32);
    const QString hash = QStringLiteral("aa");
    EXPECT_FALSE(store->findImageEmbeddings(QStringLiteral("fp2"), QStringLiteral("p"), 0, {hash})[0]);
    EXPECT_FALSE(store->findImageEmbeddings(QStringLiteral("fp"), QStringLiteral("q"), 0, {hash})[0]);
    EXPECT_FALSE(store->findImageEmbeddings(QStringLiteral("fp"), QStringLiteral("p"), 1, {hash})[0]);
}

TEST_F(StoreData, ManyEmbeddingsFetchedInChunks)
{
    std::vector<ImageEmbedding> embeddings;
    std::vector<QString> hashes;
    for (int i = 0; i < 1203; ++i) {
        hashes.push_back(QStringLiteral("h%1").arg(i));
        embeddings.push_back({hashes.back(), 0, {static_cast<float>(i)}});
    }
    store->storeImageEmbeddings(QStringLiteral("fp"), QStringLiteral("p"), embeddings,
                                VectorPrecision::Float32);
    const auto found = store->findImageEmbeddings(QStringLiteral("fp"), QStringLiteral("p"), 0, hashes);
    ASSERT_EQ(found.size(), hashes.size());
    for (size_t i = 0; i < found.size(); ++i) {
        ASSERT_TRUE(found[i].has_value()) << "embedding " << i;
        EXPECT_EQ((*found[i])[0], static_cast<float>(i));
    }
    EXPECT_EQ(store->imageEmbeddingCount(), 1203);
}

TEST_F(StoreData, TextEmbeddingsAndClear)
{
    store->storeTextEmbeddings(QStringLiteral("fp"), {{QStringLiteral("a photo of a cat."), {0.5f, 0.25f}}},
                               VectorPrecision::Float32);
    const auto found = store->findTextEmbeddings(
        QStringLiteral("fp"), {QStringLiteral("a photo of a cat."), QStringLiteral("a dog")});
    ASSERT_TRUE(found[0].has_value());
    EXPECT_EQ(*found[0], (std::vector<float>{0.5f, 0.25f}));
    EXPECT_FALSE(found[1].has_value());
    EXPECT_EQ(store->clearEmbeddingCache(QStringLiteral("other")), 0);
    EXPECT_EQ(store->clearEmbeddingCache(QStringLiteral("fp")), 1);
    EXPECT_EQ(store->textEmbeddingCount(), 0);
}

TEST_F(StoreData, PruneDropsUnusedEmbeddings)
{
    const qint64 a = addImage("a.bmp", 1);
    const QString used = store->image(a).sha256;
    store->storeImageEmbeddings(QStringLiteral("fp"), QStringLiteral("p"),
                                {{used, 0, {1.0f}}, {QStringLiteral("gone"), 0, {2.0f}}},
                                VectorPrecision::Float32);
    EXPECT_EQ(store->pruneImageEmbeddings(), 1);
    EXPECT_EQ(store->imageEmbeddingCount(), 1);
}

TEST_F(StoreData, SummaryCounts)
{
    const qint64 a = addImage("a.bmp", 1);
    const qint64 b = addImage("b.bmp", 2);
    addImage("c.bmp", 3);
    store->setLabel(a, cat, LabelSource::Example);
    store->setLabel(b, cat, LabelSource::Manual);
    const ProjectSummary summary = store->summary();
    EXPECT_EQ(summary.images, 3);
    EXPECT_EQ(summary.labeled, 2);
    EXPECT_EQ(summary.labelsBySource.at(LabelSource::Example), 1);
    ASSERT_EQ(summary.classes.size(), 2u);
    EXPECT_EQ(summary.classes[0].examples, 1);
    EXPECT_EQ(summary.classes[0].labeled, 2);
    EXPECT_EQ(summary.classes[1].labeled, 0);
}
