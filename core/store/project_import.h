#pragma once

// Bringing images and labels into a project: image files and folders, a
// folder with one sub-folder per class, and CSV files of path,label rows.
// Each import reads and hashes every file first and then writes everything in
// one transaction, so an import that fails or is cancelled changes nothing.

#include "store/image_file.h"
#include "store/project_store.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace fewshot::store {

struct ImportOptions {
    ImageSizeReader readSize;                          // required
    QStringList extensions = defaultImageExtensions(); // taken from folders, without the dot
    bool createClasses = false;  // CSV only: add label classes that are not in the project
    // Class folders only: the source of the labels given to the images.
    // Example puts them in the support sets of their classes.
    LabelSource classFolderSource = LabelSource::Imported;
    ProgressCallback progress;   // called once per file read
};

struct ImportResult {
    AddImagesResult images;
    QStringList classesCreated;
    QStringList failures;  // files that could not be read; the rest was imported
    QStringList warnings;  // things skipped on purpose, such as repeated CSV rows
    bool cancelled = false;
};

// Adds image files and folders (searched recursively for `extensions`).
// With `className` the images become examples of that class, which is added
// when new, and their new label replaces any earlier one. Without it they join
// the unlabeled pool. A file named directly that cannot be read throws, and
// nothing is added. An unreadable file found in a folder is listed in `failures`.
ImportResult addImageFiles(ProjectStore& store, const QStringList& paths,
                           const std::optional<QString>& className, const ImportOptions& options);

// Imports a folder in torchvision's ImageFolder layout: each sub-folder is a
// class (added when new) and the images under it get that label, with the
// source options.classFolderSource ("imported" by default). Existing different labels are kept and counted. Files directly
// in `folder` are skipped with a warning; unreadable files are listed in
// `failures` and the rest is imported.
ImportResult importClassFolders(ProjectStore& store, const QString& folder,
                                const ImportOptions& options);

// Imports a CSV file of `path,label[,source]` rows, with or without a header
// row. Relative paths are relative to the CSV file's folder. An empty label
// adds the image unlabeled. A source column ("example", "manual", ...) is
// kept when present, and the source is "imported" otherwise. Rows that repeat
// an earlier row are skipped with a warning, and images that already have a
// different label keep it. Unknown classes (unless createClasses), missing or
// unreadable files and one path with two labels throw an Error listing the
// rows, and nothing is imported.
ImportResult importCsv(ProjectStore& store, const QString& csvFile, const ImportOptions& options);

}  // namespace fewshot::store
