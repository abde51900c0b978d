#pragma once

// Internal to the store: the project file's schema and its forward migrations.

namespace fewshot::store::detail {

class SqlConnection;

// Schema version written to PRAGMA user_version. Raise it with each new migration.
constexpr int kSchemaVersion = 3;

// PRAGMA application_id of project files ("FSht" in ASCII), which
// distinguishes a project from other SQLite databases.
constexpr int kApplicationId = 0x46536874;

// Applies the migrations after `fromVersion` up to kSchemaVersion and sets
// user_version, inside the caller's transaction. A new project is created by
// migrating from version 0, so every project file runs the same steps.
void migrate(SqlConnection& connection, int fromVersion);

}  // namespace fewshot::store::detail
