#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace fewshot {

// A float32 array read from or written to NumPy's .npy format.
struct NpyArray {
    std::vector<int64_t> shape;
    std::vector<float> data;  // C order

    int64_t elementCount() const;
};

// Reads a .npy file of float32 (also float64, int32 and int64, converted to
// float32) in C order. Throws Error naming the file for anything else.
NpyArray readNpy(const std::filesystem::path& path);

// Reads a .npy file of integers (int32 or int64) as int64 values.
std::vector<int64_t> readNpyIntegers(const std::filesystem::path& path,
                                     std::vector<int64_t>* shape = nullptr);

// Encodes a float32 array as NumPy format 1.0, little-endian, C order.
std::string encodeNpy(const std::vector<int64_t>& shape, const float* data);

// Writes a float32 array atomically (temporary file, then rename).
void writeNpy(const std::filesystem::path& path, const std::vector<int64_t>& shape,
              const float* data);

}  // namespace fewshot
