#pragma once

#include "demo/demo_generator.h"

#include <cstdint>
#include <functional>
#include <string>

namespace fewshot::demo {

// Writes samples 0 .. count-1 of the stream `seed` as PNG files into one
// sub-folder per defect class, named by the class ("folder/scratch/000017.png"),
// so the folder names are the class names for zero-shot classification.
// Classes differ in size by at most one image. `progress`, when set, is
// called after each file with the number written so far.
// Throws Error naming the file when a folder or file cannot be written.
void writeDemoDataset(const std::string& folder, int64_t count, uint64_t seed,
                      const std::function<void(int64_t written)>& progress = {});

// Writes one sample as an 8-bit RGB PNG file. Throws Error naming the file.
void writeSamplePng(const DemoSample& sample, const std::string& path);

}  // namespace fewshot::demo
