// Harnesses for the checkpoint and data files read through a path.

#include "fuzz_support.h"
#include "harnesses.h"

#include "base/error.h"
#include "base/npy.h"
#include "image/preprocess.h"
#include "model/clip_config.h"
#include "model/safetensors.h"

#include <cstring>
#include <vector>

namespace fewshot::fuzz {

int fuzzSafetensors(const uint8_t* data, size_t size)
{
    const auto path = writeScratchFile("model.safetensors", asText(data, size));
    try {
        const SafetensorsFile file(path.string());
        // Copy every tensor's bytes, so AddressSanitizer checks that the
        // validated offsets really stay inside the mapping.
        std::vector<uint8_t> copy;
        for (const auto& [name, entry] : file.entries()) {
            copy.resize(static_cast<size_t>(entry.end - entry.begin));
            // An empty vector's data() may be null, which memcpy must not get.
            if (!copy.empty())
                std::memcpy(copy.data(), file.data(entry), copy.size());
        }
    } catch (const Error&) {
    }
    return 0;
}

int fuzzClipConfig(const uint8_t* data, size_t size)
{
    const auto path = writeScratchFile("config.json", asText(data, size));
    try {
        const ClipConfig config = ClipConfig::fromHuggingFaceFile(path.string());
        describeArchitecture(config);
    } catch (const Error&) {
    }
    return 0;
}

int fuzzPreprocessConfig(const uint8_t* data, size_t size)
{
    const auto path = writeScratchFile("preprocessor_config.json", asText(data, size));
    try {
        const PreprocessConfig config = PreprocessConfig::fromFile(path.string());
        // Preprocess a small image with the parsed settings. Larger sizes are
        // valid but would only measure allocation speed.
        if (config.resizeShortestEdge <= 64 && config.cropSize <= 64) {
            RgbImage image;
            image.width = 5;
            image.height = 3;
            image.pixels.assign(5 * 3 * 3, 128);
            preprocessImage(image, config);
        }
    } catch (const Error&) {
    }
    return 0;
}

int fuzzNpy(const uint8_t* data, size_t size)
{
    const auto path = writeScratchFile("array.npy", asText(data, size));
    try {
        readNpy(path);
    } catch (const Error&) {
    }
    try {
        readNpyIntegers(path);
    } catch (const Error&) {
    }
    return 0;
}

}  // namespace fewshot::fuzz
