#pragma once

// Writing a project's labels out: CSV, JSON, or one folder per class in the
// layout that torchvision's ImageFolder reads (OUTPUT/<class>/<image>).
// Every export is built under a temporary name next to the output and renamed
// into place at the end, so a failed or cancelled export leaves no partial
// output behind. Only labeled images are exported.

#include "store/project_store.h"

#include <QString>
#include <QStringList>

namespace fewshot::store {

struct ExportResult {
    int exported = 0;      // labeled images written
    QStringList warnings;  // images skipped and names changed, in sentences
    bool cancelled = false;
};

// Writes `path,label,source` rows with a header line. Paths are relative to
// the CSV file's folder when possible, so importCsv reads the file back.
ExportResult exportCsv(const ProjectStore& store, const QString& output);

// Writes {"classes": [...], "images": [...]} with each class's name, colour,
// prompt and normal flag, and each labeled image's path (relative to the JSON
// file's folder when possible), SHA-256, size, label, source and label time.
ExportResult exportJson(const ProjectStore& store, const QString& output);

struct FolderExportOptions {
    bool symlinks = false;  // link to the images instead of copying them
    ProgressCallback progress;
};

// Copies (or links) each labeled image to OUTPUT/<class name>/<file name>.
// OUTPUT must not exist or be an empty folder. Characters that file systems
// reject in class names become '_'; a file name that is already taken in its
// class folder gets the start of its SHA-256 added. Images whose files are
// missing are skipped with a warning.
ExportResult exportFolders(const ProjectStore& store, const QString& output,
                           const FolderExportOptions& options = {});

}  // namespace fewshot::store
