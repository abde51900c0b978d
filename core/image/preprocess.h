#pragma once

#include "image/image_io.h"

#include <array>
#include <string>
#include <vector>

namespace fewshot {

// CLIP image preprocessing settings, as in a Hugging Face
// `preprocessor_config.json` or OpenCLIP's `preprocess_cfg`.
struct PreprocessConfig {
    int resizeShortestEdge = 224;
    int cropSize = 224;
    std::array<float, 3> mean = {0.48145466f, 0.4578275f, 0.40821073f};
    std::array<float, 3> std = {0.26862954f, 0.26130258f, 0.27577711f};

    // Reads `preprocessor_config.json` (integer `size`/`crop_size`, or the newer
    // `{"shortest_edge": N}` and `{"height": H, "width": W}` forms).
    // Missing keys keep CLIP's values; a malformed file throws Error naming it.
    static PreprocessConfig fromFile(const std::string& path);

    // Writes these settings as a Hugging Face CLIPImageProcessor
    // `preprocessor_config.json` (bicubic resize, center crop, normalize),
    // replacing the file atomically.
    void writeFile(const std::string& path) const;
};

struct ImageSize {
    int width = 0;
    int height = 0;
};

// Returns the size torchvision's Resize(int) gives: the shorter side becomes
// `shortestEdge` and the longer one int(shortestEdge * long / short), computed
// in double precision and truncated as Python does.
ImageSize shortestEdgeSize(int width, int height, int shortestEdge);

// Resizes with PIL's bicubic filter (Image.resize with BICUBIC, a = -0.5,
// antialiased when shrinking), rows first then columns, with PIL's 8-bit
// rounding and clamping after each pass.
RgbImage resizeBicubic(const RgbImage& image, int width, int height);

// Applies the reference CLIP transform: shortest side to resizeShortestEdge
// (long side int(size * long / short)), centre crop cropSize with the offset
// round((h - crop) / 2) rounding halves to even, scale to [0, 1], normalize.
// A side shorter than the crop is padded with black first, half (rounded down)
// before it, as torchvision's CenterCrop does.
// Returns float32 [3, cropSize, cropSize] in C order.
std::vector<float> preprocessImage(const RgbImage& image, const PreprocessConfig& config);

}  // namespace fewshot
