#pragma once

// Helpers shared by the commands that load a CLIP checkpoint.

#include "pipeline/clip_session.h"

#include <QCommandLineParser>
#include <QStringList>

#include <memory>
#include <string>
#include <vector>

namespace fewshot::cli {

// --model DIR, or UsageError when it is missing.
QString requireModelFolder(const QCommandLineParser& parser);

// --output FILE, or UsageError when it is missing.
QString requireOutput(const QCommandLineParser& parser);

// Reads --threads, --batch-size, --device, --dtype and --tokenizer.
SessionOptions sessionOptions(const QCommandLineParser& parser);

// Opens --model with the options above and prints the checkpoint's warnings.
std::unique_ptr<ClipSession> openSession(const QCommandLineParser& parser);

// Expands folders to the image files inside them (recursively, sorted by
// path, by extension: jpg, jpeg, png, bmp, tif, tiff, webp); other arguments
// are kept as given, in argument order.
std::vector<std::string> expandImagePaths(const QStringList& arguments);

}  // namespace fewshot::cli
