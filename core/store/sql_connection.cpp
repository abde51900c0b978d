#include "store/sql_connection.h"

#include "base/error.h"
#include "store/store_log.h"

#include <QAtomicInteger>
#include <QDateTime>

namespace fewshot::store::detail {
namespace {

QAtomicInteger<quint64> connectionCounter;

// Primary SQLite result codes (sqlite3.h) that have advice a user can act on.
enum SqliteCode {
    SqliteBusy = 5,
    SqliteLocked = 6,
    SqliteReadOnly = 8,
    SqliteIoError = 10,
    SqliteCorrupt = 11,
    SqliteFull = 13,
    SqliteCantOpen = 14,
    SqliteNotADatabase = 26,
};

QString adviceFor(const QSqlError& error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    if (!ok)
        return QString();
    switch (code) {
    case SqliteBusy:
    case SqliteLocked:
        return QStringLiteral("Another program is writing to the project; close it and try again.");
    case SqliteReadOnly:
        return QStringLiteral("The file or its folder is read-only; open the project from a "
                              "location you can write to.");
    case SqliteIoError:
        return QStringLiteral("A disk read or write failed; check the disk and try again.");
    case SqliteCorrupt:
    case SqliteNotADatabase:
        return QStringLiteral("The file is damaged or is not a project; restore it from a backup.");
    case SqliteFull:
        return QStringLiteral("The disk is full; free some space and try again.");
    case SqliteCantOpen:
        return QStringLiteral("Check that the file and its folder exist and can be written.");
    default:
        return QString();
    }
}

}  // namespace

SqlConnection::SqlConnection(const QString& file, bool readOnly)
    : file_(file),
      connectionName_(QStringLiteral("fewshot-store-%1").arg(++connectionCounter)),
      readOnly_(readOnly)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        throw Error("The Qt SQLite driver (QSQLITE) is not installed, so project files cannot "
                    "be opened. Install it (on Debian: libqt6sql6-sqlite).");

    QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName_);
    database.setDatabaseName(file);
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000");
    if (readOnly)
        options += QStringLiteral(";QSQLITE_OPEN_READONLY");
    database.setConnectOptions(options);
    if (!database.open()) {
        const QSqlError error = database.lastError();
        database = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName_);
        fail(error, QStringLiteral("open the project"));
    }
    qCDebug(lcStore) << "opened connection" << connectionName_ << "to" << file
                     << (readOnly ? "read-only" : "read-write");
}

SqlConnection::~SqlConnection()
{
    {
        QSqlDatabase database = QSqlDatabase::database(connectionName_, false);
        database.close();
    }
    QSqlDatabase::removeDatabase(connectionName_);
}

QSqlQuery SqlConnection::prepare(const QString& sql, const QString& action)
{
    QSqlQuery query(QSqlDatabase::database(connectionName_, false));
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        fail(query.lastError(), action);
    return query;
}

void SqlConnection::exec(QSqlQuery& query, const QString& action)
{
    if (!query.exec())
        fail(query.lastError(), action);
}

void SqlConnection::execute(const QString& sql, const QString& action)
{
    QSqlQuery query(QSqlDatabase::database(connectionName_, false));
    if (!query.exec(sql))
        fail(query.lastError(), action);
}

QVariant SqlConnection::scalar(const QString& sql, const QString& action)
{
    QSqlQuery query = prepare(sql, action);
    exec(query, action);
    return query.next() ? query.value(0) : QVariant();
}

void SqlConnection::fail(const QSqlError& error, const QString& action) const
{
    QString message = QStringLiteral("Could not %1 in %2: %3.")
                          .arg(action, file_, error.databaseText().isEmpty()
                                                  ? error.text()
                                                  : error.databaseText());
    const QString advice = adviceFor(error);
    if (!advice.isEmpty())
        message += QLatin1Char(' ') + advice;
    // The caller reports the message; the log keeps the SQLite code for debugging.
    qCDebug(lcStore).noquote() << message << "(SQLite code" << error.nativeErrorCode() << ")";
    throw Error(message.toStdString());
}

void SqlConnection::requireWritable(const QString& action) const
{
    if (readOnly_)
        throw Error(QStringLiteral("Could not %1: the project %2 is open read-only. Close it in "
                                   "the other program and open it again for writing.")
                        .arg(action, file_)
                        .toStdString());
}

Transaction::Transaction(SqlConnection& connection, const QString& action)
    : connection_(connection), action_(action)
{
    connection_.requireWritable(action_);
    if (connection_.transactionDepth == 0) {
        // IMMEDIATE takes the write lock now, so a reader in another process
        // cannot make the later upgrade to a write fail half-way.
        connection_.execute(QStringLiteral("BEGIN IMMEDIATE"), action_);
        connection_.rollbackOnly = false;
    }
    ++connection_.transactionDepth;
}

Transaction::~Transaction()
{
    if (done_)
        return;
    --connection_.transactionDepth;
    if (connection_.transactionDepth > 0) {
        connection_.rollbackOnly = true;
        return;
    }
    try {
        connection_.execute(QStringLiteral("ROLLBACK"), action_);
    } catch (const Error& e) {
        // ROLLBACK fails mainly when SQLite already rolled back by itself
        // after an error, so the failure is logged and not raised.
        qCWarning(lcStore) << "rollback failed:" << e.what();
    }
}

void Transaction::commit()
{
    done_ = true;
    --connection_.transactionDepth;
    if (connection_.transactionDepth > 0)
        return;
    if (connection_.rollbackOnly) {
        connection_.execute(QStringLiteral("ROLLBACK"), action_);
        throw Error(QStringLiteral("Could not %1 in %2: a step of it failed, so nothing was "
                                   "saved.")
                        .arg(action_, connection_.file())
                        .toStdString());
    }
    try {
        connection_.execute(QStringLiteral("COMMIT"), action_);
    } catch (const Error&) {
        // A failed COMMIT can leave the transaction open, so end it to keep
        // the connection usable. The original error is the one to report.
        QSqlQuery rollback(QSqlDatabase::database(connection_.connectionName(), false));
        rollback.exec(QStringLiteral("ROLLBACK"));
        throw;
    }
}

qint64 toStoredTime(const QDateTime& time)
{
    return time.toMSecsSinceEpoch();
}

QDateTime fromStoredTime(const QVariant& value)
{
    if (value.isNull())
        return QDateTime();
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

}  // namespace fewshot::store::detail
