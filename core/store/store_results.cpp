// Predictions, training runs and the project summary.

#include "base/error.h"
#include "store/project_store.h"
#include "store/project_store_impl.h"

#include <QJsonDocument>
#include <QtEndian>

#include <cstring>

namespace fewshot::store {

using detail::Transaction;

namespace {

constexpr int kScoreRecordBytes = 12;  // int64 class id + float32 probability

QByteArray encodeScores(const std::vector<ClassScore>& scores)
{
    QByteArray bytes(static_cast<qsizetype>(scores.size()) * kScoreRecordBytes, Qt::Uninitialized);
    char* out = bytes.data();
    for (const ClassScore& score : scores) {
        qToLittleEndian<qint64>(score.classId, out);
        qToLittleEndian<float>(score.probability, out + 8);
        out += kScoreRecordBytes;
    }
    return bytes;
}

std::vector<ClassScore> decodeScores(const QByteArray& bytes)
{
    std::vector<ClassScore> scores(static_cast<size_t>(bytes.size() / kScoreRecordBytes));
    const char* in = bytes.constData();
    for (ClassScore& score : scores) {
        score.classId = qFromLittleEndian<qint64>(in);
        score.probability = qFromLittleEndian<float>(in + 8);
        in += kScoreRecordBytes;
    }
    return scores;
}

QVariant optionalValue(const std::optional<double>& value)
{
    return value ? QVariant(*value) : QVariant();
}

std::optional<double> readOptional(const QVariant& value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toDouble();
}

QString toJson(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject fromJson(const QVariant& text)
{
    return QJsonDocument::fromJson(text.toString().toUtf8()).object();
}

const char* const kRunColumns = "id, method, model, hyperparameters, seed, status, started_at, "
                                "finished_at, metrics, export_path, "
                                "EXISTS (SELECT 1 FROM run_heads WHERE run_heads.run_id = runs.id)";

TrainingRun readRun(const QSqlQuery& query)
{
    TrainingRun run;
    run.id = query.value(0).toLongLong();
    run.method = query.value(1).toString();
    run.model = query.value(2).toString();
    run.hyperparameters = fromJson(query.value(3));
    run.seed = query.value(4).toLongLong();
    run.status = parseRunStatus(query.value(5).toString()).value_or(RunStatus::Failed);
    run.startedAt = detail::fromStoredTime(query.value(6));
    run.finishedAt = detail::fromStoredTime(query.value(7));
    run.metrics = fromJson(query.value(8));
    run.exportPath = query.value(9).toString();
    run.hasHead = query.value(10).toBool();
    return run;
}

EpochMetrics readEpoch(const QSqlQuery& query)
{
    EpochMetrics epoch;
    epoch.epoch = query.value(1).toInt();
    epoch.loss = readOptional(query.value(2));
    epoch.validationLoss = readOptional(query.value(3));
    epoch.accuracy = readOptional(query.value(4));
    return epoch;
}

}  // namespace

void ProjectStore::setPredictions(const QString& model, const std::vector<Prediction>& predictions)
{
    const QString action = QStringLiteral("store %1 predictions").arg(predictions.size());
    Transaction transaction(d->db(), action);
    QSqlQuery write = d->db().prepare(
        QStringLiteral("INSERT OR REPLACE INTO predictions (image_id, model, class_id, confidence, "
                       "scores, run_id, predicted_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
        action);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const Prediction& prediction : predictions) {
        write.bindValue(0, prediction.imageId);
        write.bindValue(1, detail::notNull(model));
        write.bindValue(2, prediction.classId);
        write.bindValue(3, static_cast<double>(prediction.confidence));
        write.bindValue(4, encodeScores(prediction.scores));
        write.bindValue(5, prediction.runId ? QVariant(*prediction.runId) : QVariant());
        write.bindValue(6, prediction.time.isValid() ? detail::toStoredTime(prediction.time) : now);
        d->db().exec(write, action);
    }
    transaction.commit();
}

std::vector<Prediction> ProjectStore::predictions(const QString& model) const
{
    const QString action = QStringLiteral("read the predictions");
    QSqlQuery query = d->db().prepare(
        QStringLiteral("SELECT image_id, class_id, confidence, scores, run_id, predicted_at "
                       "FROM predictions WHERE model = ? ORDER BY image_id"),
        action);
    query.addBindValue(model);
    d->db().exec(query, action);
    std::vector<Prediction> result;
    while (query.next()) {
        Prediction prediction;
        prediction.imageId = query.value(0).toLongLong();
        prediction.classId = query.value(1).toLongLong();
        prediction.confidence = query.value(2).toFloat();
        prediction.scores = decodeScores(query.value(3).toByteArray());
        if (!query.value(4).isNull())
            prediction.runId = query.value(4).toLongLong();
        prediction.time = detail::fromStoredTime(query.value(5));
        result.push_back(std::move(prediction));
    }
    return result;
}

void ProjectStore::clearPredictions(const QString& model)
{
    const QString action = QStringLiteral("remove the predictions");
    Transaction transaction(d->db(), action);
    QSqlQuery remove = d->db().prepare(QStringLiteral("DELETE FROM predictions WHERE model = ?"),
                                       action);
    remove.addBindValue(model);
    d->db().exec(remove, action);
    transaction.commit();
}

qint64 ProjectStore::startRun(const QString& method, const QString& model,
                              const QJsonObject& hyperparameters, qint64 seed)
{
    const QString action = QStringLiteral("record the start of a training run");
    Transaction transaction(d->db(), action);
    QSqlQuery insert = d->db().prepare(
        QStringLiteral("INSERT INTO runs (method, model, hyperparameters, seed, status, "
                       "started_at) VALUES (?, ?, ?, ?, 'running', ?)"),
        action);
    insert.addBindValue(detail::notNull(method));
    insert.addBindValue(detail::notNull(model));
    insert.addBindValue(toJson(hyperparameters));
    insert.addBindValue(seed);
    insert.addBindValue(QDateTime::currentMSecsSinceEpoch());
    d->db().exec(insert, action);
    const qint64 id = insert.lastInsertId().toLongLong();
    transaction.commit();
    return id;
}

void ProjectStore::addEpoch(qint64 runId, const EpochMetrics& epoch)
{
    const QString action = QStringLiteral("record epoch %1 of a training run").arg(epoch.epoch);
    Transaction transaction(d->db(), action);
    QSqlQuery insert = d->db().prepare(
        QStringLiteral("INSERT OR REPLACE INTO run_epochs (run_id, epoch, loss, validation_loss, "
                       "accuracy) VALUES (?, ?, ?, ?, ?)"),
        action);
    insert.addBindValue(runId);
    insert.addBindValue(epoch.epoch);
    insert.addBindValue(optionalValue(epoch.loss));
    insert.addBindValue(optionalValue(epoch.validationLoss));
    insert.addBindValue(optionalValue(epoch.accuracy));
    d->db().exec(insert, action);
    transaction.commit();
}

void ProjectStore::finishRun(qint64 runId, RunStatus status, const QJsonObject& metrics)
{
    const QString action = QStringLiteral("record the end of a training run");
    Transaction transaction(d->db(), action);
    run(runId);  // throws when it does not exist
    QSqlQuery update = d->db().prepare(
        QStringLiteral("UPDATE runs SET status = ?, finished_at = ?, metrics = ? WHERE id = ?"),
        action);
    update.addBindValue(runStatusName(status));
    update.addBindValue(QDateTime::currentMSecsSinceEpoch());
    update.addBindValue(toJson(metrics));
    update.addBindValue(runId);
    d->db().exec(update, action);
    transaction.commit();
}

void ProjectStore::setRunExportPath(qint64 runId, const QString& path)
{
    const QString action = QStringLiteral("record where a training run was exported");
    Transaction transaction(d->db(), action);
    run(runId);
    QSqlQuery update = d->db().prepare(QStringLiteral("UPDATE runs SET export_path = ? WHERE id = ?"),
                                       action);
    update.addBindValue(detail::notNull(path));
    update.addBindValue(runId);
    d->db().exec(update, action);
    transaction.commit();
}

std::vector<TrainingRun> ProjectStore::runs() const
{
    const QString action = QStringLiteral("read the training runs");
    QSqlQuery query = d->db().prepare(
        QStringLiteral("SELECT %1 FROM runs ORDER BY id").arg(QLatin1String(kRunColumns)), action);
    d->db().exec(query, action);
    std::vector<TrainingRun> result;
    QHash<qint64, size_t> indexById;
    while (query.next()) {
        indexById.insert(query.value(0).toLongLong(), result.size());
        result.push_back(readRun(query));
    }

    QSqlQuery epochs = d->db().prepare(
        QStringLiteral("SELECT run_id, epoch, loss, validation_loss, accuracy FROM run_epochs "
                       "ORDER BY run_id, epoch"),
        action);
    d->db().exec(epochs, action);
    while (epochs.next()) {
        const auto it = indexById.constFind(epochs.value(0).toLongLong());
        if (it != indexById.cend())
            result[it.value()].epochs.push_back(readEpoch(epochs));
    }
    return result;
}

TrainingRun ProjectStore::run(qint64 runId) const
{
    const QString action = QStringLiteral("read a training run");
    QSqlQuery query = d->db().prepare(
        QStringLiteral("SELECT %1 FROM runs WHERE id = ?").arg(QLatin1String(kRunColumns)), action);
    query.addBindValue(runId);
    d->db().exec(query, action);
    if (!query.next())
        detail::throwNotFound(d->db(), "training run", runId);
    TrainingRun result = readRun(query);

    QSqlQuery epochs = d->db().prepare(
        QStringLiteral("SELECT run_id, epoch, loss, validation_loss, accuracy FROM run_epochs "
                       "WHERE run_id = ? ORDER BY epoch"),
        action);
    epochs.addBindValue(runId);
    d->db().exec(epochs, action);
    while (epochs.next())
        result.epochs.push_back(readEpoch(epochs));
    return result;
}

void ProjectStore::removeRun(qint64 runId)
{
    const QString action = QStringLiteral("remove a training run");
    Transaction transaction(d->db(), action);
    QSqlQuery remove = d->db().prepare(QStringLiteral("DELETE FROM runs WHERE id = ?"), action);
    remove.addBindValue(runId);
    d->db().exec(remove, action);
    transaction.commit();
}

void ProjectStore::setRunHead(qint64 runId, const RunHead& head)
{
    const QString action = QStringLiteral("store the trained head of run %1").arg(runId);
    Transaction transaction(d->db(), action);
    run(runId);  // throws when it does not exist
    QSqlQuery insert = d->db().prepare(
        QStringLiteral("INSERT OR REPLACE INTO run_heads (run_id, weights, description) VALUES (?, ?, ?)"),
        action);
    insert.addBindValue(runId);
    // A null QByteArray would bind as NULL, which the NOT NULL column rejects.
    insert.addBindValue(head.weights.isNull() ? QByteArray("") : head.weights);
    insert.addBindValue(toJson(head.description));
    d->db().exec(insert, action);
    transaction.commit();
}

std::optional<RunHead> ProjectStore::runHead(qint64 runId) const
{
    const QString action = QStringLiteral("read the trained head of run %1").arg(runId);
    QSqlQuery query = d->db().prepare(
        QStringLiteral("SELECT weights, description FROM run_heads WHERE run_id = ?"), action);
    query.addBindValue(runId);
    d->db().exec(query, action);
    if (!query.next())
        return std::nullopt;
    return RunHead{query.value(0).toByteArray(), fromJson(query.value(1))};
}

ProjectSummary ProjectStore::summary() const
{
    const QString action = QStringLiteral("summarise the project");
    detail::SqlConnection& sql = d->db();
    ProjectSummary summary;
    summary.schemaVersion = sql.scalar(QStringLiteral("PRAGMA user_version"), action).toInt();
    summary.images = imageCount();
    summary.labeled = sql.scalar(QStringLiteral("SELECT COUNT(*) FROM labels"), action).toLongLong();
    summary.imageEmbeddings = imageEmbeddingCount();
    summary.textEmbeddings = textEmbeddingCount();
    summary.runs = sql.scalar(QStringLiteral("SELECT COUNT(*) FROM runs"), action).toLongLong();

    QSqlQuery sources = sql.prepare(
        QStringLiteral("SELECT source, COUNT(*) FROM labels GROUP BY source"), action);
    sql.exec(sources, action);
    while (sources.next()) {
        if (auto source = parseLabelSource(sources.value(0).toString()))
            summary.labelsBySource[*source] = sources.value(1).toLongLong();
    }

    QSqlQuery counts = sql.prepare(
        QStringLiteral("SELECT class_id, SUM(source = 'example'), COUNT(*) FROM labels "
                       "GROUP BY class_id"),
        action);
    sql.exec(counts, action);
    QHash<qint64, std::pair<int, int>> countsByClass;
    while (counts.next())
        countsByClass.insert(counts.value(0).toLongLong(),
                             {counts.value(1).toInt(), counts.value(2).toInt()});
    for (const ClassInfo& info : classes()) {
        const auto [examples, labeled] = countsByClass.value(info.id, {0, 0});
        summary.classes.push_back(ClassCounts{info, examples, labeled});
    }
    return summary;
}

}  // namespace fewshot::store
