// Images deleted or replaced after their embeddings were cached. The cache
// is keyed by content hash, so a replaced file must get a new hash and no
// cached vector, and a deleted one must show up as missing.

#include "fault_test_support.h"
#include "fixtures.h"
#include "store_test_util.h"

#include "store/project_import.h"
#include "store/project_store.h"

#include <gtest/gtest.h>

namespace fs = std::filesystem;
using namespace fewshot::store;
using fewshot::test::qstr;

namespace {

class CacheFaults : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir = fewshot::test::scratchDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
        store = ProjectStore::create(qstr(dir / "p.fewshot"));
        image = dir / "images" / "a.bmp";
        fewshot::test::writeBmp(image, 8, 8, 1);
        addImageFiles(*store, {qstr(image)}, std::nullopt, fewshot::test::bmpImportOptions());
        oldHash = store->images().at(0).sha256;
        store->storeImageEmbeddings(kModel, kPreprocess, {{oldHash, 0, {1.0f, 2.0f, 3.0f}}},
                                    VectorPrecision::Float32);
    }

    std::optional<std::vector<float>> cached(const QString& hash) const
    {
        return store->findImageEmbeddings(kModel, kPreprocess, 0, {hash}).at(0);
    }

    const QString kModel = QStringLiteral("model-fingerprint");
    const QString kPreprocess = QStringLiteral("224-bicubic");
    fs::path dir;
    fs::path image;
    QString oldHash;
    std::unique_ptr<ProjectStore> store;
};

}  // namespace

TEST_F(CacheFaults, ReplacedImageGetsNoCachedVector)
{
    ASSERT_TRUE(cached(oldHash));
    fewshot::test::writeBmp(image, 8, 8, 2);  // same name and size, new pixels

    // Adding the file again (as an import or a rescan does) rehashes it.
    addImageFiles(*store, {qstr(image)}, std::nullopt, fewshot::test::bmpImportOptions());
    ASSERT_EQ(store->imageCount(), 1);
    const QString newHash = store->images().at(0).sha256;
    EXPECT_NE(newHash, oldHash);
    EXPECT_EQ(newHash, sha256OfFile(qstr(image)));
    EXPECT_FALSE(cached(newHash));

    // The old vector belongs to content no image has any more.
    EXPECT_EQ(store->pruneImageEmbeddings(), 1);
    EXPECT_FALSE(cached(oldHash));
}

TEST_F(CacheFaults, CopyWithSameContentReusesVector)
{
    // The other side of keying by content: a renamed or copied file keeps its vector.
    fs::copy_file(image, dir / "images" / "copy.bmp");
    addImageFiles(*store, {qstr(dir / "images" / "copy.bmp")}, std::nullopt, fewshot::test::bmpImportOptions());
    EXPECT_EQ(store->images().at(1).sha256, oldHash);
    EXPECT_TRUE(cached(oldHash));
}

TEST_F(CacheFaults, DeletedImageIsListedMissing)
{
    fs::remove(image);
    const auto missing = store->missingImages();
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_EQ(missing.at(0).sha256, oldHash);

    // Re-adding a deleted path fails with a message instead of reusing the vector.
    const std::string message = fewshot::test::messageOf([&] {
        addImageFiles(*store, {qstr(image)}, std::nullopt, fewshot::test::bmpImportOptions());
    });
    EXPECT_NE(message.find(image.string()), std::string::npos) << message;
}
