#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fewshot {

// An 8-bit RGB image, rows top to bottom, pixels interleaved R, G, B.
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels;  // width * height * 3
};

struct ImageReadOptions {
    // Files whose header declares more pixels than this are rejected before
    // decoding, so a hostile or huge file cannot exhaust memory.
    int64_t maxPixels = 100'000'000;
};

// Reads an image file (JPEG, PNG, BMP, TIFF, WebP; gray, RGB, RGBA, palette;
// 8 or 16 bit) as the person viewing it sees it: EXIF orientation applied,
// alpha dropped, gray replicated to RGB. 16-bit data is windowed linearly from
// the image's 0.5th to 99.5th percentile onto 0..255.
// Throws Error naming the file and the reason for anything it cannot read.
RgbImage readImage(const std::string& path, const ImageReadOptions& options = {});

// Decodes an image held in memory; `name` is used in error messages.
RgbImage decodeImage(const std::string& bytes, const std::string& name,
                     const ImageReadOptions& options = {});

}  // namespace fewshot
