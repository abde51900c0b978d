// `fewshot project ...` run as a user would: exit statuses, output and files.

#include "cli_test_support.h"

#include <gtest/gtest.h>

#include <fstream>

namespace fs = std::filesystem;
using fewshot::test::CommandResult;
using fewshot::test::qpath;
using fewshot::test::scratchDir;

namespace {

CommandResult project(const QStringList& arguments)
{
    return fewshot::test::runFewshot(QStringList{QStringLiteral("project")} + arguments);
}

void writeImage(const fs::path& path, int seed)
{
    fs::create_directories(path.parent_path());
    fewshot::test::writeBmp(path, 6, 4, [seed](int x, int y) {
        return std::tuple<int, int, int>{(x * 40 + seed) % 256, (y * 60 + seed) % 256, seed % 256};
    });
}

void writeText(const fs::path& path, const std::string& text)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

class ProjectCli : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir = scratchDir(std::string("cli_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        file = qpath(dir / "p.fewshot");
        ASSERT_EQ(project({QStringLiteral("create"), file}).exitCode, 0);
    }

    fs::path dir;
    QString file;
};

}  // namespace

TEST_F(ProjectCli, CreateExistingFails)
{
    const CommandResult result = project({QStringLiteral("create"), file});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_TRUE(contains(result.err, "already exists")) << result.err;
}

TEST_F(ProjectCli, AddExamplesCreatesClass)
{
    writeImage(dir / "a.bmp", 1);
    writeImage(dir / "b.bmp", 2);
    const CommandResult added = project({QStringLiteral("add"), file, QStringLiteral("--class"),
                                         QStringLiteral("scratch"), qpath(dir / "a.bmp"),
                                         qpath(dir / "b.bmp")});
    EXPECT_EQ(added.exitCode, 0) << added.err;
    EXPECT_TRUE(contains(added.out, "Added 2 images")) << added.out;
    EXPECT_TRUE(contains(added.out, "New classes: scratch.")) << added.out;

    const CommandResult info = project({QStringLiteral("info"), file});
    EXPECT_EQ(info.exitCode, 0) << info.err;
    EXPECT_TRUE(contains(info.out, "Images: 2, 0 missing")) << info.out;
    EXPECT_TRUE(contains(info.out, "2 examples")) << info.out;
}

TEST_F(ProjectCli, PoolFolderReportsBrokenFile)
{
    writeImage(dir / "pool" / "a.bmp", 1);
    writeImage(dir / "pool" / "sub" / "b.bmp", 2);
    writeText(dir / "pool" / "broken.png", "not a png");
    const CommandResult result = project({QStringLiteral("add"), file, QStringLiteral("--pool"),
                                          qpath(dir / "pool")});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_TRUE(contains(result.err, "broken.png")) << result.err;
    EXPECT_TRUE(contains(result.out, "Added 2 images")) << result.out;
}

TEST_F(ProjectCli, UnreadableImageAddsNothing)
{
    writeImage(dir / "good.bmp", 1);
    writeText(dir / "bad.jpg", "not a jpeg");
    const CommandResult result = project({QStringLiteral("add"), file, QStringLiteral("--pool"),
                                          qpath(dir / "good.bmp"), qpath(dir / "bad.jpg")});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_TRUE(contains(result.err, "bad.jpg")) << result.err;
    EXPECT_TRUE(contains(project({QStringLiteral("info"), file}).out, "Images: 0,"));
}

TEST_F(ProjectCli, AddNeedsClassOrPool)
{
    writeImage(dir / "a.bmp", 1);
    const CommandResult result = project({QStringLiteral("add"), file, qpath(dir / "a.bmp")});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(contains(result.err, "--class NAME or --pool")) << result.err;
}

TEST_F(ProjectCli, LabelReplacesLabel)
{
    writeImage(dir / "a.bmp", 1);
    project({QStringLiteral("add"), file, QStringLiteral("--class"), QStringLiteral("cat"), qpath(dir / "a.bmp")});
    project({QStringLiteral("add"), file, QStringLiteral("--class"), QStringLiteral("dog"), qpath(dir / "a.bmp")});
    const CommandResult result = project({QStringLiteral("label"), file, qpath(dir / "a.bmp"),
                                          QStringLiteral("cat")});
    EXPECT_EQ(result.exitCode, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "Labeled a.bmp as 'cat' (was 'dog').")) << result.out;
}

TEST_F(ProjectCli, LabelUnknownClassFails)
{
    writeImage(dir / "a.bmp", 1);
    project({QStringLiteral("add"), file, QStringLiteral("--pool"), qpath(dir / "a.bmp")});
    const CommandResult result = project({QStringLiteral("label"), file, qpath(dir / "a.bmp"),
                                          QStringLiteral("zebra")});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_TRUE(contains(result.err, "The class 'zebra' is not in the project")) << result.err;
}

TEST_F(ProjectCli, ImportFolderThenExportAll)
{
    writeImage(dir / "data" / "cat" / "1.bmp", 1);
    writeImage(dir / "data" / "dog" / "2.bmp", 2);
    const CommandResult imported = project({QStringLiteral("import"), file, QStringLiteral("--folder"),
                                            qpath(dir / "data")});
    EXPECT_EQ(imported.exitCode, 0) << imported.err;

    for (const char* format : {"csv", "json", "folders"}) {
        const fs::path output = dir / (std::string("out.") + format);
        const CommandResult exported = project({QStringLiteral("export"), file, QStringLiteral("--format"),
                                                QString::fromLatin1(format), QStringLiteral("--output"),
                                                qpath(output)});
        EXPECT_EQ(exported.exitCode, 0) << format << ": " << exported.err;
        EXPECT_TRUE(fs::exists(output)) << format;
    }
    EXPECT_TRUE(fs::is_regular_file(dir / "out.folders" / "dog" / "2.bmp"));
}

TEST_F(ProjectCli, CsvImportNeedsKnownClasses)
{
    writeImage(dir / "a.bmp", 1);
    writeText(dir / "labels.csv", "path,label\na.bmp,cat\n");
    const CommandResult rejected = project({QStringLiteral("import"), file, QStringLiteral("--csv"),
                                            qpath(dir / "labels.csv")});
    EXPECT_EQ(rejected.exitCode, 1);
    EXPECT_TRUE(contains(rejected.err, "line 2: the class 'cat' is not in the project")) << rejected.err;

    const CommandResult accepted = project({QStringLiteral("import"), file, QStringLiteral("--csv"),
                                            qpath(dir / "labels.csv"), QStringLiteral("--create-classes")});
    EXPECT_EQ(accepted.exitCode, 0) << accepted.err;
    EXPECT_TRUE(contains(accepted.out, "New classes: cat.")) << accepted.out;
}

TEST_F(ProjectCli, ExportRejectsUnknownFormat)
{
    const CommandResult result = project({QStringLiteral("export"), file, QStringLiteral("--format"),
                                          QStringLiteral("xml"), QStringLiteral("--output"),
                                          qpath(dir / "o.xml")});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_FALSE(fs::exists(dir / "o.xml"));
}

TEST_F(ProjectCli, InfoRejectsTextFile)
{
    writeText(dir / "notes.fewshot", "hello");
    const CommandResult result = project({QStringLiteral("info"), qpath(dir / "notes.fewshot")});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_TRUE(contains(result.err, "not an SQLite database")) << result.err;
}

TEST_F(ProjectCli, RelinkFindsMovedFolder)
{
    writeImage(dir / "data" / "cat" / "1.bmp", 1);
    project({QStringLiteral("import"), file, QStringLiteral("--folder"), qpath(dir / "data")});
    fs::rename(dir / "data", dir / "moved");
    EXPECT_TRUE(contains(project({QStringLiteral("info"), file}).out, "Images: 1, 1 missing"));
    const CommandResult result = project({QStringLiteral("relink"), file, qpath(dir / "moved")});
    EXPECT_EQ(result.exitCode, 0) << result.err;
    EXPECT_TRUE(contains(project({QStringLiteral("info"), file}).out, "Images: 1, 0 missing"));
}

TEST_F(ProjectCli, UnknownSubcommandIsUsageError)
{
    const CommandResult result = project({QStringLiteral("frobnicate"), file});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(contains(result.err, "unknown project subcommand 'frobnicate'")) << result.err;
}

TEST_F(ProjectCli, TemplatesSetAndList)
{
    const CommandResult empty = project({QStringLiteral("templates"), file});
    EXPECT_EQ(empty.exitCode, 0) << empty.err;
    EXPECT_TRUE(contains(empty.out, "Template sets: none")) << empty.out;

    const CommandResult written = project({QStringLiteral("templates"), file, QStringLiteral("--set"), QStringLiteral("xray"),
                                           QStringLiteral("--template"), QStringLiteral("an x-ray of {}."),
                                           QStringLiteral("--template"), QStringLiteral("a radiograph showing {}.")});
    EXPECT_EQ(written.exitCode, 0) << written.err;
    EXPECT_TRUE(contains(written.out, "'xray' (2 templates) is now active")) << written.out;

    const CommandResult listed = project({QStringLiteral("templates"), file});
    EXPECT_EQ(listed.exitCode, 0) << listed.err;
    EXPECT_TRUE(contains(listed.out, "* xray\n")) << listed.out;
    EXPECT_TRUE(contains(listed.out, "an x-ray of {}.")) << listed.out;
    EXPECT_TRUE(contains(listed.out, "a radiograph showing {}.")) << listed.out;
}

TEST_F(ProjectCli, TemplatesSameNameReplaces)
{
    project({QStringLiteral("templates"), file, QStringLiteral("--set"), QStringLiteral("a"), QStringLiteral("--template"),
             QStringLiteral("old {}.")});
    project({QStringLiteral("templates"), file, QStringLiteral("--set"), QStringLiteral("b"), QStringLiteral("--template"),
             QStringLiteral("other {}.")});
    const CommandResult replaced = project({QStringLiteral("templates"), file, QStringLiteral("--set"), QStringLiteral("a"),
                                            QStringLiteral("--template"), QStringLiteral("new {}.")});
    EXPECT_EQ(replaced.exitCode, 0) << replaced.err;

    const std::string listed = project({QStringLiteral("templates"), file}).out;
    EXPECT_TRUE(contains(listed, "* a\n")) << listed;
    EXPECT_TRUE(contains(listed, "  b\n")) << listed;
    EXPECT_TRUE(contains(listed, "new {}.")) << listed;
    EXPECT_FALSE(contains(listed, "old {}.")) << listed;
}

TEST_F(ProjectCli, TemplatesDemoSet)
{
    const CommandResult written = project({QStringLiteral("templates"), file, QStringLiteral("--set"),
                                           QStringLiteral("demo"), QStringLiteral("--demo")});
    EXPECT_EQ(written.exitCode, 0) << written.err;
    const std::string listed = project({QStringLiteral("templates"), file}).out;
    EXPECT_TRUE(contains(listed, "* demo\n")) << listed;
    EXPECT_TRUE(contains(listed, "{}")) << listed;
}

TEST_F(ProjectCli, TemplateWithoutPlaceholderWarns)
{
    const CommandResult result = project({QStringLiteral("templates"), file, QStringLiteral("--set"), QStringLiteral("x"),
                                          QStringLiteral("--template"), QStringLiteral("a photo")});
    EXPECT_EQ(result.exitCode, 0) << result.err;
    EXPECT_TRUE(contains(result.err, "'a photo' has no {}")) << result.err;
}

TEST_F(ProjectCli, TemplatesUsageErrors)
{
    const QString set = QStringLiteral("--set");
    const QString name = QStringLiteral("x");
    const QString templateOption = QStringLiteral("--template");
    const QString text = QStringLiteral("a {}.");
    const QString demo = QStringLiteral("--demo");
    const QString command = QStringLiteral("templates");

    const CommandResult withoutSet = project({command, file, templateOption, text});
    EXPECT_EQ(withoutSet.exitCode, 2);
    EXPECT_TRUE(contains(withoutSet.err, "need --set NAME")) << withoutSet.err;
    const CommandResult both = project({command, file, set, name, templateOption, text, demo});
    EXPECT_EQ(both.exitCode, 2);
    EXPECT_TRUE(contains(both.err, "either --template T")) << both.err;
    const CommandResult neither = project({command, file, set, name});
    EXPECT_EQ(neither.exitCode, 2);
    EXPECT_TRUE(contains(neither.err, "either --template T")) << neither.err;
    const CommandResult emptyName = project({command, file, set, QStringLiteral(" "), demo});
    EXPECT_EQ(emptyName.exitCode, 2);
    EXPECT_TRUE(contains(emptyName.err, "--set needs a name")) << emptyName.err;

    const CommandResult missingFile = project({command, qpath(dir / "absent.fewshot")});
    EXPECT_EQ(missingFile.exitCode, 1);
    EXPECT_TRUE(contains(missingFile.err, "absent.fewshot")) << missingFile.err;
}
