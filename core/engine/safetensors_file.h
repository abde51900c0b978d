#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace fewshot::engine {

// A float32 tensor by name, as stored in a safetensors file.
struct NamedTensor {
    std::string name;
    std::vector<int64_t> shape;  // empty for a scalar
    std::vector<float> values;   // row-major
};

// Encodes tensors in the safetensors format (https://github.com/huggingface/safetensors).
// The file starts with an 8-byte little-endian header length. The JSON header
// gives each tensor's dtype, shape and [begin, end) byte offsets into the data,
// plus an optional "__metadata__" map of strings, and is padded with spaces so
// the data starts at a multiple of 8 bytes. The raw little-endian data follows
// in the given order. Throws Error when a tensor's value count does not match
// its shape or a name repeats.
std::string encodeSafetensors(const std::vector<NamedTensor>& tensors,
                              const std::map<std::string, std::string>& metadata = {});

// Reads a safetensors file whose tensors are all F32, in file order, with its
// metadata. Throws Error naming the file for a malformed header, another
// dtype, or offsets outside the data.
std::vector<NamedTensor> readSafetensors(const std::filesystem::path& path,
                                         std::map<std::string, std::string>* metadata = nullptr);

// Decodes safetensors bytes held in memory, as readSafetensors does a file.
// `name` stands for the source in error messages.
std::vector<NamedTensor> decodeSafetensors(const std::string& bytes, const std::string& name,
                                           std::map<std::string, std::string>* metadata = nullptr);

}  // namespace fewshot::engine
