#pragma once

// Reads the tensors of a checkpoint folder in any supported layout, under
// their Hugging Face CLIPModel names. Includes LibTorch: model code only.

#include "model/clip_config.h"
#include "model/mapped_file.h"

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fewshot {

struct CheckpointTensors {
    ClipConfig config;
    std::map<std::string, torch::Tensor> tensors;  // Hugging Face names
    std::string weightsPath;        // the file (or index) the tensors came from
    std::string format;             // "hf-safetensors", "hf-sharded-safetensors", "hf-bin", "open_clip-safetensors", "open_clip-bin"
    std::string fingerprintSource;  // bytes that identify config and weights
    // True when the tensors alias private memory mappings of the files.
    bool memoryMapped = false;
    // The mapped files, to check before using the tensors that they have not changed on disk.
    std::vector<std::shared_ptr<const MappedFile>> mappedFiles;
};

// Detects the folder's layout and reads config and tensors:
//   Hugging Face: config.json with model.safetensors, model.safetensors.index.json
//     and its shards, or pytorch_model.bin;
//   OpenCLIP: open_clip_config.json with open_clip_model.safetensors or
//     open_clip_pytorch_model.bin (OpenAI key names, converted here).
// Safetensors data is memory-mapped, not copied. Throws Error naming the file
// when the folder holds none of these or a file is invalid.
CheckpointTensors readCheckpoint(const std::string& folder);

// Reads a torch.save archive (zip) of a state dict without running any Python
// code: LibTorch's unpickler only rebuilds tensors and plain containers.
std::map<std::string, torch::Tensor> readTorchBin(const std::string& path);

}  // namespace fewshot
