#pragma once

#include "model/mapped_file.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fewshot {

// One tensor's entry in a safetensors header.
struct SafetensorsEntry {
    std::string dtype;            // "F32", "F16", "BF16", "I64", ...
    std::vector<int64_t> shape;
    uint64_t begin = 0;           // byte offsets relative to the data section
    uint64_t end = 0;
};

// A memory-mapped safetensors file (8-byte little-endian header length, JSON
// header, raw little-endian tensor data). The file is never read into a buffer:
// tensor data points into the mapping, which lives as long as any copy of the
// shared pointer returned by mapping().
class SafetensorsFile {
public:
    // Maps the file and validates the header: every entry has a known dtype,
    // a shape whose byte size matches its offsets, and offsets inside the file.
    // Throws Error naming the file (and tensor) when anything is wrong.
    explicit SafetensorsFile(const std::string& path);

    const std::string& path() const { return path_; }
    const std::map<std::string, SafetensorsEntry>& entries() const { return entries_; }
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    const std::string& headerText() const { return header_; }

    // Start of a tensor's bytes inside the mapping.
    const uint8_t* data(const SafetensorsEntry& entry) const;

    // Keeps the mapping alive; tensors that alias it hold a copy.
    std::shared_ptr<const void> mapping() const { return std::shared_ptr<const void>(file_, file_->data()); }
    // The mapped file, to check later that it has not changed on disk.
    std::shared_ptr<const MappedFile> mappedFile() const { return file_; }

    // Bytes per element of a safetensors dtype name, or 0 when unknown.
    static int elementSize(const std::string& dtype);

private:
    std::string path_;
    std::string header_;
    std::map<std::string, SafetensorsEntry> entries_;
    std::map<std::string, std::string> metadata_;
    std::shared_ptr<MappedFile> file_;
    const uint8_t* dataStart_ = nullptr;
};

// Writes tensors to a safetensors file atomically (temporary file and rename).
// `tensors` maps names to (dtype, shape, raw bytes).
struct SafetensorsTensor {
    std::string dtype;
    std::vector<int64_t> shape;
    std::string bytes;
};
void writeSafetensors(const std::string& path, const std::map<std::string, SafetensorsTensor>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace fewshot
