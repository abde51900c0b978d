#pragma once

// Reading image files for the store: content hashes, sizes and folder listings.

#include "store/store_types.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace fewshot::store {

struct ImageSize {
    int width = 0;
    int height = 0;
};

// Returns an image's width and height, or throws fewshot::Error naming the
// file when it cannot be decoded. The store does not decode images itself;
// the caller supplies this (the command line uses the image library).
using ImageSizeReader = std::function<ImageSize(const QString& path)>;

// SHA-256 of a file's bytes as lowercase hex. Throws Error naming the file
// when it cannot be read.
QString sha256OfFile(const QString& path);

// Hashes and measures one image file.
ImageFile describeImageFile(const QString& path, const ImageSizeReader& readSize);

// The file name extensions that folder imports take by default (lowercase, no dot).
QStringList defaultImageExtensions();

// Image files under `folder` whose extension is in `extensions` (compared
// without case), sorted by path. Hidden files and folders are skipped.
// Throws Error when the folder does not exist.
QStringList listImageFiles(const QString& folder, const QStringList& extensions, bool recursive);

}  // namespace fewshot::store
