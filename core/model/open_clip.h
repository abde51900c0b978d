#pragma once

// OpenCLIP checkpoints: their config and their OpenAI-style tensor names.
// Includes LibTorch: model code only.

#include "model/clip_config.h"

#include <torch/torch.h>

#include <map>
#include <string>

namespace fewshot {

// readOpenClipConfig (declared in clip_config.h) reads `open_clip_config.json`
// ({"model_cfg": {...}, "preprocess_cfg": {...}}). It throws Error naming the
// file and the feature for towers this program does not implement (ResNet
// image towers, attentional pooling, Hugging Face or timm towers, other
// pooling), rather than computing wrong numbers.

// Renames OpenAI-style keys (visual.conv1.weight, transformer.resblocks.N...)
// to Hugging Face ones, splitting fused attention projections and
// transposing the projection matrices. Unknown keys are kept as they are.
std::map<std::string, torch::Tensor> convertOpenAiKeys(const std::map<std::string, torch::Tensor>& tensors);

}  // namespace fewshot
