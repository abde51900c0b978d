#include "base/error.h"
#include "store/project_store.h"
#include "store/project_store_impl.h"
#include "store/store_log.h"

#include <QFileInfo>

namespace fewshot::store {

using detail::Transaction;

namespace detail {

const char* const kImageColumns = "id, path, sha256, size, width, height, added_at";
const char* const kLabelColumns = "image_id, class_id, source, labeled_at";

ImageInfo readImage(const QSqlQuery& query)
{
    ImageInfo info;
    info.id = query.value(0).toLongLong();
    info.path = query.value(1).toString();
    info.sha256 = query.value(2).toString();
    info.size = query.value(3).toLongLong();
    info.width = query.value(4).toInt();
    info.height = query.value(5).toInt();
    info.addedAt = fromStoredTime(query.value(6));
    return info;
}

Label readLabel(const QSqlQuery& query)
{
    Label label;
    label.imageId = query.value(0).toLongLong();
    label.classId = query.value(1).toLongLong();
    label.source = parseLabelSource(query.value(2).toString()).value_or(LabelSource::Manual);
    label.time = fromStoredTime(query.value(3));
    return label;
}

void writeLabel(SqlConnection& sql, const Label& label, const QString& action)
{
    QSqlQuery write = sql.prepare(
        QStringLiteral("INSERT OR REPLACE INTO labels (image_id, class_id, source, labeled_at) "
                       "VALUES (?, ?, ?, ?)"),
        action);
    write.addBindValue(label.imageId);
    write.addBindValue(label.classId);
    write.addBindValue(labelSourceName(label.source));
    write.addBindValue(toStoredTime(label.time));
    sql.exec(write, action);
}

}  // namespace detail

namespace {

// Time stamps are kept to the millisecond, as stored, so that a restored
// value compares equal to the one that was returned.
QDateTime now()
{
    return QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
}

// The statements addImages runs per image, prepared once per call.
struct ImageStatements {
    QSqlQuery find;
    QSqlQuery update;
    QSqlQuery insert;

    ImageStatements(detail::SqlConnection& sql, const QString& action)
        : find(sql.prepare(QStringLiteral("SELECT id, sha256 FROM images WHERE path = ?"), action)),
          update(sql.prepare(QStringLiteral("UPDATE images SET sha256 = ?, size = ?, width = ?, "
                                            "height = ? WHERE id = ?"),
                             action)),
          insert(sql.prepare(QStringLiteral("INSERT INTO images (path, sha256, size, width, "
                                            "height, added_at) VALUES (?, ?, ?, ?, ?, ?)"),
                             action))
    {
    }
};

// Adds one image row or refreshes the content fields of an existing one.
// Returns the image id and whether it was new.
std::pair<qint64, bool> upsertImage(detail::SqlConnection& sql, ImageStatements& statements,
                                    const QString& storedPath, const ImageFile& file,
                                    const QString& action)
{
    QSqlQuery& find = statements.find;
    find.bindValue(0, storedPath);
    sql.exec(find, action);
    const bool exists = find.next();
    const qint64 existingId = exists ? find.value(0).toLongLong() : 0;
    const QString existingHash = exists ? find.value(1).toString() : QString();
    find.finish();

    if (exists) {
        if (existingHash != file.sha256) {
            qCInfo(lcStore) << "content of" << storedPath << "changed; updating its hash";
            QSqlQuery& update = statements.update;
            update.bindValue(0, file.sha256);
            update.bindValue(1, file.size);
            update.bindValue(2, file.width);
            update.bindValue(3, file.height);
            update.bindValue(4, existingId);
            sql.exec(update, action);
        }
        return {existingId, false};
    }
    QSqlQuery& insert = statements.insert;
    insert.bindValue(0, storedPath);
    insert.bindValue(1, file.sha256);
    insert.bindValue(2, file.size);
    insert.bindValue(3, file.width);
    insert.bindValue(4, file.height);
    insert.bindValue(5, detail::toStoredTime(now()));
    sql.exec(insert, action);
    return {insert.lastInsertId().toLongLong(), true};
}

}  // namespace

AddImagesResult ProjectStore::addImages(const std::vector<ImageToAdd>& images,
                                        LabelConflict conflict)
{
    const QString action = QStringLiteral("add %1 images").arg(images.size());
    AddImagesResult result;
    Transaction transaction(d->db(), action);
    ImageStatements statements(d->db(), action);
    for (const ImageToAdd& request : images) {
        const auto [imageId, isNew] = upsertImage(
            d->db(), statements, storedPath(request.file.absolutePath), request.file, action);
        result.imageIds.push_back(imageId);
        (isNew ? result.added : result.alreadyPresent) += 1;
        if (!request.classId)
            continue;

        const std::optional<Label> existing = label(imageId);
        const bool differs = existing && existing->classId != *request.classId;
        if (existing && conflict == LabelConflict::KeepExisting) {
            result.labelsKept += differs ? 1 : 0;
            continue;
        }
        if (existing && !differs && existing->source == request.source)
            continue;
        detail::writeLabel(d->db(), Label{imageId, *request.classId, request.source, now()},
                           action);
        ++result.labeled;
    }
    transaction.commit();
    qCInfo(lcStore) << "added" << result.added << "images to" << d->file << "("
                    << result.alreadyPresent << "already present," << result.labeled << "labeled)";
    return result;
}

std::vector<ImageInfo> ProjectStore::images() const
{
    const QString action = QStringLiteral("read the images");
    QSqlQuery query = d->db().prepare(QStringLiteral("SELECT %1 FROM images ORDER BY id")
                                          .arg(QLatin1String(detail::kImageColumns)),
                                      action);
    d->db().exec(query, action);
    std::vector<ImageInfo> result;
    while (query.next())
        result.push_back(detail::readImage(query));
    return result;
}

qint64 ProjectStore::imageCount() const
{
    return d->db()
        .scalar(QStringLiteral("SELECT COUNT(*) FROM images"), QStringLiteral("count the images"))
        .toLongLong();
}

ImageInfo ProjectStore::image(qint64 imageId) const
{
    const QString action = QStringLiteral("read an image");
    QSqlQuery query = d->db().prepare(QStringLiteral("SELECT %1 FROM images WHERE id = ?")
                                          .arg(QLatin1String(detail::kImageColumns)),
                                      action);
    query.addBindValue(imageId);
    d->db().exec(query, action);
    if (!query.next())
        detail::throwNotFound(d->db(), "image", imageId);
    return detail::readImage(query);
}

std::optional<ImageInfo> ProjectStore::findImage(const QString& absolutePath) const
{
    const QString action = QStringLiteral("look up the image %1").arg(absolutePath);
    QSqlQuery query = d->db().prepare(QStringLiteral("SELECT %1 FROM images WHERE path = ?")
                                          .arg(QLatin1String(detail::kImageColumns)),
                                      action);
    query.addBindValue(storedPath(absolutePath));
    d->db().exec(query, action);
    if (!query.next())
        return std::nullopt;
    return detail::readImage(query);
}

QString ProjectStore::absolutePath(const ImageInfo& image) const
{
    if (QDir::isAbsolutePath(image.path))
        return QDir::cleanPath(image.path);
    return QDir::cleanPath(d->folder.absoluteFilePath(image.path));
}

QString ProjectStore::storedPath(const QString& absolutePath) const
{
    const QString clean = QDir::cleanPath(QFileInfo(absolutePath).absoluteFilePath());
    const QString relative = d->folder.relativeFilePath(clean);
    // On Windows a file on another drive has no relative path.
    return QDir::isRelativePath(relative) ? relative : clean;
}

std::vector<ImageInfo> ProjectStore::missingImages() const
{
    std::vector<ImageInfo> missing;
    for (ImageInfo& info : images()) {
        if (!QFileInfo::exists(absolutePath(info)))
            missing.push_back(std::move(info));
    }
    return missing;
}

RemovedImage ProjectStore::removeImage(qint64 imageId)
{
    const QString action = QStringLiteral("remove an image");
    Transaction transaction(d->db(), action);
    RemovedImage removed{image(imageId), label(imageId)};
    // Its label and predictions go with it (ON DELETE CASCADE).
    QSqlQuery remove = d->db().prepare(QStringLiteral("DELETE FROM images WHERE id = ?"), action);
    remove.addBindValue(imageId);
    d->db().exec(remove, action);
    transaction.commit();
    return removed;
}

void ProjectStore::restoreImage(const RemovedImage& removed)
{
    const ImageInfo& info = removed.info;
    const QString action = QStringLiteral("restore the image %1").arg(info.path);
    Transaction transaction(d->db(), action);
    QSqlQuery insert = d->db().prepare(
        QStringLiteral("INSERT INTO images (id, path, sha256, size, width, height, added_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)"),
        action);
    insert.addBindValue(info.id);
    insert.addBindValue(info.path);
    insert.addBindValue(info.sha256);
    insert.addBindValue(info.size);
    insert.addBindValue(info.width);
    insert.addBindValue(info.height);
    insert.addBindValue(detail::toStoredTime(info.addedAt));
    d->db().exec(insert, action);
    if (removed.label)
        detail::writeLabel(d->db(), *removed.label, action);
    transaction.commit();
}

std::optional<Label> ProjectStore::label(qint64 imageId) const
{
    const QString action = QStringLiteral("read a label");
    QSqlQuery query = d->db().prepare(QStringLiteral("SELECT %1 FROM labels WHERE image_id = ?")
                                          .arg(QLatin1String(detail::kLabelColumns)),
                                      action);
    query.addBindValue(imageId);
    d->db().exec(query, action);
    if (!query.next())
        return std::nullopt;
    return detail::readLabel(query);
}

std::vector<Label> ProjectStore::labels() const
{
    const QString action = QStringLiteral("read the labels");
    QSqlQuery query = d->db().prepare(QStringLiteral("SELECT %1 FROM labels ORDER BY image_id")
                                          .arg(QLatin1String(detail::kLabelColumns)),
                                      action);
    d->db().exec(query, action);
    std::vector<Label> result;
    while (query.next())
        result.push_back(detail::readLabel(query));
    return result;
}

std::optional<Label> ProjectStore::setLabel(qint64 imageId, qint64 classId, LabelSource source)
{
    const QString action = QStringLiteral("record the label");
    Transaction transaction(d->db(), action);
    image(imageId);      // throws when it does not exist
    classInfo(classId);  // likewise
    std::optional<Label> previous = label(imageId);
    detail::writeLabel(d->db(), Label{imageId, classId, source, now()}, action);
    transaction.commit();
    return previous;
}

std::optional<Label> ProjectStore::clearLabel(qint64 imageId)
{
    const QString action = QStringLiteral("remove the label");
    Transaction transaction(d->db(), action);
    std::optional<Label> previous = label(imageId);
    QSqlQuery remove = d->db().prepare(QStringLiteral("DELETE FROM labels WHERE image_id = ?"),
                                       action);
    remove.addBindValue(imageId);
    d->db().exec(remove, action);
    transaction.commit();
    return previous;
}

void ProjectStore::restoreLabel(qint64 imageId, const std::optional<Label>& previous)
{
    if (!previous) {
        clearLabel(imageId);
        return;
    }
    const QString action = QStringLiteral("restore the label");
    Transaction transaction(d->db(), action);
    Label restored = *previous;
    restored.imageId = imageId;
    detail::writeLabel(d->db(), restored, action);
    transaction.commit();
}

}  // namespace fewshot::store
