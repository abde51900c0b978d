#pragma once

#include "model/clip_config.h"

#include <cstdint>
#include <string>

namespace fewshot {

struct ClipModulesImpl;

// Writes a Hugging Face CLIPModel `config.json` for the architecture.
void writeHuggingFaceConfig(const std::string& path, const ClipConfig& config);

// Writes the modules' parameters as float32 `model.safetensors` with Hugging
// Face key names, plus `config.json`, into `folder` (created if missing).
void saveHuggingFaceCheckpoint(const std::string& folder, ClipModulesImpl& modules);

// Writes a checkpoint of the given architecture with random weights (normal,
// std 0.02; layer norms at 1 and 0), deterministic under `seed`. For tests and
// benchmarks: it predicts nothing meaningful.
void writeRandomCheckpoint(const std::string& folder, const ClipConfig& config, uint64_t seed);

}  // namespace fewshot
