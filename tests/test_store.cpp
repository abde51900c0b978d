// Opening, creating and locking project files, and rejecting files that are not projects.

#include "fixtures.h"
#include "store_test_util.h"

#include "base/error.h"
#include "store/project_store.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace fs = std::filesystem;
using fewshot::Error;
using fewshot::store::OpenMode;
using fewshot::store::ProjectStore;
using fewshot::test::qstr;
using fewshot::test::scratchDir;

namespace {

// The message of the Error that `action` throws, or "" when it throws none.
template <typename Action>
std::string errorOf(Action&& action)
{
    try {
        action();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

std::string readAll(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeText(const fs::path& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST(ProjectFile, CreateThenOpen)
{
    const fs::path file = scratchDir("store_create") / "cats.fewshot";
    {
        auto store = ProjectStore::create(qstr(file));
        store->addClass({0, "cat", "", 0, "", false});
    }
    auto store = ProjectStore::open(qstr(file));
    ASSERT_EQ(store->classes().size(), 1u);
    EXPECT_EQ(store->classes()[0].name, QStringLiteral("cat"));
    EXPECT_EQ(store->summary().schemaVersion, ProjectStore::currentSchemaVersion());
}

TEST(ProjectFile, CreateLeavesNoTemporaryFiles)
{
    const fs::path dir = scratchDir("store_create_clean");
    ProjectStore::create(qstr(dir / "p.fewshot"));
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir))
        names.push_back(entry.path().filename().string());
    EXPECT_EQ(names, std::vector<std::string>{"p.fewshot"});
}

TEST(ProjectFile, UsesWalJournal)
{
    const fs::path file = scratchDir("store_wal") / "p.fewshot";
    auto store = ProjectStore::create(qstr(file));
    store->addClass({0, "a", "", 0, "", false});
    EXPECT_TRUE(fs::exists(file.string() + "-wal"));
}

TEST(ProjectFile, CreateRejectsExistingFile)
{
    const fs::path file = scratchDir("store_create_exists") / "p.fewshot";
    writeText(file, "keep me");
    const std::string message = errorOf([&] { ProjectStore::create(qstr(file)); });
    EXPECT_NE(message.find("already exists"), std::string::npos) << message;
    EXPECT_EQ(readAll(file), "keep me");
}

TEST(ProjectFile, CreateRejectsMissingFolder)
{
    const fs::path file = scratchDir("store_create_nofolder") / "absent" / "p.fewshot";
    const std::string message = errorOf([&] { ProjectStore::create(qstr(file)); });
    EXPECT_NE(message.find("does not exist"), std::string::npos) << message;
}

TEST(ProjectFile, OpenMissingFile)
{
    const fs::path file = scratchDir("store_open_missing") / "absent.fewshot";
    const std::string message = errorOf([&] { ProjectStore::open(qstr(file)); });
    EXPECT_NE(message.find("not found"), std::string::npos) << message;
    EXPECT_FALSE(fs::exists(file));
}

TEST(ProjectFile, RejectsTextFile)
{
    const fs::path file = scratchDir("store_not_sqlite") / "notes.fewshot";
    writeText(file, "path,label\na.png,cat\n");
    const std::string message = errorOf([&] { ProjectStore::open(qstr(file)); });
    EXPECT_NE(message.find("not an SQLite database"), std::string::npos) << message;
    EXPECT_NE(message.find(file.string()), std::string::npos) << message;
    EXPECT_EQ(readAll(file), "path,label\na.png,cat\n");
    EXPECT_FALSE(fs::exists(file.string() + "-wal"));
}

TEST(ProjectFile, RejectsEmptyFile)
{
    const fs::path file = scratchDir("store_empty") / "empty.fewshot";
    writeText(file, "");
    const std::string message = errorOf([&] { ProjectStore::open(qstr(file)); });
    EXPECT_NE(message.find("is empty"), std::string::npos) << message;
    EXPECT_EQ(fs::file_size(file), 0u);
}

TEST(ProjectFile, RejectsFolder)
{
    const fs::path dir = scratchDir("store_folder") / "x.fewshot";
    fs::create_directories(dir);
    const std::string message = errorOf([&] { ProjectStore::open(qstr(dir)); });
    EXPECT_NE(message.find("is a folder"), std::string::npos) << message;
}

TEST(ProjectFile, RejectsOtherSqliteDatabase)
{
    const fs::path file = scratchDir("store_other_db") / "other.fewshot";
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
        db.setDatabaseName(qstr(file));
        ASSERT_TRUE(db.open());
        QSqlQuery(db).exec(QStringLiteral("CREATE TABLE t (x)"));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("other"));
    const std::string message = errorOf([&] { ProjectStore::open(qstr(file)); });
    EXPECT_NE(message.find("not a FewShot Studio project"), std::string::npos) << message;
}

TEST(ProjectFile, RejectsNewerFormat)
{
    const fs::path file = scratchDir("store_newer") / "p.fewshot";
    ProjectStore::create(qstr(file));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
        db.setDatabaseName(qstr(file));
        ASSERT_TRUE(db.open());
        QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 99"));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("newer"));
    const std::string message = errorOf([&] { ProjectStore::open(qstr(file)); });
    EXPECT_NE(message.find("newer version of FewShot Studio"), std::string::npos) << message;
    EXPECT_NE(message.find("format 99"), std::string::npos) << message;
}

TEST(ProjectLock, SecondOpenInProcessFails)
{
    const fs::path file = scratchDir("store_lock_same") / "p.fewshot";
    auto first = ProjectStore::create(qstr(file));
    const std::string message = errorOf([&] { ProjectStore::open(qstr(file)); });
    EXPECT_NE(message.find("already open"), std::string::npos) << message;
}

TEST(ProjectLock, LockReleasedOnClose)
{
    const fs::path file = scratchDir("store_lock_release") / "p.fewshot";
    ProjectStore::create(qstr(file));
    EXPECT_FALSE(fs::exists(file.string() + ".lock"));
    EXPECT_NO_THROW(ProjectStore::open(qstr(file)));
}

TEST(ProjectLock, OtherProcessIsToldInUse)
{
    const fs::path file = scratchDir("store_lock_other") / "p.fewshot";
    auto holder = ProjectStore::create(qstr(file));
    holder->addClass({0, "cat", "", 0, "", false});
    const pid_t child = fork();
    if (child == 0) {
        try {
            ProjectStore::open(qstr(file));
            _exit(1);
        } catch (const Error& e) {
            _exit(std::string(e.what()).find("in use by") != std::string::npos ? 0 : 2);
        }
    }
    int status = -1;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(holder->classes().size(), 1u);
}

TEST(ProjectLock, OtherProcessCanReadOnly)
{
    const fs::path file = scratchDir("store_lock_readonly") / "p.fewshot";
    auto holder = ProjectStore::create(qstr(file));
    holder->addClass({0, "cat", "", 0, "", false});
    const pid_t child = fork();
    if (child == 0) {
        try {
            auto reader = ProjectStore::open(qstr(file), OpenMode::ReadOnly);
            _exit(reader->classes().size() == 1 ? 0 : 1);
        } catch (const Error&) {
            _exit(2);
        }
    }
    int status = -1;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(ProjectLock, ReadOnlyRejectsWrites)
{
    const fs::path file = scratchDir("store_readonly_write") / "p.fewshot";
    ProjectStore::create(qstr(file));
    auto reader = ProjectStore::open(qstr(file), OpenMode::ReadOnly);
    const std::string message = errorOf([&] { reader->addClass({0, "cat", "", 0, "", false}); });
    EXPECT_NE(message.find("read-only"), std::string::npos) << message;
    EXPECT_TRUE(reader->classes().empty());
}

TEST(ReadOnlyLocation, CreateFails)
{
    const fs::path dir = scratchDir("store_ro_create");
    chmod(dir.c_str(), 0555);
    const fs::path file = dir / "p.fewshot";
    const int result = fewshot::test::runUnprivileged([&] {
        const std::string message = errorOf([&] { ProjectStore::create(qstr(file)); });
        return message.find("not writable") != std::string::npos ? 0 : 1;
    });
    chmod(dir.c_str(), 0755);
    EXPECT_EQ(result, 0);
    EXPECT_FALSE(fs::exists(file));
}

TEST(ReadOnlyLocation, OpenForWritingFails)
{
    const fs::path dir = scratchDir("store_ro_open");
    const fs::path file = dir / "p.fewshot";
    ProjectStore::create(qstr(file))->addClass({0, "cat", "", 0, "", false});
    chmod(dir.c_str(), 0555);
    chmod(file.c_str(), 0666);
    const int result = fewshot::test::runUnprivileged([&] {
        const std::string message = errorOf([&] { ProjectStore::open(qstr(file)); });
        return message.find("folder is not writable") != std::string::npos ? 0 : 1;
    });
    chmod(dir.c_str(), 0755);
    EXPECT_EQ(result, 0);
}

TEST(ReadOnlyLocation, ReadOnlyFileFails)
{
    const fs::path dir = scratchDir("store_ro_file");
    const fs::path file = dir / "p.fewshot";
    ProjectStore::create(qstr(file));
    chmod(dir.c_str(), 0777);
    chmod(file.c_str(), 0444);
    const int result = fewshot::test::runUnprivileged([&] {
        const std::string message = errorOf([&] { ProjectStore::open(qstr(file)); });
        return message.find("is read-only. Make it writable") != std::string::npos ? 0 : 1;
    });
    chmod(dir.c_str(), 0755);
    EXPECT_EQ(result, 0);
    EXPECT_FALSE(fs::exists(file.string() + ".lock"));
}

TEST(ReadOnlyLocation, OpenReadOnlyWorks)
{
    const fs::path dir = scratchDir("store_ro_read");
    const fs::path file = dir / "p.fewshot";
    ProjectStore::create(qstr(file))->addClass({0, "cat", "", 0, "", false});
    chmod(dir.c_str(), 0555);
    chmod(file.c_str(), 0444);
    const int result = fewshot::test::runUnprivileged([&] {
        try {
            auto reader = ProjectStore::open(qstr(file), OpenMode::ReadOnly);
            return reader->classes().size() == 1 ? 0 : 1;
        } catch (const Error& e) {
            fprintf(stderr, "%s\n", e.what());
            return 2;
        }
    });
    chmod(dir.c_str(), 0755);
    EXPECT_EQ(result, 0);
}
