// Imports, exports and relinking, with the bad inputs they must reject.

#include "fixtures.h"
#include "store_test_util.h"

#include "base/error.h"
#include "store/project_export.h"
#include "store/project_import.h"
#include "store/project_store.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>
#include <map>
#include <set>

namespace fs = std::filesystem;
using namespace fewshot::store;
using fewshot::Error;
using fewshot::test::bmpImportOptions;
using fewshot::test::qstr;
using fewshot::test::scratchDir;
using fewshot::test::writeBmp;

namespace {

// content hash -> "class/source" for every labeled image of a project.
std::map<QString, QString> labelsByHash(const ProjectStore& store)
{
    std::map<qint64, QString> classNames;
    for (const ClassInfo& info : store.classes())
        classNames[info.id] = info.name;
    std::map<QString, QString> result;
    for (const Label& label : store.labels())
        result[store.image(label.imageId).sha256] =
            classNames[label.classId] + QLatin1Char('/') + labelSourceName(label.source);
    return result;
}

std::string errorOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

void writeText(const fs::path& path, const std::string& text)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

std::set<std::string> namesIn(const fs::path& dir)
{
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir))
        names.insert(entry.path().filename().string());
    return names;
}

class StoreImport : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir = scratchDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
        store = ProjectStore::create(qstr(dir / "p.fewshot"));
    }

    // dataset/cat/{c1,c2}.bmp, dataset/dog/{d1.bmp, deep/d2.bmp}
    fs::path writeClassFolders()
    {
        const fs::path root = dir / "dataset";
        writeBmp(root / "cat" / "c1.bmp", 4, 4, 1);
        writeBmp(root / "cat" / "c2.bmp", 4, 4, 2);
        writeBmp(root / "dog" / "d1.bmp", 5, 3, 3);
        writeBmp(root / "dog" / "deep" / "d2.bmp", 5, 3, 4);
        return root;
    }

    std::unique_ptr<ProjectStore> createOther(const std::string& name)
    {
        return ProjectStore::create(qstr(dir / name));
    }

    fs::path dir;
    std::unique_ptr<ProjectStore> store;
};

}  // namespace

TEST_F(StoreImport, ClassFoldersImport)
{
    const fs::path root = writeClassFolders();
    fs::create_directories(root / "empty");
    writeBmp(root / "loose.bmp", 2, 2, 9);
    const ImportResult result = importClassFolders(*store, qstr(root), bmpImportOptions());

    EXPECT_EQ(result.images.added, 4);
    EXPECT_EQ(result.classesCreated,
              (QStringList{QStringLiteral("cat"), QStringLiteral("dog"), QStringLiteral("empty")}));
    EXPECT_TRUE(result.failures.isEmpty());
    ASSERT_EQ(result.warnings.size(), 1);
    EXPECT_TRUE(result.warnings[0].contains(QStringLiteral("no class sub-folder")));
    EXPECT_EQ(store->summary().classes[1].labeled, 2);
    EXPECT_EQ(store->labels()[0].source, LabelSource::Imported);
}

TEST_F(StoreImport, ClassFoldersAsExamples)
{
    const fs::path root = writeClassFolders();
    ImportOptions options = bmpImportOptions();
    options.classFolderSource = LabelSource::Example;
    const ImportResult result = importClassFolders(*store, qstr(root), options);

    EXPECT_EQ(result.images.labeled, 4);
    const std::vector<Label> labels = store->labels();
    ASSERT_EQ(labels.size(), 4u);
    for (const Label& label : labels)
        EXPECT_EQ(label.source, LabelSource::Example);
    const qint64 cat = store->findImage(qstr(root / "cat" / "c1.bmp"))->id;
    EXPECT_EQ(store->label(cat)->classId, store->findClass(QStringLiteral("cat"))->id);
}

TEST_F(StoreImport, ClassFoldersSkipUnreadable)
{
    const fs::path root = writeClassFolders();
    writeText(root / "cat" / "broken.bmp", "not an image");
    const ImportResult result = importClassFolders(*store, qstr(root), bmpImportOptions());
    ASSERT_EQ(result.failures.size(), 1);
    EXPECT_TRUE(result.failures[0].contains(QStringLiteral("broken.bmp")));
    EXPECT_EQ(store->imageCount(), 4);
}

TEST_F(StoreImport, ClassFoldersNeedSubfolders)
{
    writeBmp(dir / "flat" / "a.bmp", 2, 2, 1);
    const std::string message =
        errorOf([&] { importClassFolders(*store, qstr(dir / "flat"), bmpImportOptions()); });
    EXPECT_NE(message.find("no sub-folders"), std::string::npos) << message;
}

TEST_F(StoreImport, ImportKeepsExistingLabels)
{
    const fs::path root = writeClassFolders();
    importClassFolders(*store, qstr(root), bmpImportOptions());
    const qint64 image = store->findImage(qstr(root / "cat" / "c1.bmp"))->id;
    store->setLabel(image, store->findClass(QStringLiteral("dog"))->id, LabelSource::Manual);

    const ImportResult again = importClassFolders(*store, qstr(root), bmpImportOptions());
    EXPECT_EQ(again.images.added, 0);
    EXPECT_EQ(again.images.labelsKept, 1);
    EXPECT_EQ(store->label(image)->source, LabelSource::Manual);
}

TEST_F(StoreImport, FolderExportRoundTrip)
{
    importClassFolders(*store, qstr(writeClassFolders()), bmpImportOptions());
    const fs::path out = dir / "export";
    const ExportResult exported = exportFolders(*store, qstr(out));
    EXPECT_EQ(exported.exported, 4);
    EXPECT_EQ(namesIn(out), (std::set<std::string>{"cat", "dog"}));
    EXPECT_TRUE(fs::is_regular_file(out / "dog" / "d2.bmp"));
    EXPECT_EQ(namesIn(dir), (std::set<std::string>{"dataset", "export", "p.fewshot",
                                                    "p.fewshot-shm", "p.fewshot-wal",
                                                    "p.fewshot.lock"}));

    auto other = createOther("q.fewshot");
    importClassFolders(*other, qstr(out), bmpImportOptions());
    EXPECT_EQ(labelsByHash(*other), labelsByHash(*store));
}

TEST_F(StoreImport, FolderExportSymlinks)
{
    importClassFolders(*store, qstr(writeClassFolders()), bmpImportOptions());
    const fs::path out = dir / "links";
    FolderExportOptions options;
    options.symlinks = true;
    exportFolders(*store, qstr(out), options);
    EXPECT_TRUE(fs::is_symlink(out / "cat" / "c1.bmp"));
    EXPECT_EQ(fs::read_symlink(out / "cat" / "c1.bmp"), dir / "dataset" / "cat" / "c1.bmp");
}

TEST_F(StoreImport, FolderExportRejectsNonEmptyOutput)
{
    importClassFolders(*store, qstr(writeClassFolders()), bmpImportOptions());
    writeText(dir / "out" / "keep.txt", "x");
    const std::string message = errorOf([&] { exportFolders(*store, qstr(dir / "out")); });
    EXPECT_NE(message.find("not empty"), std::string::npos) << message;
    EXPECT_EQ(namesIn(dir / "out"), std::set<std::string>{"keep.txt"});
}

TEST_F(StoreImport, FolderExportRenamesClashingFiles)
{
    writeBmp(dir / "a" / "same.bmp", 2, 2, 1);
    writeBmp(dir / "b" / "same.bmp", 2, 2, 2);
    addImageFiles(*store, {qstr(dir / "a"), qstr(dir / "b")}, QStringLiteral("cat"),
                  bmpImportOptions());
    exportFolders(*store, qstr(dir / "out"));
    EXPECT_EQ(namesIn(dir / "out" / "cat").size(), 2u);
}

TEST_F(StoreImport, FolderExportCancelLeavesNothing)
{
    importClassFolders(*store, qstr(writeClassFolders()), bmpImportOptions());
    FolderExportOptions options;
    options.progress = [](qint64 done, qint64) { return done < 2; };
    const ExportResult result = exportFolders(*store, qstr(dir / "out"), options);
    EXPECT_TRUE(result.cancelled);
    EXPECT_FALSE(fs::exists(dir / "out"));
    EXPECT_EQ(namesIn(dir).count("out"), 0u);
    for (const std::string& name : namesIn(dir))
        EXPECT_EQ(name.find("partial"), std::string::npos) << name;
}

TEST_F(StoreImport, CsvRoundTrip)
{
    importClassFolders(*store, qstr(writeClassFolders()), bmpImportOptions());
    const qint64 first = store->images()[0].id;
    store->setLabel(first, store->findClass(QStringLiteral("dog"))->id, LabelSource::Example);
    const fs::path csv = dir / "out" / "labels.csv";
    fs::create_directories(csv.parent_path());
    EXPECT_EQ(exportCsv(*store, qstr(csv)).exported, 4);

    auto other = createOther("q.fewshot");
    ImportOptions options = bmpImportOptions();
    options.createClasses = true;
    const ImportResult result = importCsv(*other, qstr(csv), options);
    EXPECT_EQ(result.images.added, 4);
    EXPECT_EQ(labelsByHash(*other), labelsByHash(*store));
}

TEST_F(StoreImport, CsvPathsRelativeToCsv)
{
    importClassFolders(*store, qstr(writeClassFolders()), bmpImportOptions());
    exportCsv(*store, qstr(dir / "labels.csv"));
    std::ifstream in(dir / "labels.csv");
    std::string header;
    std::string first;
    std::getline(in, header);
    std::getline(in, first);
    EXPECT_EQ(header, "path,label,source");
    EXPECT_EQ(first, "dataset/cat/c1.bmp,cat,imported");
}

TEST_F(StoreImport, CsvQuotedFields)
{
    writeBmp(dir / "odd, name.bmp", 2, 2, 1);
    store->addClass({0, "big \"cat\"", "", 0, "", false});
    writeText(dir / "l.csv", "\"odd, name.bmp\",\"big \"\"cat\"\"\"\r\n");
    importCsv(*store, qstr(dir / "l.csv"), bmpImportOptions());
    ASSERT_EQ(store->labels().size(), 1u);
    EXPECT_EQ(store->images()[0].path, QStringLiteral("odd, name.bmp"));

    exportCsv(*store, qstr(dir / "out.csv"));
    auto other = createOther("q.fewshot");
    other->addClass({0, "big \"cat\"", "", 0, "", false});
    importCsv(*other, qstr(dir / "out.csv"), bmpImportOptions());
    EXPECT_EQ(labelsByHash(*other), labelsByHash(*store));
}

TEST_F(StoreImport, CsvUnknownClassesRejected)
{
    writeBmp(dir / "a.bmp", 2, 2, 1);
    writeBmp(dir / "b.bmp", 2, 2, 2);
    store->addClass({0, "cat", "", 0, "", false});
    writeText(dir / "l.csv", "path,label\na.bmp,cat\nb.bmp,zebra\n");
    const std::string message =
        errorOf([&] { importCsv(*store, qstr(dir / "l.csv"), bmpImportOptions()); });
    EXPECT_NE(message.find("line 3: the class 'zebra' is not in the project"), std::string::npos)
        << message;
    EXPECT_NE(message.find("nothing was imported"), std::string::npos) << message;
    EXPECT_EQ(store->imageCount(), 0);
}

TEST_F(StoreImport, CsvMissingFileRejected)
{
    writeBmp(dir / "a.bmp", 2, 2, 1);
    writeText(dir / "l.csv", "a.bmp,\ngone.bmp,\n");
    const std::string message =
        errorOf([&] { importCsv(*store, qstr(dir / "l.csv"), bmpImportOptions()); });
    EXPECT_NE(message.find("line 2: the image"), std::string::npos) << message;
    EXPECT_NE(message.find("gone.bmp was not found"), std::string::npos) << message;
    EXPECT_EQ(store->imageCount(), 0);
}

TEST_F(StoreImport, CsvUnreadableImageRejected)
{
    writeText(dir / "fake.bmp", "text");
    writeText(dir / "l.csv", "fake.bmp,\n");
    const std::string message =
        errorOf([&] { importCsv(*store, qstr(dir / "l.csv"), bmpImportOptions()); });
    EXPECT_NE(message.find("fake.bmp"), std::string::npos) << message;
    EXPECT_EQ(store->imageCount(), 0);
}

TEST_F(StoreImport, CsvRepeatedRowsSkipped)
{
    writeBmp(dir / "a.bmp", 2, 2, 1);
    store->addClass({0, "cat", "", 0, "", false});
    writeText(dir / "l.csv", "a.bmp,cat\n./a.bmp,cat\n");
    const ImportResult result = importCsv(*store, qstr(dir / "l.csv"), bmpImportOptions());
    EXPECT_EQ(result.images.added, 1);
    ASSERT_EQ(result.warnings.size(), 1);
    EXPECT_TRUE(result.warnings[0].contains(QStringLiteral("(line 2)")));
}

TEST_F(StoreImport, CsvConflictingRowsRejected)
{
    writeBmp(dir / "a.bmp", 2, 2, 1);
    store->addClass({0, "cat", "", 0, "", false});
    store->addClass({0, "dog", "", 0, "", false});
    writeText(dir / "l.csv", "a.bmp,cat\na.bmp,dog\n");
    const std::string message =
        errorOf([&] { importCsv(*store, qstr(dir / "l.csv"), bmpImportOptions()); });
    EXPECT_NE(message.find("'dog' here but 'cat' on line 1"), std::string::npos) << message;
    EXPECT_EQ(store->imageCount(), 0);
}

TEST_F(StoreImport, CsvUnclosedQuoteRejected)
{
    writeText(dir / "l.csv", "a.bmp,cat\n\"b.bmp,dog\n");
    const std::string message =
        errorOf([&] { importCsv(*store, qstr(dir / "l.csv"), bmpImportOptions()); });
    EXPECT_NE(message.find("line 2: a quoted field is not closed"), std::string::npos) << message;
}

TEST_F(StoreImport, JsonExport)
{
    importClassFolders(*store, qstr(writeClassFolders()), bmpImportOptions());
    exportJson(*store, qstr(dir / "labels.json"));
    QFile file(qstr(dir / "labels.json"));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonArray classes = root.value(QStringLiteral("classes")).toArray();
    const QJsonArray images = root.value(QStringLiteral("images")).toArray();
    ASSERT_EQ(classes.size(), 2);
    EXPECT_EQ(classes[0].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("cat"));
    ASSERT_EQ(images.size(), 4);
    const QJsonObject first = images[0].toObject();
    EXPECT_EQ(first.value(QStringLiteral("path")).toString(), QStringLiteral("dataset/cat/c1.bmp"));
    EXPECT_EQ(first.value(QStringLiteral("label")).toString(), QStringLiteral("cat"));
    EXPECT_EQ(first.value(QStringLiteral("source")).toString(), QStringLiteral("imported"));
    EXPECT_EQ(first.value(QStringLiteral("sha256")).toString(), store->images()[0].sha256);
    EXPECT_EQ(first.value(QStringLiteral("width")).toInt(), 4);
}

TEST_F(StoreImport, ExportReplacesWholeFile)
{
    importClassFolders(*store, qstr(writeClassFolders()), bmpImportOptions());
    writeText(dir / "labels.csv", std::string(100000, 'x'));
    exportCsv(*store, qstr(dir / "labels.csv"));
    EXPECT_LT(fs::file_size(dir / "labels.csv"), 1000u);
}

TEST_F(StoreImport, ExportOverProjectRejected)
{
    importClassFolders(*store, qstr(writeClassFolders()), bmpImportOptions());
    const std::string message = errorOf([&] { exportCsv(*store, qstr(dir / "p.fewshot")); });
    EXPECT_NE(message.find("the project file itself"), std::string::npos) << message;
    EXPECT_EQ(store->imageCount(), 4);
}

TEST_F(StoreImport, ExportFromClosedProject)
{
    importClassFolders(*store, qstr(writeClassFolders()), bmpImportOptions());
    store.reset();
    auto reader = ProjectStore::open(qstr(dir / "p.fewshot"), OpenMode::ReadOnly);
    EXPECT_EQ(exportCsv(*reader, qstr(dir / "new.csv")).exported, 4);
    EXPECT_TRUE(fs::exists(dir / "new.csv"));
}

TEST_F(StoreImport, ExportToReadOnlyFolderFails)
{
    importClassFolders(*store, qstr(writeClassFolders()), bmpImportOptions());
    const fs::path locked = dir / "locked";
    fs::create_directories(locked);
    chmod(locked.c_str(), 0555);
    auto reader = ProjectStore::open(qstr(dir / "p.fewshot"), OpenMode::ReadOnly);
    const int result = fewshot::test::runUnprivileged([&] {
        const std::string message = errorOf([&] { exportJson(*reader, qstr(locked / "l.json")); });
        return message.find("Choose a folder you can write to") != std::string::npos ? 0 : 1;
    });
    chmod(locked.c_str(), 0755);
    EXPECT_EQ(result, 0);
    EXPECT_TRUE(namesIn(locked).empty());
}

TEST_F(StoreImport, PoolFolderFiltersExtensions)
{
    writeBmp(dir / "pool" / "a.bmp", 2, 2, 1);
    writeBmp(dir / "pool" / "sub" / "B.BMP", 2, 2, 2);
    writeBmp(dir / "pool" / ".hidden" / "c.bmp", 2, 2, 3);
    writeText(dir / "pool" / "notes.txt", "x");
    ImportOptions options = bmpImportOptions();
    options.extensions = {QStringLiteral("bmp")};
    const ImportResult result = addImageFiles(*store, {qstr(dir / "pool")}, std::nullopt, options);
    EXPECT_EQ(result.images.added, 2);
    EXPECT_TRUE(store->labels().empty());
}

TEST_F(StoreImport, UnreadableNamedFileAddsNothing)
{
    writeBmp(dir / "good.bmp", 2, 2, 1);
    writeText(dir / "bad.bmp", "text");
    const std::string message = errorOf([&] {
        addImageFiles(*store, {qstr(dir / "good.bmp"), qstr(dir / "bad.bmp")}, std::nullopt,
                      bmpImportOptions());
    });
    EXPECT_NE(message.find("bad.bmp"), std::string::npos) << message;
    EXPECT_EQ(store->imageCount(), 0);
}

TEST_F(StoreImport, ExamplesReplaceLabel)
{
    writeBmp(dir / "a.bmp", 2, 2, 1);
    const ImportResult pool =
        addImageFiles(*store, {qstr(dir / "a.bmp")}, QStringLiteral("cat"), bmpImportOptions());
    EXPECT_EQ(pool.classesCreated, QStringList{QStringLiteral("cat")});
    addImageFiles(*store, {qstr(dir / "a.bmp")}, QStringLiteral("dog"), bmpImportOptions());
    const Label label = store->labels().at(0);
    EXPECT_EQ(label.classId, store->findClass(QStringLiteral("dog"))->id);
    EXPECT_EQ(label.source, LabelSource::Example);
}

TEST_F(StoreImport, CancelledImportWritesNothing)
{
    const fs::path root = writeClassFolders();
    ImportOptions options = bmpImportOptions();
    options.progress = [](qint64 done, qint64) { return done < 2; };
    const ImportResult result = importClassFolders(*store, qstr(root), options);
    EXPECT_TRUE(result.cancelled);
    EXPECT_EQ(store->imageCount(), 0);
    EXPECT_TRUE(store->classes().empty());
}

TEST_F(StoreImport, MissingImagesKeepLabels)
{
    importClassFolders(*store, qstr(writeClassFolders()), bmpImportOptions());
    fs::remove(dir / "dataset" / "cat" / "c1.bmp");
    const std::vector<ImageInfo> missing = store->missingImages();
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_EQ(missing[0].path, QStringLiteral("dataset/cat/c1.bmp"));
    EXPECT_TRUE(store->label(missing[0].id).has_value());
    EXPECT_EQ(store->imageCount(), 4);
}

TEST_F(StoreImport, RelinkAfterMove)
{
    importClassFolders(*store, qstr(writeClassFolders()), bmpImportOptions());
    const auto before = labelsByHash(*store);
    fs::create_directories(dir / "archive");
    fs::rename(dir / "dataset", dir / "archive" / "renamed");
    writeBmp(dir / "archive" / "unrelated.bmp", 4, 4, 77);
    ASSERT_EQ(store->missingImages().size(), 4u);

    const RelinkResult result = store->relinkMissing(qstr(dir / "archive"));
    EXPECT_EQ(result.missingBefore, 4);
    EXPECT_EQ(result.relinked, 4);
    EXPECT_EQ(result.stillMissing, 0);
    EXPECT_TRUE(store->missingImages().empty());
    EXPECT_EQ(labelsByHash(*store), before);
    EXPECT_TRUE(store->findImage(qstr(dir / "archive" / "renamed" / "dog" / "deep" / "d2.bmp")));
}

TEST_F(StoreImport, RelinkSurvivesReopen)
{
    importClassFolders(*store, qstr(writeClassFolders()), bmpImportOptions());
    fs::rename(dir / "dataset", dir / "moved");
    store->relinkMissing(qstr(dir / "moved"));
    store.reset();
    store = ProjectStore::open(qstr(dir / "p.fewshot"));
    EXPECT_TRUE(store->missingImages().empty());
}

TEST_F(StoreImport, RelinkImageChecksContent)
{
    importClassFolders(*store, qstr(writeClassFolders()), bmpImportOptions());
    const qint64 image = store->images()[0].id;
    writeBmp(dir / "other.bmp", 4, 4, 55);
    const std::string message = errorOf([&] { store->relinkImage(image, qstr(dir / "other.bmp")); });
    EXPECT_NE(message.find("different content"), std::string::npos) << message;
    fs::copy_file(dir / "dataset" / "cat" / "c1.bmp", dir / "copy.bmp");
    EXPECT_EQ(store->relinkImage(image, qstr(dir / "copy.bmp")), QStringLiteral("dataset/cat/c1.bmp"));
    EXPECT_EQ(store->image(image).path, QStringLiteral("copy.bmp"));
}
