-- Frozen copy of schema version 1 of the .fewshot project file, the first
-- format, for the migration test. Keep it unchanged, so that the test keeps
-- checking that files in this format still open and upgrade.
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
PRAGMA application_id = 1179871348;
PRAGMA user_version = 1;
