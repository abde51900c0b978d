#pragma once

// Ways to make the file system fail on purpose, for the fault tests: a
// file size limit that acts like a full disk, and a small tmpfs that can be
// filled for real or made read-only.

#include <sys/resource.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace fewshot::test {

// Limits the size of every file this process writes (RLIMIT_FSIZE) until
// destroyed. A write past the limit fails with EFBIG ("File too large"), as
// a write to a full disk fails with ENOSPC, because SIGXFSZ is ignored
// meanwhile. Works without privileges and on any file system.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes);
    ~FileSizeLimit();
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

private:
    struct rlimit previous_ {};
    void (*previousHandler_)(int) = nullptr;
};

// A tmpfs of `bytes` mounted on `folder` (created if missing) until
// destroyed. mounted() is false where this process may not mount (not
// root, or a container without CAP_SYS_ADMIN); tests then skip.
class ScopedTmpfs {
public:
    ScopedTmpfs(const std::filesystem::path& folder, size_t bytes);
    ~ScopedTmpfs();
    ScopedTmpfs(const ScopedTmpfs&) = delete;
    ScopedTmpfs& operator=(const ScopedTmpfs&) = delete;

    bool mounted() const { return mounted_; }
    // Remounts read-only (true) or writable (false); returns false on failure.
    bool setReadOnly(bool readOnly);
    // Writes a filler file until the file system is full.
    void fill();

private:
    std::filesystem::path folder_;
    size_t bytes_ = 0;
    bool mounted_ = false;
};

// What messageOf returns when the action raised nothing.
inline constexpr const char* kNoError = "(no error was raised)";

// The message of the fewshot::Error that `action` raises, or kNoError.
// Other exceptions pass through and fail the test.
std::string messageOf(const std::function<void()>& action);

std::string readFileOrEmpty(const std::filesystem::path& path);

// Names of the entries in `folder`, sorted; empty when it does not exist.
std::vector<std::string> folderEntries(const std::filesystem::path& folder);

}  // namespace fewshot::test
