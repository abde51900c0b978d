#pragma once

#include "model/clip_config.h"

#include <cstdint>
#include <string>

namespace fewshot {

// Floating-point operations (multiply and add counted separately) of one
// forward pass, from the architecture: the matrix products of the attention
// and MLP blocks, the attention scores and the patch embedding.
double imageEncoderFlops(const ClipConfig& config);
double textEncoderFlops(const ClipConfig& config, int64_t tokens);

// Measures the GFLOP/s of a size x size matrix product in the given dtype
// ("float32" or "bfloat16") on the CPU with the current thread count, repeated
// for about `seconds`. The practical ceiling for the encoders.
double measureMatmulGflops(int64_t size, const std::string& dtype, double seconds);

// Peak resident memory of this process so far, in bytes.
int64_t peakResidentBytes();

// Weights of the architecture in bytes at the given dtype.
int64_t weightBytes(const ClipConfig& config, const std::string& dtype);

// Preset architectures of the published CLIP models: "ViT-B/32", "ViT-B/16",
// "ViT-L/14", "ViT-L/14-336". Throws Error for other names.
ClipConfig presetArchitecture(const std::string& name);

}  // namespace fewshot
