// The image and text embedding caches.

#include "base/error.h"
#include "store/project_store.h"
#include "store/project_store_impl.h"

#include <QFloat16>
#include <QHash>
#include <QtEndian>

namespace fewshot::store {

using detail::Transaction;

namespace {

// Bound values per SELECT ... IN (...), well below SQLite's default limit of
// 32766 host parameters (SQLite 3.32 and later).
constexpr int kLookupChunk = 500;

int precisionBits(VectorPrecision precision)
{
    return precision == VectorPrecision::Float16 ? 16 : 32;
}

QByteArray encodeVector(const std::vector<float>& values, VectorPrecision precision)
{
    const auto count = static_cast<qsizetype>(values.size());
    if (precision == VectorPrecision::Float32) {
        QByteArray bytes(count * 4, Qt::Uninitialized);
        qToLittleEndian<float>(values.data(), count, bytes.data());
        return bytes;
    }
    std::vector<qfloat16> halves(values.size());
    qFloatToFloat16(halves.data(), values.data(), count);
    QByteArray bytes(count * 2, Qt::Uninitialized);
    qToLittleEndian<quint16>(halves.data(), count, bytes.data());
    return bytes;
}

// Decodes a stored vector; throws when its size does not match its dimension.
std::vector<float> decodeVector(const QByteArray& bytes, int bits, int dimension,
                                const detail::SqlConnection& sql)
{
    const qsizetype expected = static_cast<qsizetype>(dimension) * (bits / 8);
    if ((bits != 16 && bits != 32) || bytes.size() != expected)
        throw Error(QStringLiteral("A cached embedding in %1 is damaged (%2 bytes where %3 were "
                                   "expected). Clear the embedding cache; the vectors will be "
                                   "computed again.")
                        .arg(sql.file())
                        .arg(bytes.size())
                        .arg(expected)
                        .toStdString());
    std::vector<float> values(static_cast<size_t>(dimension));
    if (bits == 32) {
        qFromLittleEndian<float>(bytes.constData(), dimension, values.data());
        return values;
    }
    std::vector<qfloat16> halves(values.size());
    qFromLittleEndian<quint16>(bytes.constData(), dimension, halves.data());
    qFloatFromFloat16(values.data(), halves.data(), dimension);
    return values;
}

QString placeholders(int count)
{
    QString text;
    text.reserve(count * 2);
    for (int i = 0; i < count; ++i)
        text += i == 0 ? QStringLiteral("?") : QStringLiteral(",?");
    return text;
}

}  // namespace

void ProjectStore::storeImageEmbeddings(const QString& model, const QString& preprocess,
                                        const std::vector<ImageEmbedding>& embeddings,
                                        VectorPrecision precision)
{
    const QString action = QStringLiteral("store %1 image embeddings").arg(embeddings.size());
    Transaction transaction(d->db(), action);
    QSqlQuery write = d->db().prepare(
        QStringLiteral("INSERT OR REPLACE INTO image_embeddings (model, preprocess, sha256, "
                       "augmentation, precision, dimension, vector) VALUES (?, ?, ?, ?, ?, ?, ?)"),
        action);
    for (const ImageEmbedding& embedding : embeddings) {
        write.bindValue(0, detail::notNull(model));
        write.bindValue(1, detail::notNull(preprocess));
        write.bindValue(2, detail::notNull(embedding.sha256));
        write.bindValue(3, embedding.augmentation);
        write.bindValue(4, precisionBits(precision));
        write.bindValue(5, static_cast<int>(embedding.vector.size()));
        write.bindValue(6, encodeVector(embedding.vector, precision));
        d->db().exec(write, action);
    }
    transaction.commit();
}

std::vector<std::optional<std::vector<float>>> ProjectStore::findImageEmbeddings(
    const QString& model, const QString& preprocess, int augmentation,
    const std::vector<QString>& sha256s) const
{
    const QString action = QStringLiteral("read cached image embeddings");
    std::vector<std::optional<std::vector<float>>> result(sha256s.size());
    QMultiHash<QString, size_t> positions;
    positions.reserve(static_cast<qsizetype>(sha256s.size()));
    for (size_t i = 0; i < sha256s.size(); ++i)
        positions.insert(sha256s[i], i);

    for (size_t start = 0; start < sha256s.size(); start += kLookupChunk) {
        const size_t end = std::min(sha256s.size(), start + kLookupChunk);
        QSqlQuery query = d->db().prepare(
            QStringLiteral("SELECT sha256, precision, dimension, vector FROM image_embeddings "
                           "WHERE model = ? AND preprocess = ? AND augmentation = ? "
                           "AND sha256 IN (%1)")
                .arg(placeholders(static_cast<int>(end - start))),
            action);
        query.addBindValue(detail::notNull(model));
        query.addBindValue(detail::notNull(preprocess));
        query.addBindValue(augmentation);
        for (size_t i = start; i < end; ++i)
            query.addBindValue(sha256s[i]);
        d->db().exec(query, action);
        while (query.next()) {
            std::vector<float> vector = decodeVector(
                query.value(3).toByteArray(), query.value(1).toInt(), query.value(2).toInt(),
                d->db());
            // A hash requested more than once gets a copy at each position.
            const QList<size_t> targets = positions.values(query.value(0).toString());
            for (qsizetype k = 0; k + 1 < targets.size(); ++k)
                result[targets[k]] = vector;
            if (!targets.isEmpty())
                result[targets.back()] = std::move(vector);
        }
    }
    return result;
}

void ProjectStore::storeTextEmbeddings(const QString& model,
                                       const std::vector<TextEmbedding>& embeddings,
                                       VectorPrecision precision)
{
    const QString action = QStringLiteral("store %1 text embeddings").arg(embeddings.size());
    Transaction transaction(d->db(), action);
    QSqlQuery write = d->db().prepare(
        QStringLiteral("INSERT OR REPLACE INTO text_embeddings (model, prompt, precision, "
                       "dimension, vector) VALUES (?, ?, ?, ?, ?)"),
        action);
    for (const TextEmbedding& embedding : embeddings) {
        write.bindValue(0, detail::notNull(model));
        write.bindValue(1, detail::notNull(embedding.prompt));
        write.bindValue(2, precisionBits(precision));
        write.bindValue(3, static_cast<int>(embedding.vector.size()));
        write.bindValue(4, encodeVector(embedding.vector, precision));
        d->db().exec(write, action);
    }
    transaction.commit();
}

std::vector<std::optional<std::vector<float>>> ProjectStore::findTextEmbeddings(
    const QString& model, const QStringList& prompts) const
{
    const QString action = QStringLiteral("read cached text embeddings");
    std::vector<std::optional<std::vector<float>>> result(static_cast<size_t>(prompts.size()));
    QSqlQuery query = d->db().prepare(
        QStringLiteral("SELECT precision, dimension, vector FROM text_embeddings "
                       "WHERE model = ? AND prompt = ?"),
        action);
    for (qsizetype i = 0; i < prompts.size(); ++i) {
        query.bindValue(0, detail::notNull(model));
        query.bindValue(1, detail::notNull(prompts[i]));
        d->db().exec(query, action);
        if (query.next())
            result[static_cast<size_t>(i)] = decodeVector(
                query.value(2).toByteArray(), query.value(0).toInt(), query.value(1).toInt(),
                d->db());
        query.finish();
    }
    return result;
}

qint64 ProjectStore::imageEmbeddingCount() const
{
    return d->db()
        .scalar(QStringLiteral("SELECT COUNT(*) FROM image_embeddings"),
                QStringLiteral("count the cached image embeddings"))
        .toLongLong();
}

qint64 ProjectStore::textEmbeddingCount() const
{
    return d->db()
        .scalar(QStringLiteral("SELECT COUNT(*) FROM text_embeddings"),
                QStringLiteral("count the cached text embeddings"))
        .toLongLong();
}

qint64 ProjectStore::clearEmbeddingCache(const QString& model)
{
    const QString action = QStringLiteral("clear the embedding cache");
    Transaction transaction(d->db(), action);
    qint64 removed = 0;
    for (const char* table : {"image_embeddings", "text_embeddings"}) {
        QSqlQuery remove = d->db().prepare(
            model.isEmpty() ? QStringLiteral("DELETE FROM %1").arg(QLatin1String(table))
                            : QStringLiteral("DELETE FROM %1 WHERE model = ?").arg(QLatin1String(table)),
            action);
        if (!model.isEmpty())
            remove.addBindValue(model);
        d->db().exec(remove, action);
        removed += remove.numRowsAffected();
    }
    transaction.commit();
    return removed;
}

qint64 ProjectStore::pruneImageEmbeddings()
{
    const QString action = QStringLiteral("remove unused cached embeddings");
    Transaction transaction(d->db(), action);
    QSqlQuery remove = d->db().prepare(
        QStringLiteral("DELETE FROM image_embeddings WHERE sha256 NOT IN (SELECT sha256 FROM images)"),
        action);
    d->db().exec(remove, action);
    const qint64 removed = remove.numRowsAffected();
    transaction.commit();
    return removed;
}

}  // namespace fewshot::store
