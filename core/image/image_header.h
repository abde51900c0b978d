#pragma once

// Reads what the image reader needs to know before decoding: the format, the
// declared size (to enforce the pixel limit) and the EXIF orientation. The
// bytes are untrusted, so every read is bounds-checked.

#include <cstdint>
#include <string>
#include <string_view>

namespace fewshot {

enum class ImageFormat { Png, Jpeg, Bmp, Tiff, WebP };

struct ImageHeader {
    ImageFormat format = ImageFormat::Png;
    int64_t width = 0;
    int64_t height = 0;
    // EXIF orientation 1..8 (TIFF tag 0x0112), or 1 when absent or malformed.
    int orientation = 1;
};

// Identifies PNG, JPEG, BMP, TIFF (and BigTIFF) and WebP by their signature
// and reads the header. Throws Error starting with `name` when the format is
// not one of these or the header is corrupt or truncated. For JPEG it also
// rejects data without an end-of-image marker after the first scan, because
// libjpeg decodes a truncated file without an error and fills the rest with gray.
ImageHeader readImageHeader(std::string_view bytes, const std::string& name);

// Returns the orientation stored in a TIFF structure (a TIFF file or an EXIF
// block, with or without the "Exif\0\0" prefix), or 1 when it is absent or malformed.
int readExifOrientation(std::string_view tiff);

const char* imageFormatName(ImageFormat format);

}  // namespace fewshot
