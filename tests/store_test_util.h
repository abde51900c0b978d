#pragma once

// Helpers for the project store tests: tiny BMP images written by hand (the
// store tests do not link the image library), a size reader for them, and a
// way to run a check as an unprivileged user.

#include "store/image_file.h"
#include "store/project_import.h"

#include <QString>

#include <filesystem>
#include <functional>
#include <string>

namespace fewshot::test {

// Writes a 24-bit BMP whose pixels depend on `seed`, so different seeds give
// different content hashes. Creates missing parent folders.
void writeBmp(const std::filesystem::path& path, int width, int height, int seed);

// Reads width and height from a BMP header; throws fewshot::Error naming the
// file for anything else, like the real image reader does for broken files.
store::ImageSize readBmpSize(const QString& path);

store::ImportOptions bmpImportOptions();

QString qstr(const std::filesystem::path& path);

// Runs `check` in a child process as user "nobody" when the tests run as
// root (root ignores permission bits), else directly. Returns the check's
// result: 0 for success.
int runUnprivileged(const std::function<int()>& check);

// True when the current process can ignore file permissions (root).
bool isPrivileged();

}  // namespace fewshot::test
