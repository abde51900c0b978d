// Stands in for open_clip.cpp in the fuzz programs without LibTorch:
// clip_config.cpp refers to readOpenClipConfig, whose real definition
// includes LibTorch. The fuzz harnesses never call it there; the
// open_clip_config fuzzer links the real one.

#include "base/error.h"
#include "model/clip_config.h"

namespace fewshot {

ClipConfig readOpenClipConfig(const std::string& path)
{
    throw Error(path + ": OpenCLIP configs are not read by this fuzz program");
}

}  // namespace fewshot
