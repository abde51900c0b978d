// Crash safety (a labeling process killed with SIGKILL at random points) and
// migration of a project saved in the first schema version.

#include "fixtures.h"
#include "store_test_util.h"

#include "base/error.h"
#include "store/project_store.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <thread>

namespace fs = std::filesystem;
using namespace fewshot::store;
using fewshot::test::qstr;
using fewshot::test::scratchDir;

namespace {

// The labeling child runs numbered steps. Most steps label one image, and every
// kBatchEvery-th step adds kBatchSize images in one transaction, which must
// appear whole or not at all.
constexpr int kImages = 20;
constexpr int kClasses = 3;
constexpr long kBatchEvery = 25;
constexpr int kBatchSize = 30;
constexpr int kRounds = 6;

bool isBatchStep(long step)
{
    return step % kBatchEvery == 0;
}

int imageIndexOf(long step)
{
    return static_cast<int>(step % kImages);
}

int classIndexOf(long step)
{
    return static_cast<int>((step / kImages + step) % kClasses);
}

ImageFile fakeImage(const fs::path& dir, const QString& name)
{
    ImageFile file;
    file.absolutePath = qstr(dir / name.toStdString());
    file.sha256 = QString::fromLatin1(QByteArray(32, 'a').toHex());
    file.size = 10;
    file.width = 1;
    file.height = 1;
    return file;
}

QString batchName(long step, int i)
{
    return QStringLiteral("batch-%1-%2.png").arg(step).arg(i);
}

void runStep(ProjectStore& store, const fs::path& dir, long step,
             const std::vector<qint64>& imageIds, const std::vector<qint64>& classIds)
{
    if (!isBatchStep(step)) {
        store.setLabel(imageIds[imageIndexOf(step)], classIds[classIndexOf(step)],
                       LabelSource::Manual);
        return;
    }
    std::vector<ImageToAdd> batch;
    for (int i = 0; i < kBatchSize; ++i)
        batch.push_back({fakeImage(dir, batchName(step, i)), classIds[0], LabelSource::Imported});
    store.addImages(batch, LabelConflict::KeepExisting);
}

// Runs steps from `firstStep` until killed, writing each step number to
// `reportFd` after its transaction has committed.
[[noreturn]] void labelUntilKilled(const fs::path& dir, long firstStep, int reportFd)
{
    try {
        auto store = ProjectStore::open(qstr(dir / "p.fewshot"));
        std::vector<qint64> imageIds;
        for (int i = 0; i < kImages; ++i)
            imageIds.push_back(store->findImage(qstr(dir / ("img-" + std::to_string(i) + ".png")))->id);
        std::vector<qint64> classIds;
        for (const ClassInfo& info : store->classes())
            classIds.push_back(info.id);
        for (long step = firstStep;; ++step) {
            runStep(*store, dir, step, imageIds, classIds);
            if (write(reportFd, &step, sizeof step) != sizeof step)
                _exit(4);
        }
    } catch (const std::exception& e) {
        fprintf(stderr, "labeling child failed: %s\n", e.what());
        _exit(3);
    }
}

void createProject(const fs::path& dir)
{
    auto store = ProjectStore::create(qstr(dir / "p.fewshot"));
    for (int c = 0; c < kClasses; ++c)
        store->addClass({0, QStringLiteral("class-%1").arg(c), "", 0, "", false});
    std::vector<ImageToAdd> images;
    for (int i = 0; i < kImages; ++i)
        images.push_back({fakeImage(dir, QStringLiteral("img-%1.png").arg(i)), std::nullopt,
                          LabelSource::Manual});
    store->addImages(images, LabelConflict::KeepExisting);
}

// When the labeling child is killed: after it reported `steps` more
// commits, plus `extra` so that the kill can land inside a transaction.
struct KillPoint {
    long steps = 0;
    std::chrono::microseconds extra{0};
};

// Starts a labeling child, kills it at `point`, and returns the last step it
// reported as committed (firstStep - 1 when none). Waiting for reported steps
// rather than for a fixed time makes the rounds progress on a slow disk too.
long runAndKill(const fs::path& dir, long firstStep, KillPoint point)
{
    int fds[2];
    if (pipe(fds) != 0)
        return firstStep - 1;
    const pid_t child = fork();
    if (child == 0) {
        close(fds[0]);
        labelUntilKilled(dir, firstStep, fds[1]);
    }
    close(fds[1]);

    long last = firstStep - 1;
    long step = 0;
    while (last < firstStep + point.steps - 1 && read(fds[0], &step, sizeof step) == sizeof step)
        last = step;
    std::this_thread::sleep_for(point.extra);
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status)) << "the labeling child ended on its own, status " << status;

    while (read(fds[0], &step, sizeof step) == sizeof step)
        last = step;
    close(fds[0]);
    return last;
}

std::string integrityCheck(const fs::path& file)
{
    std::string result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(qstr(file));
        if (!db.open())
            return db.lastError().text().toStdString();
        QSqlQuery query(db);
        if (query.exec(QStringLiteral("PRAGMA integrity_check")) && query.next())
            result = query.value(0).toString().toStdString();
        else
            result = query.lastError().text().toStdString();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
    return result;
}

// Checks that every step up to `lastCommitted` is in the project. The step
// after it may or may not have committed before the kill.
void verifyCommittedSteps(const fs::path& dir, long lastCommitted)
{
    auto store = ProjectStore::open(qstr(dir / "p.fewshot"));
    std::vector<qint64> classIds;
    for (const ClassInfo& info : store->classes())
        classIds.push_back(info.id);

    for (int i = 0; i < kImages; ++i) {
        const qint64 imageId = store->findImage(qstr(dir / ("img-" + std::to_string(i) + ".png")))->id;
        std::optional<qint64> expected;
        for (long step = 0; step <= lastCommitted; ++step) {
            if (!isBatchStep(step) && imageIndexOf(step) == i)
                expected = classIds[classIndexOf(step)];
        }
        const long next = lastCommitted + 1;
        const std::optional<Label> label = store->label(imageId);
        const std::optional<qint64> actual = label ? std::optional(label->classId) : std::nullopt;
        const bool nextMayHaveCommitted = !isBatchStep(next) && imageIndexOf(next) == i
                                          && actual == classIds[classIndexOf(next)];
        EXPECT_TRUE(actual == expected || nextMayHaveCommitted)
            << "image " << i << " after step " << lastCommitted;
    }

    for (long step = 0; step <= lastCommitted + 1; ++step) {
        if (!isBatchStep(step))
            continue;
        int present = 0;
        for (int i = 0; i < kBatchSize; ++i)
            present += store->findImage(qstr(dir / batchName(step, i).toStdString())) ? 1 : 0;
        if (step <= lastCommitted)
            EXPECT_EQ(present, kBatchSize) << "batch of step " << step;
        else
            EXPECT_TRUE(present == 0 || present == kBatchSize) << "batch of step " << step;
    }
}

}  // namespace

TEST(Durability, SigkillLosesNothingCommitted)
{
    const fs::path dir = scratchDir("store_sigkill");
    createProject(dir);
    std::random_device seedSource;
    const unsigned seed = seedSource();
    SCOPED_TRACE("random seed " + std::to_string(seed));
    std::mt19937 random(seed);
    std::uniform_int_distribution<long> steps(0, 2 * kBatchEvery);
    std::uniform_int_distribution<int> extraMicroseconds(0, 5000);

    long nextStep = 0;
    for (int round = 0; round < kRounds; ++round) {
        const KillPoint point{steps(random), std::chrono::microseconds(extraMicroseconds(random))};
        const long last = runAndKill(dir, nextStep, point);
        SCOPED_TRACE("round " + std::to_string(round) + ", killed " + std::to_string(point.extra.count())
                     + " us after step " + std::to_string(last));
        ASSERT_EQ(integrityCheck(dir / "p.fewshot"), "ok");
        verifyCommittedSteps(dir, last);
        nextStep = last + 1;
    }
    EXPECT_GT(nextStep, kBatchEvery) << "too few steps ran to exercise the batches";
}

TEST(Durability, EmptyLockFileTakenOver)
{
    const fs::path dir = scratchDir("store_empty_lock");
    ProjectStore::create(qstr(dir / "p.fewshot"));
    std::ofstream(dir / "p.fewshot.lock").flush();
    EXPECT_NO_THROW(ProjectStore::open(qstr(dir / "p.fewshot")));
}

TEST(Durability, StaleLockTakenOver)
{
    const fs::path dir = scratchDir("store_stale_lock");
    ProjectStore::create(qstr(dir / "p.fewshot"));
    const pid_t child = fork();
    if (child == 0) {
        auto store = ProjectStore::open(qstr(dir / "p.fewshot"));
        kill(getpid(), SIGKILL);
        _exit(1);
    }
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));
    ASSERT_TRUE(fs::exists(dir / "p.fewshot.lock"));
    EXPECT_NO_THROW(ProjectStore::open(qstr(dir / "p.fewshot")));
}

namespace {

// Builds a project file with the frozen version 1 script and some data.
void createVersion1Project(const fs::path& file)
{
    QFile script(qstr(fewshot::test::testDataDir() / "project_schema_v1.sql"));
    ASSERT_TRUE(script.open(QIODevice::ReadOnly));
    const QStringList statements = QString::fromUtf8(script.readAll()).split(QLatin1Char(';'));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
        db.setDatabaseName(qstr(file));
        ASSERT_TRUE(db.open());
        QSqlQuery query(db);
        for (const QString& statement : statements) {
            if (statement.trimmed().isEmpty())
                continue;
            ASSERT_TRUE(query.exec(statement)) << query.lastError().text().toStdString();
        }
        const char* const data[] = {
            "INSERT INTO classes VALUES (1, 'scratch', '#ff0000', 0, 'a scratched part', 0)",
            "INSERT INTO classes VALUES (2, 'good', '#00ff00', 1, '', 1)",
            "INSERT INTO images VALUES (7, 'img/a.png', 'abc', 10, 2, 3, 1700000000000)",
            "INSERT INTO labels VALUES (7, 1, 'example', 1700000001000)",
            "INSERT INTO template_sets VALUES (1, 'default', '[\"a photo of a {}.\"]')",
            "INSERT INTO meta VALUES ('active_template_set', '1')",
        };
        for (const char* sql : data)
            ASSERT_TRUE(query.exec(QString::fromLatin1(sql))) << query.lastError().text().toStdString();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));
}

int userVersion(const fs::path& file)
{
    int version = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("ver"));
        db.setDatabaseName(qstr(file));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("PRAGMA user_version")) && query.next())
                version = query.value(0).toInt();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("ver"));
    return version;
}

}  // namespace

TEST(Migration, FromVersion1)
{
    const fs::path file = scratchDir("store_migrate") / "old.fewshot";
    createVersion1Project(file);
    auto store = ProjectStore::open(qstr(file));

    EXPECT_EQ(store->summary().schemaVersion, ProjectStore::currentSchemaVersion());
    ASSERT_EQ(store->classes().size(), 2u);
    EXPECT_EQ(store->classes()[0].prompt, QStringLiteral("a scratched part"));
    EXPECT_TRUE(store->classes()[1].isNormal);
    EXPECT_EQ(store->label(7)->source, LabelSource::Example);
    EXPECT_EQ(store->label(7)->time.toMSecsSinceEpoch(), 1700000001000);
    EXPECT_EQ(store->image(7).path, QStringLiteral("img/a.png"));
    EXPECT_EQ(store->templatesForClass(1), QStringList{QStringLiteral("a photo of a {}.")});

    store->storeImageEmbeddings(QStringLiteral("fp"), QStringLiteral("p"),
                                {{QStringLiteral("abc"), 0, {1.0f}}}, VectorPrecision::Float32);
    EXPECT_EQ(store->imageEmbeddingCount(), 1);
    EXPECT_EQ(userVersion(file.string() + ".schema-v1.bak"), 1);
}

TEST(Migration, FromVersion2KeepsRuns)
{
    const fs::path file = scratchDir("store_migrate_v2") / "old.fewshot";
    qint64 runId = 0;
    {
        auto store = ProjectStore::create(qstr(file));
        runId = store->startRun(QStringLiteral("linear-probe"), QStringLiteral("fp"), {}, 3);
        store->finishRun(runId, RunStatus::Finished, QJsonObject{{QStringLiteral("training_accuracy"), 1.0}});
    }
    // Turns the file back into format 2, which had no run_heads table.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v2"));
        db.setDatabaseName(qstr(file));
        ASSERT_TRUE(db.open());
        QSqlQuery query(db);
        ASSERT_TRUE(query.exec(QStringLiteral("DROP TABLE run_heads"))) << query.lastError().text().toStdString();
        ASSERT_TRUE(query.exec(QStringLiteral("PRAGMA user_version = 2")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v2"));

    auto store = ProjectStore::open(qstr(file));
    EXPECT_EQ(store->summary().schemaVersion, ProjectStore::currentSchemaVersion());
    ASSERT_EQ(store->runs().size(), 1u);
    EXPECT_EQ(store->run(runId).status, RunStatus::Finished);
    EXPECT_FALSE(store->runHead(runId).has_value());
    store->setRunHead(runId, {QByteArray("weights"), {}});
    EXPECT_EQ(store->runHead(runId)->weights, QByteArray("weights"));
    EXPECT_EQ(userVersion(file.string() + ".schema-v2.bak"), 2);
}

TEST(Migration, ReadOnlyOpenNeedsUpgrade)
{
    const fs::path file = scratchDir("store_migrate_ro") / "old.fewshot";
    createVersion1Project(file);
    try {
        ProjectStore::open(qstr(file), OpenMode::ReadOnly);
        FAIL() << "a read-only open of a version 1 project succeeded";
    } catch (const fewshot::Error& e) {
        EXPECT_NE(std::string(e.what()).find("Open it once for writing"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(userVersion(file), 1);
}
