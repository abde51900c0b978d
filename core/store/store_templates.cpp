#include "base/error.h"
#include "store/project_store.h"
#include "store/project_store_impl.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace fewshot::store {

using detail::Transaction;

namespace {

const char* const kActiveSetKey = "active_template_set";

QString toJson(const QStringList& templates)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(templates)).toJson(QJsonDocument::Compact));
}

QStringList fromJson(const QString& text)
{
    QStringList templates;
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    for (const QJsonValue& value : array)
        templates.append(value.toString());
    return templates;
}

void validateTemplateSet(const QString& name, const QStringList& templates)
{
    if (name.trimmed().isEmpty())
        throw Error("A template set name must not be empty. Give the set a name.");
    for (const QString& text : templates) {
        if (text.trimmed().isEmpty())
            throw Error(QStringLiteral("The template set '%1' contains an empty template. Remove "
                                       "it or write a prompt such as 'a photo of a {}.'.")
                            .arg(name)
                            .toStdString());
    }
}

}  // namespace

std::vector<TemplateSet> ProjectStore::templateSets() const
{
    const QString action = QStringLiteral("read the template sets");
    QSqlQuery query = d->db().prepare(
        QStringLiteral("SELECT id FROM template_sets ORDER BY id"), action);
    d->db().exec(query, action);
    std::vector<qint64> ids;
    while (query.next())
        ids.push_back(query.value(0).toLongLong());

    std::vector<TemplateSet> sets;
    for (qint64 id : ids)
        sets.push_back(templateSet(id));
    return sets;
}

TemplateSet ProjectStore::templateSet(qint64 setId) const
{
    const QString action = QStringLiteral("read a template set");
    QSqlQuery query = d->db().prepare(
        QStringLiteral("SELECT id, name, templates FROM template_sets WHERE id = ?"), action);
    query.addBindValue(setId);
    d->db().exec(query, action);
    if (!query.next())
        detail::throwNotFound(d->db(), "template set", setId);
    TemplateSet set;
    set.id = query.value(0).toLongLong();
    set.name = query.value(1).toString();
    set.templates = fromJson(query.value(2).toString());

    QSqlQuery overrides = d->db().prepare(
        QStringLiteral("SELECT class_id, templates FROM class_templates WHERE set_id = ?"), action);
    overrides.addBindValue(setId);
    d->db().exec(overrides, action);
    while (overrides.next())
        set.classOverrides.insert(overrides.value(0).toLongLong(),
                                  fromJson(overrides.value(1).toString()));
    return set;
}

TemplateSet ProjectStore::addTemplateSet(const QString& name, const QStringList& templates)
{
    validateTemplateSet(name, templates);
    const QString action = QStringLiteral("add the template set '%1'").arg(name);
    Transaction transaction(d->db(), action);
    QSqlQuery insert = d->db().prepare(
        QStringLiteral("INSERT INTO template_sets (name, templates) VALUES (?, ?)"), action);
    insert.addBindValue(name);
    insert.addBindValue(toJson(templates));
    d->db().exec(insert, action);
    const qint64 id = insert.lastInsertId().toLongLong();
    transaction.commit();
    return templateSet(id);
}

TemplateSet ProjectStore::updateTemplateSet(qint64 setId, const QString& name,
                                            const QStringList& templates)
{
    validateTemplateSet(name, templates);
    const QString action = QStringLiteral("change the template set '%1'").arg(name);
    Transaction transaction(d->db(), action);
    const TemplateSet previous = templateSet(setId);
    QSqlQuery update = d->db().prepare(
        QStringLiteral("UPDATE template_sets SET name = ?, templates = ? WHERE id = ?"), action);
    update.addBindValue(name);
    update.addBindValue(toJson(templates));
    update.addBindValue(setId);
    d->db().exec(update, action);
    transaction.commit();
    return previous;
}

TemplateSet ProjectStore::removeTemplateSet(qint64 setId)
{
    const QString action = QStringLiteral("remove a template set");
    Transaction transaction(d->db(), action);
    const TemplateSet removed = templateSet(setId);
    if (activeTemplateSetId() == setId)
        setActiveTemplateSet(std::nullopt);
    QSqlQuery remove = d->db().prepare(QStringLiteral("DELETE FROM template_sets WHERE id = ?"),
                                       action);
    remove.addBindValue(setId);
    d->db().exec(remove, action);
    transaction.commit();
    return removed;
}

void ProjectStore::restoreTemplateSet(const TemplateSet& removed)
{
    const QString action = QStringLiteral("restore the template set '%1'").arg(removed.name);
    Transaction transaction(d->db(), action);
    QSqlQuery insert = d->db().prepare(
        QStringLiteral("INSERT INTO template_sets (id, name, templates) VALUES (?, ?, ?)"), action);
    insert.addBindValue(removed.id);
    insert.addBindValue(removed.name);
    insert.addBindValue(toJson(removed.templates));
    d->db().exec(insert, action);
    for (auto it = removed.classOverrides.cbegin(); it != removed.classOverrides.cend(); ++it)
        setClassTemplates(removed.id, it.key(), it.value());
    transaction.commit();
}

std::optional<qint64> ProjectStore::activeTemplateSetId() const
{
    const QString action = QStringLiteral("read the active template set");
    QSqlQuery query = d->db().prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"),
                                      action);
    query.addBindValue(QLatin1String(kActiveSetKey));
    d->db().exec(query, action);
    if (!query.next())
        return std::nullopt;
    return query.value(0).toLongLong();
}

std::optional<qint64> ProjectStore::setActiveTemplateSet(std::optional<qint64> setId)
{
    const QString action = QStringLiteral("choose the active template set");
    Transaction transaction(d->db(), action);
    const std::optional<qint64> previous = activeTemplateSetId();
    if (setId) {
        templateSet(*setId);  // throws when it does not exist
        QSqlQuery write = d->db().prepare(
            QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"), action);
        write.addBindValue(QLatin1String(kActiveSetKey));
        write.addBindValue(QString::number(*setId));
        d->db().exec(write, action);
    } else {
        QSqlQuery remove = d->db().prepare(QStringLiteral("DELETE FROM meta WHERE key = ?"), action);
        remove.addBindValue(QLatin1String(kActiveSetKey));
        d->db().exec(remove, action);
    }
    transaction.commit();
    return previous;
}

QStringList ProjectStore::setClassTemplates(qint64 setId, qint64 classId,
                                            const QStringList& templates)
{
    const QString action = QStringLiteral("set the templates of a class");
    const TemplateSet set = templateSet(setId);
    validateTemplateSet(set.name, templates);
    Transaction transaction(d->db(), action);
    classInfo(classId);  // throws when it does not exist
    const QStringList previous = set.classOverrides.value(classId);
    if (templates.isEmpty()) {
        QSqlQuery remove = d->db().prepare(
            QStringLiteral("DELETE FROM class_templates WHERE set_id = ? AND class_id = ?"), action);
        remove.addBindValue(setId);
        remove.addBindValue(classId);
        d->db().exec(remove, action);
    } else {
        QSqlQuery write = d->db().prepare(
            QStringLiteral("INSERT OR REPLACE INTO class_templates (set_id, class_id, templates) "
                           "VALUES (?, ?, ?)"),
            action);
        write.addBindValue(setId);
        write.addBindValue(classId);
        write.addBindValue(toJson(templates));
        d->db().exec(write, action);
    }
    transaction.commit();
    return previous;
}

QStringList ProjectStore::templatesForClass(qint64 classId) const
{
    const std::optional<qint64> active = activeTemplateSetId();
    if (!active)
        return {};
    const TemplateSet set = templateSet(*active);
    return set.classOverrides.value(classId, set.templates);
}

}  // namespace fewshot::store
