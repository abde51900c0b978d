// Disk full and read-only storage while saving a project or exporting labels:
// each failure must raise a fewshot::Error that names the file, and leave
// the previous project or export exactly as it was.

#include "fault_test_support.h"
#include "fixtures.h"
#include "store_test_util.h"

#include "base/error.h"
#include "store/project_export.h"
#include "store/project_store.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace fs = std::filesystem;
using namespace fewshot::store;
using fewshot::test::FileSizeLimit;
using fewshot::test::folderEntries;
using fewshot::test::kNoError;
using fewshot::test::messageOf;
using fewshot::test::qstr;
using fewshot::test::readFileOrEmpty;
using fewshot::test::ScopedTmpfs;

namespace {

// Image rows with made-up files, `count` of them labeled with class `classId`.
std::vector<ImageToAdd> fakeImages(const fs::path& folder, int first, int count, qint64 classId)
{
    std::vector<ImageToAdd> images;
    for (int i = first; i < first + count; ++i) {
        ImageToAdd image;
        image.file.absolutePath = qstr(folder / ("image-" + std::to_string(i) + ".png"));
        image.file.sha256 = QString::fromLatin1(QByteArray::number(i).rightJustified(64, '0'));
        image.file.size = 1000 + i;
        image.file.width = 64;
        image.file.height = 48;
        image.classId = classId;
        image.source = LabelSource::Manual;
        images.push_back(image);
    }
    return images;
}

// The labels of a project as (stored path, class id) pairs, for comparing states.
std::vector<std::pair<QString, qint64>> labelsOf(const ProjectStore& store)
{
    std::vector<std::pair<QString, qint64>> result;
    for (const Label& label : store.labels())
        result.emplace_back(store.image(label.imageId).path, label.classId);
    return result;
}

class FaultsOnDisk : public ::testing::Test {
protected:
    void SetUp() override { dir = fewshot::test::scratchDir(::testing::UnitTest::GetInstance()->current_test_info()->name()); }
    fs::path dir;
};

}  // namespace

TEST_F(FaultsOnDisk, ProjectDiskFullKeepsSavedLabels)
{
    ScopedTmpfs disk(dir / "disk", 1024 * 1024);
    if (!disk.mounted())
        GTEST_SKIP() << "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)";
    const fs::path file = dir / "disk" / "p.fewshot";
    auto store = ProjectStore::create(qstr(file));
    const qint64 cat = store->ensureClass(QStringLiteral("cat")).id;
    store->addImages(fakeImages(dir, 0, 20, cat), LabelConflict::Replace);
    const auto saved = labelsOf(*store);

    disk.fill();
    const std::string message =
        messageOf([&] { store->addImages(fakeImages(dir, 100, 5000, cat), LabelConflict::Replace); });
    EXPECT_NE(message.find(file.string()), std::string::npos) << message;
    EXPECT_NE(message.find("The disk is full"), std::string::npos) << message;

    // The failed change is rolled back, and the project keeps working once there is space.
    EXPECT_EQ(labelsOf(*store), saved);
    fs::remove(dir / "disk" / "filler");
    store->addImages(fakeImages(dir, 20, 1, cat), LabelConflict::Replace);
    store.reset();
    const auto reopened = ProjectStore::open(qstr(file));
    EXPECT_EQ(reopened->imageCount(), 21);
}

TEST_F(FaultsOnDisk, ProjectFileSizeLimitKeepsSavedLabels)
{
    const fs::path file = dir / "p.fewshot";
    auto store = ProjectStore::create(qstr(file));
    const qint64 cat = store->ensureClass(QStringLiteral("cat")).id;
    store->addImages(fakeImages(dir, 0, 20, cat), LabelConflict::Replace);
    const auto saved = labelsOf(*store);

    std::string message;
    {
        // Room for a few more pages only: the large transaction cannot be written.
        const FileSizeLimit limit(fs::file_size(file) + fs::file_size(dir / "p.fewshot-wal") + 16384);
        message = messageOf([&] { store->addImages(fakeImages(dir, 100, 5000, cat), LabelConflict::Replace); });
    }
    EXPECT_NE(message.find(file.string()), std::string::npos) << message;
    EXPECT_EQ(labelsOf(*store), saved);
    store.reset();
    const auto reopened = ProjectStore::open(qstr(file));
    EXPECT_EQ(labelsOf(*reopened), saved);
}

TEST_F(FaultsOnDisk, ProjectOnReadOnlyDisk)
{
    ScopedTmpfs disk(dir / "disk", 4 * 1024 * 1024);
    if (!disk.mounted())
        GTEST_SKIP() << "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)";
    const fs::path file = dir / "disk" / "p.fewshot";
    std::vector<std::pair<QString, qint64>> saved;
    {
        auto store = ProjectStore::create(qstr(file));
        const qint64 cat = store->ensureClass(QStringLiteral("cat")).id;
        store->addImages(fakeImages(dir, 0, 20, cat), LabelConflict::Replace);
        saved = labelsOf(*store);
    }

    // A read-only file system refuses writes even to root, unlike permission bits.
    // NOTE: Linux refuses to remount a file system read-only while a file on it
    // is open for writing, so the case of a disk turning read-only under an
    // open project is not simulated here.
    ASSERT_TRUE(disk.setReadOnly(true));
    const std::string message = messageOf([&] { ProjectStore::open(qstr(file)); });
    EXPECT_NE(message.find(file.string()), std::string::npos) << message;
    EXPECT_NE(message, kNoError);
    const auto reader = ProjectStore::open(qstr(file), OpenMode::ReadOnly);
    EXPECT_EQ(labelsOf(*reader), saved);
    ASSERT_TRUE(disk.setReadOnly(false));
}

TEST_F(FaultsOnDisk, CsvAndJsonExportKeepPreviousFile)
{
    auto store = ProjectStore::create(qstr(dir / "p.fewshot"));
    const qint64 cat = store->ensureClass(QStringLiteral("cat")).id;
    store->addImages(fakeImages(dir, 0, 3, cat), LabelConflict::Replace);
    const fs::path csv = dir / "out" / "labels.csv";
    const fs::path json = dir / "out" / "labels.json";
    fs::create_directories(csv.parent_path());
    exportCsv(*store, qstr(csv));
    exportJson(*store, qstr(json));
    const std::string previousCsv = readFileOrEmpty(csv);
    const std::string previousJson = readFileOrEmpty(json);

    store->addImages(fakeImages(dir, 3, 2000, cat), LabelConflict::Replace);
    std::string csvMessage;
    std::string jsonMessage;
    {
        const FileSizeLimit limit(std::max(previousCsv.size(), previousJson.size()) + 100);
        csvMessage = messageOf([&] { exportCsv(*store, qstr(csv)); });
        jsonMessage = messageOf([&] { exportJson(*store, qstr(json)); });
    }
    EXPECT_NE(csvMessage.find(csv.string()), std::string::npos) << csvMessage;
    EXPECT_NE(csvMessage.find("left unchanged"), std::string::npos) << csvMessage;
    EXPECT_NE(jsonMessage.find(json.string()), std::string::npos) << jsonMessage;
    EXPECT_EQ(readFileOrEmpty(csv), previousCsv);
    EXPECT_EQ(readFileOrEmpty(json), previousJson);
    EXPECT_EQ(folderEntries(csv.parent_path()), (std::vector<std::string>{"labels.csv", "labels.json"}));
}

TEST_F(FaultsOnDisk, CsvExportToReadOnlyFolder)
{
    const fs::path file = dir / "p.fewshot";
    const fs::path folder = dir / "readonly";
    fs::create_directories(folder);
    {
        auto store = ProjectStore::create(qstr(file));
        const qint64 cat = store->ensureClass(QStringLiteral("cat")).id;
        store->addImages(fakeImages(dir, 0, 3, cat), LabelConflict::Replace);
        exportCsv(*store, qstr(folder / "labels.csv"));
        store->addImages(fakeImages(dir, 3, 10, cat), LabelConflict::Replace);
    }
    const std::string previous = readFileOrEmpty(folder / "labels.csv");
    ::chmod(folder.c_str(), 0555);

    // Root ignores permission bits, so the export runs as an ordinary user.
    const int result = fewshot::test::runUnprivileged([&] {
        const auto reader = ProjectStore::open(qstr(file), OpenMode::ReadOnly);
        const std::string message = messageOf([&] { exportCsv(*reader, qstr(folder / "labels.csv")); });
        return message.find((folder / "labels.csv").string()) != std::string::npos ? 0 : 1;
    });
    ::chmod(folder.c_str(), 0755);
    EXPECT_EQ(result, 0);
    EXPECT_EQ(readFileOrEmpty(folder / "labels.csv"), previous);
    EXPECT_EQ(folderEntries(folder), std::vector<std::string>{"labels.csv"});
}

TEST_F(FaultsOnDisk, FolderExportDiskFullLeavesNothing)
{
    auto store = ProjectStore::create(qstr(dir / "p.fewshot"));
    const qint64 cat = store->ensureClass(QStringLiteral("cat")).id;
    std::vector<ImageToAdd> images;
    for (int i = 0; i < 5; ++i) {
        const fs::path path = dir / "images" / ("i" + std::to_string(i) + ".bmp");
        fewshot::test::writeBmp(path, 64, 64, i);
        ImageToAdd image;
        image.file = describeImageFile(qstr(path), fewshot::test::readBmpSize);
        image.classId = cat;
        images.push_back(image);
    }
    store->addImages(images, LabelConflict::Replace);

    const fs::path output = dir / "out" / "dataset";
    fs::create_directories(output.parent_path());
    std::string message;
    {
        const FileSizeLimit limit(1000);  // each image is about 12 KB
        message = messageOf([&] { exportFolders(*store, qstr(output)); });
    }
    EXPECT_NE(message.find("Could not copy " + (dir / "images").string()), std::string::npos) << message;
    EXPECT_NE(message.find("Check the free disk space; nothing was exported."), std::string::npos) << message;
    EXPECT_TRUE(folderEntries(output.parent_path()).empty());
}
