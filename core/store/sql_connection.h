#pragma once

// Internal to the store: one QtSql connection to a project file, with helpers
// that turn every QSqlError into a fewshot::Error naming the file and the
// action that failed.

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace fewshot::store::detail {

class SqlConnection {
public:
    // Opens `file` (created when missing unless `readOnly`). The connection
    // belongs to the calling thread, as every QSqlDatabase does.
    SqlConnection(const QString& file, bool readOnly);
    ~SqlConnection();

    SqlConnection(const SqlConnection&) = delete;
    SqlConnection& operator=(const SqlConnection&) = delete;

    const QString& file() const { return file_; }
    const QString& connectionName() const { return connectionName_; }
    bool isReadOnly() const { return readOnly_; }

    // Prepares one statement; `action` completes "Could not ..." in the error.
    QSqlQuery prepare(const QString& sql, const QString& action);
    void exec(QSqlQuery& query, const QString& action);

    // Runs one statement without bound values.
    void execute(const QString& sql, const QString& action);

    // Runs a query and returns the first column of its first row (invalid when no row).
    QVariant scalar(const QString& sql, const QString& action);

    [[noreturn]] void fail(const QSqlError& error, const QString& action) const;

    // Throws when the project was opened read-only.
    void requireWritable(const QString& action) const;

    // Transaction state, used by Transaction only.
    int transactionDepth = 0;
    bool rollbackOnly = false;

private:
    QString file_;
    QString connectionName_;
    bool readOnly_;
};

// One write transaction (BEGIN IMMEDIATE ... COMMIT). Nested guards join the
// outermost one. A guard destroyed without commit() rolls back: the outermost
// at once, an inner one by making the outer commit() fail, so a caught error
// can never commit half of an action.
class Transaction {
public:
    Transaction(SqlConnection& connection, const QString& action);
    ~Transaction();

    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

private:
    SqlConnection& connection_;
    QString action_;
    bool done_ = false;
};

// QtSql binds a null QString as SQL NULL; NOT NULL text columns need ''.
inline QString notNull(const QString& text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

// Milliseconds since the epoch (UTC) as stored in the project file, and back.
qint64 toStoredTime(const QDateTime& time);
QDateTime fromStoredTime(const QVariant& value);

}  // namespace fewshot::store::detail
