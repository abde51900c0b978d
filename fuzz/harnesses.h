#pragma once

// One fuzz harness per parser of untrusted input. Each takes the raw fuzz
// input, runs the parser on it and returns 0. A fewshot::Error is the
// expected outcome for invalid input and is caught inside; any other
// exception escapes, and libFuzzer (or the regression test) reports it as a
// finding, as it does crashes, sanitizer reports and timeouts.

#include <cstddef>
#include <cstdint>

namespace fewshot::fuzz {

// Parsers without LibTorch (harness_files.cpp, harness_text.cpp,
// harness_image.cpp, harness_store.cpp).
int fuzzSafetensors(const uint8_t* data, size_t size);
int fuzzClipConfig(const uint8_t* data, size_t size);
int fuzzPreprocessConfig(const uint8_t* data, size_t size);
int fuzzNpy(const uint8_t* data, size_t size);
int fuzzTokenizerEncode(const uint8_t* data, size_t size);
int fuzzTokenizerFiles(const uint8_t* data, size_t size);
int fuzzImageDecode(const uint8_t* data, size_t size);
int fuzzCsvImport(const uint8_t* data, size_t size);

// Parsers that run LibTorch code (harness_torch.cpp).
int fuzzOpenClipConfig(const uint8_t* data, size_t size);
int fuzzTorchBin(const uint8_t* data, size_t size);

}  // namespace fewshot::fuzz
