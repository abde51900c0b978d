#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace fewshot {

// A whole file mapped privately into memory (readable and copy-on-write
// writable), for weights that tensors use in place.
//
// A mapped file can change under the program: a user re-downloads a model
// over the old files, or a copy truncates them first. Reading a page that a
// truncation removed raises SIGBUS, which would kill the program. While a
// MappedFile exists, a SIGBUS handler instead replaces the lost pages with
// zeros and marks the file damaged, so the read completes. checkUnchanged()
// then throws, and the caller discards what it computed from the bytes.
// NOTE: at most 256 files are guarded at once; later mappings still work,
// but a truncation of one of them ends the program as before.
class MappedFile {
public:
    // Maps `path`. Throws Error naming the file when it cannot be opened or
    // mapped, or when it is not a regular file.
    static std::shared_ptr<MappedFile> open(const std::string& path);

    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::string& path() const { return path_; }
    uint8_t* data() const { return data_; }
    size_t size() const { return size_; }

    // Throws Error naming the file when it was truncated, rewritten or
    // replaced in place since it was mapped, so that the bytes seen through
    // the mapping may differ from the ones validated at load time. A file
    // that was deleted or renamed over keeps its old contents in the mapping
    // and passes.
    void checkUnchanged() const;

private:
    MappedFile() = default;

    std::string path_;
    uint8_t* data_ = nullptr;
    size_t size_ = 0;
    int fd_ = -1;  // kept open to compare the file's size and time with those at mapping time
    int64_t mappedSize_ = 0;
    int64_t mappedTimeNs_ = 0;
    int guardSlot_ = -1;  // index in the SIGBUS handler's table, or -1
};

}  // namespace fewshot
