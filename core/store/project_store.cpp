#include "store/project_store.h"

#include "base/error.h"
#include "store/project_store_impl.h"
#include "store/schema.h"
#include "store/store_log.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

Q_LOGGING_CATEGORY(lcStore, "fewshot.store", QtWarningMsg)

namespace fewshot::store {

using detail::SqlConnection;
using detail::Transaction;

namespace {

[[noreturn]] void fail(const QString& message)
{
    throw Error(message.toStdString());
}

// Rejects anything that is not an SQLite file before SQLite touches it.
void checkProjectFile(const QString& file)
{
    const QFileInfo info(file);
    if (!info.exists())
        fail(QStringLiteral("The project file %1 was not found. Check the path, or create a "
                            "new project.").arg(file));
    if (info.isDir())
        fail(QStringLiteral("%1 is a folder, not a project file. Choose the .fewshot file.")
                 .arg(file));

    QFile reader(file);
    if (!reader.open(QIODevice::ReadOnly))
        fail(QStringLiteral("Could not read the project file %1: %2. Check its permissions.")
                 .arg(file, reader.errorString()));
    const QByteArray header = reader.read(16);
    if (header.isEmpty())
        fail(QStringLiteral("The file %1 is empty, so it is not a FewShot Studio project. "
                            "Check that you chose the right file.").arg(file));
    if (header != QByteArray("SQLite format 3\0", 16))
        fail(QStringLiteral("%1 is not a FewShot Studio project: it is not an SQLite database. "
                            "Check that you chose the right file.").arg(file));
}

// A process killed between creating its lock file and writing its process id
// into it leaves a lock that QLockFile cannot judge, and with no stale time it
// would block the project for good. QLockFile holds an flock() on its lock
// file while locked, so removeStaleLockFile() only succeeds when no process
// holds it. The pause lets a process that is creating the file right now
// finish writing it.
bool takeOverUnreadableLock(QLockFile& lock)
{
    if (lock.getLockInfo(nullptr, nullptr, nullptr))
        return false;
    QThread::msleep(100);
    if (!lock.getLockInfo(nullptr, nullptr, nullptr) && lock.removeStaleLockFile())
        qCWarning(lcStore) << "removed the unreadable lock file" << lock.fileName()
                           << "left by a process that ended";
    return lock.tryLock(0);
}

std::unique_ptr<QLockFile> acquireLock(const QString& file)
{
    auto lock = std::make_unique<QLockFile>(file + QStringLiteral(".lock"));
    // A project stays open for hours, so the lock must never expire by age.
    // A crashed holder is still recognised by its process id.
    lock->setStaleLockTime(0);
    if (lock->tryLock(0))
        return lock;
    if (lock->error() == QLockFile::LockFailedError && takeOverUnreadableLock(*lock))
        return lock;

    if (lock->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host;
        QString application;
        if (lock->getLockInfo(&pid, &host, &application)) {
            if (pid == QCoreApplication::applicationPid())
                fail(QStringLiteral("The project %1 is already open in this program. Use the "
                                    "open project, or close it first.").arg(file));
            fail(QStringLiteral("The project %1 is in use by %2 (process %3 on %4). Close it "
                                "there, or open it read-only.")
                     .arg(file, application.isEmpty() ? QStringLiteral("another program")
                                                      : application)
                     .arg(pid)
                     .arg(host));
        }
        fail(QStringLiteral("The project %1 is in use by another program. Close it there, or "
                            "open it read-only.").arg(file));
    }
    if (lock->error() == QLockFile::PermissionError)
        fail(QStringLiteral("Could not open the project %1 for writing: its folder is not "
                            "writable, so the lock file %2 cannot be created. Move the project "
                            "to a folder you can write to, or open it read-only.")
                 .arg(file, lock->fileName()));
    fail(QStringLiteral("Could not create the lock file %1 for the project %2. Check the "
                        "folder's permissions and free space.")
             .arg(lock->fileName(), file));
}

// Reads the format version and rejects other SQLite files and newer formats.
int readSchemaVersion(SqlConnection& sql)
{
    const QString action = QStringLiteral("read the project format");
    const int applicationId = sql.scalar(QStringLiteral("PRAGMA application_id"), action).toInt();
    const int version = sql.scalar(QStringLiteral("PRAGMA user_version"), action).toInt();
    if (applicationId != detail::kApplicationId || version < 1)
        fail(QStringLiteral("%1 is an SQLite database but not a FewShot Studio project. Check "
                            "that you chose the right file.").arg(sql.file()));
    if (version > detail::kSchemaVersion)
        fail(QStringLiteral("%1 was saved by a newer version of FewShot Studio (project format "
                            "%2; this version reads formats up to %3). Open it with a newer "
                            "version.")
                 .arg(sql.file())
                 .arg(version)
                 .arg(detail::kSchemaVersion));
    return version;
}

void configureConnection(SqlConnection& sql)
{
    const QString action = QStringLiteral("configure the project file");
    const QString mode = sql.scalar(QStringLiteral("PRAGMA journal_mode = WAL"), action).toString();
    if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        qCWarning(lcStore) << "WAL journaling is not available for" << sql.file()
                           << "(its file system may not support shared memory); using" << mode;
    // FULL makes each commit durable across power loss, not only process crashes.
    sql.execute(QStringLiteral("PRAGMA synchronous = FULL"), action);
    sql.execute(QStringLiteral("PRAGMA foreign_keys = ON"), action);
}

QString unusedBackupName(const QString& file, int version)
{
    const QString base = QStringLiteral("%1.schema-v%2.bak").arg(file).arg(version);
    QString name = base;
    for (int n = 2; QFileInfo::exists(name); ++n)
        name = QStringLiteral("%1.%2").arg(base).arg(n);
    return name;
}

void upgrade(SqlConnection& sql, int version)
{
    const QString backup = unusedBackupName(sql.file(), version);
    QSqlQuery vacuum = sql.prepare(QStringLiteral("VACUUM INTO ?"),
                                   QStringLiteral("save a backup before upgrading the project"));
    vacuum.addBindValue(backup);
    sql.exec(vacuum, QStringLiteral("save the backup %1 before upgrading the project").arg(backup));
    qCInfo(lcStore) << "saved" << backup << "before upgrading from schema version" << version;

    Transaction transaction(sql, QStringLiteral("upgrade the project"));
    detail::migrate(sql, version);
    transaction.commit();
}

void markInterruptedRuns(SqlConnection& sql)
{
    // Only one read-write store can lock the project, so a run still marked as
    // running was left by a process that ended without finishing it.
    const QString action = QStringLiteral("mark interrupted training runs");
    QSqlQuery query = sql.prepare(
        QStringLiteral("UPDATE runs SET status = 'interrupted' WHERE status = 'running'"), action);
    sql.exec(query, action);
    if (query.numRowsAffected() > 0)
        qCInfo(lcStore) << "marked" << query.numRowsAffected() << "runs of" << sql.file()
                        << "as interrupted";
}

std::unique_ptr<ProjectStore::Impl> openImpl(const QString& file, OpenMode mode,
                                             std::unique_ptr<QLockFile> lock)
{
    checkProjectFile(file);
    const bool readOnly = mode == OpenMode::ReadOnly;
    auto impl = std::make_unique<ProjectStore::Impl>();
    impl->file = file;
    impl->folder = QFileInfo(file).absoluteDir();
    // SQLite would quietly open a read-only file read-only and fail at the first write.
    if (!readOnly && !QFileInfo(file).isWritable())
        fail(QStringLiteral("The project file %1 is read-only. Make it writable, or open it "
                            "read-only.").arg(file));
    if (!readOnly)
        impl->lock = lock ? std::move(lock) : acquireLock(file);
    impl->sql = std::make_unique<SqlConnection>(file, readOnly);

    SqlConnection& sql = *impl->sql;
    const int version = readSchemaVersion(sql);
    if (readOnly) {
        if (version < detail::kSchemaVersion)
            fail(QStringLiteral("The project %1 is in an older format (%2) that must be upgraded "
                                "to format %3 before use, which a read-only open cannot do. Open "
                                "it once for writing.")
                     .arg(file)
                     .arg(version)
                     .arg(detail::kSchemaVersion));
        return impl;
    }
    configureConnection(sql);
    if (version < detail::kSchemaVersion)
        upgrade(sql, version);
    markInterruptedRuns(sql);
    qCInfo(lcStore) << "opened" << file << "read-write";
    return impl;
}

void buildNewProject(const QString& temporary)
{
    SqlConnection sql(temporary, false);
    const QString action = QStringLiteral("create the project");
    Transaction transaction(sql, action);
    detail::migrate(sql, 0);
    sql.execute(QStringLiteral("PRAGMA application_id = %1").arg(detail::kApplicationId), action);
    QSqlQuery meta = sql.prepare(
        QStringLiteral("INSERT INTO meta (key, value) VALUES ('created_at', ?)"), action);
    meta.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    sql.exec(meta, action);
    transaction.commit();
}

}  // namespace

ProjectStore::ProjectStore(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}

ProjectStore::~ProjectStore()
{
    const QString file = d->file;
    if (!d->sql->isReadOnly()) {
        // Leaving the file in rollback-journal mode makes a closed project one
        // self-contained file, which read-only opens can read even from a
        // folder where SQLite cannot create the WAL index (-shm). While
        // another connection is reading, the switch fails at once (busy
        // timeout 0) and the file stays in WAL mode.
        QSqlQuery query(QSqlDatabase::database(d->sql->connectionName(), false));
        query.exec(QStringLiteral("PRAGMA busy_timeout = 0"));
        if (!query.exec(QStringLiteral("PRAGMA journal_mode = DELETE")))
            qCDebug(lcStore) << "kept WAL journaling on close:" << query.lastError().text();
    }
    d->sql.reset();
    d->lock.reset();
    qCDebug(lcStore) << "closed" << file;
}

std::unique_ptr<ProjectStore> ProjectStore::create(const QString& path)
{
    const QString file = QFileInfo(path).absoluteFilePath();
    const QFileInfo info(file);
    if (info.exists() || info.isSymLink())
        fail(QStringLiteral("%1 already exists. Choose another file name, or open the existing "
                            "project.").arg(file));
    const QFileInfo folder(info.absolutePath());
    if (!folder.isDir())
        fail(QStringLiteral("Could not create the project %1: the folder %2 does not exist. "
                            "Create the folder first.").arg(file, folder.filePath()));
    if (!folder.isWritable())
        fail(QStringLiteral("Could not create the project %1: the folder %2 is not writable. "
                            "Choose a folder you can write to.").arg(file, folder.filePath()));

    auto lock = acquireLock(file);
    // Built under another name and renamed, so a failure or crash never leaves
    // a half-made project under the requested name.
    const QString temporary = file + QStringLiteral(".creating");
    QFile::remove(temporary);
    QFile::remove(temporary + QStringLiteral("-journal"));
    try {
        buildNewProject(temporary);
    } catch (const Error&) {
        QFile::remove(temporary);
        QFile::remove(temporary + QStringLiteral("-journal"));
        throw;
    }
    if (!QFile::rename(temporary, file)) {
        QFile::remove(temporary);
        fail(QStringLiteral("Could not create the project %1: the new file could not be renamed "
                            "into place. Check the folder's permissions.").arg(file));
    }
    qCInfo(lcStore) << "created" << file;
    return std::unique_ptr<ProjectStore>(
        new ProjectStore(openImpl(file, OpenMode::ReadWrite, std::move(lock))));
}

std::unique_ptr<ProjectStore> ProjectStore::open(const QString& path, OpenMode mode)
{
    const QString file = QFileInfo(path).absoluteFilePath();
    return std::unique_ptr<ProjectStore>(new ProjectStore(openImpl(file, mode, nullptr)));
}

int ProjectStore::currentSchemaVersion()
{
    return detail::kSchemaVersion;
}

QString ProjectStore::file() const
{
    return d->file;
}

QString ProjectStore::folder() const
{
    return d->folder.absolutePath();
}

bool ProjectStore::isReadOnly() const
{
    return d->sql->isReadOnly();
}

void ProjectStore::transaction(const QString& action, const std::function<void()>& work)
{
    Transaction transaction(d->db(), action);
    work();
    transaction.commit();
}

QString ProjectStore::modelFolder() const
{
    const QString action = QStringLiteral("read the project's model folder");
    QSqlQuery query = d->db().prepare(QStringLiteral("SELECT value FROM meta WHERE key = 'model_folder'"),
                                      action);
    d->db().exec(query, action);
    return query.next() ? query.value(0).toString() : QString();
}

void ProjectStore::setModelFolder(const QString& absolutePath)
{
    const QString action = QStringLiteral("record the project's model folder");
    Transaction transaction(d->db(), action);
    QSqlQuery write = d->db().prepare(
        QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('model_folder', ?)"), action);
    write.addBindValue(detail::notNull(absolutePath));
    d->db().exec(write, action);
    transaction.commit();
}

}  // namespace fewshot::store
