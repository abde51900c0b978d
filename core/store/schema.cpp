#include "store/schema.h"

#include "store/sql_connection.h"
#include "store/store_log.h"

#include <QStringList>

namespace fewshot::store::detail {
namespace {

// Version 1: what a user labels. Times are milliseconds since the epoch
// (UTC). Template lists are JSON arrays of strings. The active template set
// id is kept in meta under 'active_template_set'.
// NOTE: tests/data/project_schema_v1.sql is a frozen copy of this script for
// the migration test; do not edit either once released.
const char* const kMigration1 = R"sql(
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE classes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    color TEXT NOT NULL,
    position INTEGER NOT NULL,
    prompt TEXT NOT NULL DEFAULT '',
    is_normal INTEGER NOT NULL DEFAULT 0 CHECK (is_normal IN (0, 1))
);
CREATE TABLE template_sets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    templates TEXT NOT NULL
);
CREATE TABLE class_templates (
    set_id INTEGER NOT NULL REFERENCES template_sets(id) ON DELETE CASCADE,
    class_id INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    templates TEXT NOT NULL,
    PRIMARY KEY (set_id, class_id)
);
CREATE TABLE images (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    added_at INTEGER NOT NULL
);
CREATE INDEX images_by_sha256 ON images (sha256);
CREATE TABLE labels (
    image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
    class_id INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (source IN ('example', 'manual', 'prediction', 'imported')),
    labeled_at INTEGER NOT NULL
);
CREATE INDEX labels_by_class ON labels (class_id);
)sql";

// Version 2: what the models produce. Prediction scores are a BLOB of
// (int64 class id, float32 probability) pairs, little-endian. Embedding
// vectors are little-endian float16 or float32 arrays of `dimension` values.
const char* const kMigration2 = R"sql(
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    method TEXT NOT NULL,
    model TEXT NOT NULL,
    hyperparameters TEXT NOT NULL,
    seed INTEGER NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('running', 'finished', 'failed', 'cancelled', 'interrupted')),
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    metrics TEXT NOT NULL DEFAULT '{}',
    export_path TEXT NOT NULL DEFAULT ''
);
CREATE TABLE run_epochs (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch INTEGER NOT NULL,
    loss REAL,
    validation_loss REAL,
    accuracy REAL,
    PRIMARY KEY (run_id, epoch)
) WITHOUT ROWID;
CREATE TABLE predictions (
    image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    class_id INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    confidence REAL NOT NULL,
    scores BLOB NOT NULL,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    predicted_at INTEGER NOT NULL,
    PRIMARY KEY (image_id, model)
);
CREATE INDEX predictions_by_model ON predictions (model);
CREATE TABLE image_embeddings (
    model TEXT NOT NULL,
    preprocess TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    augmentation INTEGER NOT NULL,
    precision INTEGER NOT NULL CHECK (precision IN (16, 32)),
    dimension INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, preprocess, sha256, augmentation)
);
CREATE TABLE text_embeddings (
    model TEXT NOT NULL,
    prompt TEXT NOT NULL,
    precision INTEGER NOT NULL CHECK (precision IN (16, 32)),
    dimension INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, prompt)
);
)sql";

// Version 3: the trained head of a run, so that a finished run can be
// exported later without training again. `weights` is the head in the
// safetensors format of an exported head.safetensors, and `description` a
// JSON object with the class names, templates, CLIP model and training facts
// that an export writes to metadata.json.
const char* const kMigration3 = R"sql(
CREATE TABLE run_heads (
    run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    weights BLOB NOT NULL,
    description TEXT NOT NULL
);
)sql";

const char* const kMigrations[] = {kMigration1, kMigration2, kMigration3};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion,
              "each schema version needs exactly one migration script");

// QSqlQuery runs one statement at a time. The scripts above contain no ';'
// inside strings or triggers, so splitting on ';' is exact.
QStringList splitStatements(const char* script)
{
    QStringList statements;
    const QStringList parts = QString::fromUtf8(script).split(QLatin1Char(';'));
    for (const QString& part : parts) {
        const QString statement = part.trimmed();
        if (!statement.isEmpty())
            statements.append(statement);
    }
    return statements;
}

}  // namespace

void migrate(SqlConnection& connection, int fromVersion)
{
    for (int version = fromVersion + 1; version <= kSchemaVersion; ++version) {
        const QString action = QStringLiteral("upgrade the project to format %1").arg(version);
        for (const QString& statement : splitStatements(kMigrations[version - 1]))
            connection.execute(statement, action);
        connection.execute(QStringLiteral("PRAGMA user_version = %1").arg(version), action);
        qCInfo(lcStore) << "migrated" << connection.file() << "to schema version" << version;
    }
}

}  // namespace fewshot::store::detail
