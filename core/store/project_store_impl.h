#pragma once

// Internal to the store: the state behind ProjectStore, shared by the files
// that implement its methods (one file per concept).

#include "store/project_store.h"
#include "store/sql_connection.h"

#include <QDir>
#include <QLockFile>

#include <memory>

namespace fewshot::store {

struct ProjectStore::Impl {
    QString file;  // absolute
    QDir folder;
    std::unique_ptr<QLockFile> lock;  // null when read-only
    std::unique_ptr<detail::SqlConnection> sql;

    detail::SqlConnection& db() const { return *sql; }
};

namespace detail {

// Row readers shared between files; each expects the columns of the matching
// *Columns string in that order.
extern const char* const kClassColumns;  // id, name, color, position, prompt, is_normal
extern const char* const kImageColumns;  // id, path, sha256, size, width, height, added_at
extern const char* const kLabelColumns;  // image_id, class_id, source, labeled_at
ClassInfo readClass(const QSqlQuery& query);
ImageInfo readImage(const QSqlQuery& query);
Label readLabel(const QSqlQuery& query);

// Inserts a label row, replacing any label of the image.
void writeLabel(SqlConnection& sql, const Label& label, const QString& action);

// Throws an Error saying that no `rowKind` ("class", "image", ...) with `id` exists.
[[noreturn]] void throwNotFound(const SqlConnection& sql, const char* rowKind, qint64 id);

}  // namespace detail
}  // namespace fewshot::store
