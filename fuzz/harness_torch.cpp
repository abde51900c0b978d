// Harnesses for the parsers that run LibTorch code: OpenCLIP's config (its
// source file includes LibTorch) and pytorch_model.bin archives.

#include "fuzz_support.h"
#include "harnesses.h"

#include "base/error.h"
#include "model/checkpoint_reader.h"
#include "model/clip_config.h"

#include <cstring>
#include <vector>

namespace fewshot::fuzz {

int fuzzOpenClipConfig(const uint8_t* data, size_t size)
{
    const auto path = writeScratchFile("open_clip_config.json", asText(data, size));
    try {
        const ClipConfig config = readOpenClipConfig(path.string());
        describeArchitecture(config);
    } catch (const Error&) {
    }
    return 0;
}

int fuzzTorchBin(const uint8_t* data, size_t size)
{
    const auto path = writeScratchFile("pytorch_model.bin", asText(data, size));
    try {
        const auto tensors = readTorchBin(path.string());
        // Copy each tensor's bytes through memcpy, which AddressSanitizer
        // checks, so a tensor that points past its storage is reported.
        std::vector<char> copy;
        for (const auto& [name, tensor] : tensors) {
            if (!tensor.defined() || !tensor.is_contiguous() || tensor.nbytes() == 0)
                continue;
            copy.resize(tensor.nbytes());
            std::memcpy(copy.data(), tensor.data_ptr(), copy.size());
        }
    } catch (const Error&) {
    }
    return 0;
}

}  // namespace fewshot::fuzz
