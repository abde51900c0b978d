#include "base/error.h"
#include "store/project_store.h"
#include "store/project_store_impl.h"

#include <QRegularExpression>

#include <algorithm>

namespace fewshot::store {

using detail::Transaction;

namespace detail {

const char* const kClassColumns = "id, name, color, position, prompt, is_normal";

ClassInfo readClass(const QSqlQuery& query)
{
    ClassInfo info;
    info.id = query.value(0).toLongLong();
    info.name = query.value(1).toString();
    info.color = query.value(2).toString();
    info.position = query.value(3).toInt();
    info.prompt = query.value(4).toString();
    info.isNormal = query.value(5).toBool();
    return info;
}

void throwNotFound(const SqlConnection& sql, const char* rowKind, qint64 id)
{
    throw Error(QStringLiteral("The %1 with id %2 was not found in the project %3. It may have "
                               "been removed; reload the project.")
                    .arg(QLatin1String(rowKind))
                    .arg(id)
                    .arg(sql.file())
                    .toStdString());
}

}  // namespace detail

namespace {

// Matplotlib's "tab10" palette: distinct colours that stay readable on light
// and dark backgrounds. New classes take them in turn.
const char* const kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

void validateClass(const ClassInfo& info)
{
    const QString name = info.name.trimmed();
    if (name.isEmpty())
        throw Error("A class name must not be empty. Give the class a name.");
    if (name != info.name || name.contains(QLatin1Char('\n')) || name.contains(QLatin1Char('\r')))
        throw Error(QStringLiteral("The class name '%1' starts or ends with spaces or contains a "
                                   "line break. Remove them.").arg(info.name).toStdString());
    static const QRegularExpression colorPattern(QStringLiteral("^#[0-9a-fA-F]{6}$"));
    if (!info.color.isEmpty() && !colorPattern.match(info.color).hasMatch())
        throw Error(QStringLiteral("The colour '%1' of class '%2' is invalid; write it as "
                                   "#rrggbb, for example #1f77b4.")
                        .arg(info.color, info.name)
                        .toStdString());
}

void bindClassFields(QSqlQuery& query, const ClassInfo& info)
{
    query.addBindValue(detail::notNull(info.name));
    query.addBindValue(detail::notNull(info.color));
    query.addBindValue(info.position);
    query.addBindValue(detail::notNull(info.prompt));
    query.addBindValue(info.isNormal ? 1 : 0);
}

}  // namespace

std::vector<ClassInfo> ProjectStore::classes() const
{
    const QString action = QStringLiteral("read the classes");
    QSqlQuery query = d->db().prepare(
        QStringLiteral("SELECT %1 FROM classes ORDER BY position, id")
            .arg(QLatin1String(detail::kClassColumns)),
        action);
    d->db().exec(query, action);
    std::vector<ClassInfo> result;
    while (query.next())
        result.push_back(detail::readClass(query));
    return result;
}

ClassInfo ProjectStore::classInfo(qint64 classId) const
{
    const QString action = QStringLiteral("read a class");
    QSqlQuery query = d->db().prepare(QStringLiteral("SELECT %1 FROM classes WHERE id = ?")
                                          .arg(QLatin1String(detail::kClassColumns)),
                                      action);
    query.addBindValue(classId);
    d->db().exec(query, action);
    if (!query.next())
        detail::throwNotFound(d->db(), "class", classId);
    return detail::readClass(query);
}

std::optional<ClassInfo> ProjectStore::findClass(const QString& name) const
{
    const QString action = QStringLiteral("look up the class '%1'").arg(name);
    QSqlQuery query = d->db().prepare(QStringLiteral("SELECT %1 FROM classes WHERE name = ?")
                                          .arg(QLatin1String(detail::kClassColumns)),
                                      action);
    query.addBindValue(name);
    d->db().exec(query, action);
    if (!query.next())
        return std::nullopt;
    return detail::readClass(query);
}

ClassInfo ProjectStore::addClass(const ClassInfo& info)
{
    validateClass(info);
    const QString action = QStringLiteral("add the class '%1'").arg(info.name);
    Transaction transaction(d->db(), action);
    if (findClass(info.name))
        throw Error(QStringLiteral("A class named '%1' already exists in %2. Choose another name.")
                        .arg(info.name, d->file)
                        .toStdString());

    ClassInfo row = info;
    row.position = d->db()
                       .scalar(QStringLiteral("SELECT COALESCE(MAX(position) + 1, 0) FROM classes"),
                               action)
                       .toInt();
    if (row.color.isEmpty()) {
        const qint64 count = d->db().scalar(QStringLiteral("SELECT COUNT(*) FROM classes"), action)
                                 .toLongLong();
        row.color = QString::fromLatin1(kPalette[count % std::size(kPalette)]);
    }
    QSqlQuery insert = d->db().prepare(
        QStringLiteral("INSERT INTO classes (name, color, position, prompt, is_normal) "
                       "VALUES (?, ?, ?, ?, ?)"),
        action);
    bindClassFields(insert, row);
    d->db().exec(insert, action);
    row.id = insert.lastInsertId().toLongLong();
    transaction.commit();
    return row;
}

ClassInfo ProjectStore::ensureClass(const QString& name)
{
    if (auto existing = findClass(name))
        return *existing;
    ClassInfo info;
    info.name = name;
    return addClass(info);
}

ClassInfo ProjectStore::updateClass(const ClassInfo& info)
{
    validateClass(info);
    const QString action = QStringLiteral("change the class '%1'").arg(info.name);
    Transaction transaction(d->db(), action);
    const ClassInfo previous = classInfo(info.id);
    const auto sameName = findClass(info.name);
    if (sameName && sameName->id != info.id)
        throw Error(QStringLiteral("A class named '%1' already exists in %2. Choose another name.")
                        .arg(info.name, d->file)
                        .toStdString());

    ClassInfo row = info;
    row.position = previous.position;
    if (row.color.isEmpty())
        row.color = previous.color;
    QSqlQuery update = d->db().prepare(
        QStringLiteral("UPDATE classes SET name = ?, color = ?, position = ?, prompt = ?, "
                       "is_normal = ? WHERE id = ?"),
        action);
    bindClassFields(update, row);
    update.addBindValue(info.id);
    d->db().exec(update, action);
    transaction.commit();
    return previous;
}

RemovedClass ProjectStore::removeClass(qint64 classId)
{
    const QString action = QStringLiteral("remove a class");
    Transaction transaction(d->db(), action);
    RemovedClass removed;
    removed.info = classInfo(classId);

    QSqlQuery labels = d->db().prepare(QStringLiteral("SELECT %1 FROM labels WHERE class_id = ?")
                                           .arg(QLatin1String(detail::kLabelColumns)),
                                       action);
    labels.addBindValue(classId);
    d->db().exec(labels, action);
    while (labels.next())
        removed.labels.push_back(detail::readLabel(labels));

    QSqlQuery overrides = d->db().prepare(
        QStringLiteral("SELECT set_id FROM class_templates WHERE class_id = ?"), action);
    overrides.addBindValue(classId);
    d->db().exec(overrides, action);
    std::vector<qint64> setIds;
    while (overrides.next())
        setIds.push_back(overrides.value(0).toLongLong());
    for (qint64 setId : setIds)
        removed.templateOverrides.insert(setId, setClassTemplates(setId, classId, {}));

    // Labels and predictions of the class go with it (ON DELETE CASCADE).
    QSqlQuery remove = d->db().prepare(QStringLiteral("DELETE FROM classes WHERE id = ?"), action);
    remove.addBindValue(classId);
    d->db().exec(remove, action);
    transaction.commit();
    return removed;
}

void ProjectStore::restoreClass(const RemovedClass& removed)
{
    const ClassInfo& info = removed.info;
    const QString action = QStringLiteral("restore the class '%1'").arg(info.name);
    Transaction transaction(d->db(), action);
    QSqlQuery shift = d->db().prepare(
        QStringLiteral("UPDATE classes SET position = position + 1 WHERE position >= ?"), action);
    shift.addBindValue(info.position);
    d->db().exec(shift, action);

    QSqlQuery insert = d->db().prepare(
        QStringLiteral("INSERT INTO classes (name, color, position, prompt, is_normal, id) "
                       "VALUES (?, ?, ?, ?, ?, ?)"),
        action);
    bindClassFields(insert, info);
    insert.addBindValue(info.id);
    d->db().exec(insert, action);

    // Images removed since the class was removed cannot get their labels back.
    QSqlQuery imageExists = d->db().prepare(QStringLiteral("SELECT 1 FROM images WHERE id = ?"),
                                            action);
    for (const Label& label : removed.labels) {
        imageExists.bindValue(0, label.imageId);
        d->db().exec(imageExists, action);
        if (imageExists.next())
            detail::writeLabel(d->db(), label, action);
        imageExists.finish();
    }
    for (auto it = removed.templateOverrides.cbegin(); it != removed.templateOverrides.cend(); ++it)
        setClassTemplates(it.key(), info.id, it.value());
    transaction.commit();
}

std::vector<qint64> ProjectStore::setClassOrder(const std::vector<qint64>& classIds)
{
    const QString action = QStringLiteral("reorder the classes");
    Transaction transaction(d->db(), action);
    std::vector<qint64> previous;
    for (const ClassInfo& info : classes())
        previous.push_back(info.id);

    std::vector<qint64> sortedPrevious = previous;
    std::vector<qint64> sortedRequest = classIds;
    std::sort(sortedPrevious.begin(), sortedPrevious.end());
    std::sort(sortedRequest.begin(), sortedRequest.end());
    if (sortedPrevious != sortedRequest)
        throw Error(QStringLiteral("Could not reorder the classes of %1: the new order must list "
                                   "each of the %2 classes once. Reload the project and try again.")
                        .arg(d->file)
                        .arg(previous.size())
                        .toStdString());

    QSqlQuery update = d->db().prepare(QStringLiteral("UPDATE classes SET position = ? WHERE id = ?"),
                                       action);
    for (size_t i = 0; i < classIds.size(); ++i) {
        update.bindValue(0, static_cast<int>(i));
        update.bindValue(1, classIds[i]);
        d->db().exec(update, action);
    }
    transaction.commit();
    return previous;
}

}  // namespace fewshot::store
