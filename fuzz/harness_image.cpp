// Harness for image decoding with the pixel-limit guard.

#include "fuzz_support.h"
#include "harnesses.h"

#include "base/error.h"
#include "image/image_header.h"
#include "image/image_io.h"

#include <string>

namespace fewshot::fuzz {

int fuzzImageDecode(const uint8_t* data, size_t size)
{
    const std::string bytes(asText(data, size));
    // The same EXIF reader that JPEG, PNG and WebP headers hand their Exif
    // blocks to, on the raw input, so TIFF structures are fuzzed directly too.
    readExifOrientation(bytes);
    ImageReadOptions options;
    // 4 megapixels: far below the default, so that a fuzzed header cannot
    // make one run spend seconds decoding, yet larger than any seed.
    options.maxPixels = 4'000'000;
    try {
        const RgbImage image = decodeImage(bytes, "fuzz-input", options);
        // The pixel count the guard allowed must be what came out.
        if (static_cast<int64_t>(image.width) * image.height > options.maxPixels)
            throw std::logic_error("decoded image is larger than the pixel limit");
    } catch (const Error&) {
    }
    return 0;
}

}  // namespace fewshot::fuzz
