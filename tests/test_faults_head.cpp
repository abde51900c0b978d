// Exporting a trained head to a full disk or a read-only folder: the error
// names the folder, and an earlier export at the same place stays whole.

#include "fault_test_support.h"
#include "fixtures.h"

#include "engine/head_folder.h"

#include <gtest/gtest.h>

namespace fs = std::filesystem;
using namespace fewshot;
using fewshot::test::FileSizeLimit;
using fewshot::test::folderEntries;
using fewshot::test::kNoError;
using fewshot::test::messageOf;
using fewshot::test::readFileOrEmpty;

namespace {

engine::ClassifierHead linearHead(int64_t classes, int64_t dimension, float value)
{
    engine::ClassifierHead head;
    head.weight = engine::FeatureMatrix(classes, dimension, std::vector<float>(classes * dimension, value));
    head.bias.assign(static_cast<size_t>(classes), 0.5f);
    return head;
}

engine::HeadDescription describe(int64_t classes)
{
    engine::HeadDescription description;
    description.method = "linear-probe";
    for (int64_t i = 0; i < classes; ++i)
        description.classNames.push_back("class " + std::to_string(i));
    return description;
}

// The bytes of every file in an export, to compare before and after.
std::map<std::string, std::string> exportContents(const fs::path& folder)
{
    std::map<std::string, std::string> contents;
    for (const std::string& name : folderEntries(folder))
        contents[name] = readFileOrEmpty(folder / name);
    return contents;
}

class HeadExportFaults : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir = fewshot::test::scratchDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    }
    fs::path dir;
};

}  // namespace

TEST_F(HeadExportFaults, DiskFullKeepsPreviousExport)
{
    const fs::path target = dir / "exports" / "head";
    engine::exportHeadFolder(target, linearHead(2, 8, 0.25f), describe(2));
    const auto previous = exportContents(target);
    ASSERT_EQ(previous.count("head.safetensors"), 1u);

    std::string message;
    {
        // The new head's weights alone are 400 KB.
        const FileSizeLimit limit(64 * 1024);
        message = messageOf([&] { engine::exportHeadFolder(target, linearHead(100, 1000, 0.5f), describe(100)); });
    }
    EXPECT_NE(message, kNoError);
    EXPECT_NE(message.find(target.string()), std::string::npos) << message;
    EXPECT_EQ(exportContents(target), previous);
    EXPECT_EQ(folderEntries(target.parent_path()), std::vector<std::string>{"head"});
}

TEST_F(HeadExportFaults, ReadOnlyDiskKeepsPreviousExport)
{
    fewshot::test::ScopedTmpfs disk(dir / "disk", 8 * 1024 * 1024);
    if (!disk.mounted())
        GTEST_SKIP() << "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)";
    const fs::path target = dir / "disk" / "head";
    engine::exportHeadFolder(target, linearHead(2, 8, 0.25f), describe(2));
    const auto previous = exportContents(target);

    ASSERT_TRUE(disk.setReadOnly(true));
    const std::string message =
        messageOf([&] { engine::exportHeadFolder(target, linearHead(3, 8, 0.5f), describe(3)); });
    EXPECT_NE(message, kNoError);
    EXPECT_NE(message.find(target.string()), std::string::npos) << message;
    EXPECT_EQ(exportContents(target), previous);
    ASSERT_TRUE(disk.setReadOnly(false));
    EXPECT_EQ(folderEntries(target.parent_path()), std::vector<std::string>{"head"});
}

TEST_F(HeadExportFaults, MissingParentOnReadOnlyDisk)
{
    fewshot::test::ScopedTmpfs disk(dir / "disk", 1024 * 1024);
    if (!disk.mounted())
        GTEST_SKIP() << "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)";
    ASSERT_TRUE(disk.setReadOnly(true));
    // The export creates missing parent folders, which fails here.
    const fs::path target = dir / "disk" / "new" / "head";
    const std::string message = messageOf([&] { engine::exportHeadFolder(target, linearHead(2, 8, 0.25f), describe(2)); });
    EXPECT_NE(message, kNoError);
    EXPECT_NE(message.find(target.string()), std::string::npos) << message;
}
