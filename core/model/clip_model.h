#pragma once

#include "model/clip_config.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace fewshot {

struct ClipModulesImpl;

struct ModelOptions {
    std::string device = "auto";   // "auto" (CUDA when available), "cpu" or "cuda"
    std::string dtype = "float32"; // "float32", "bfloat16", or "float16" (CUDA only)
    int threads = 0;               // CPU intra-op threads; 0 means all cores
};

// A loaded CLIP checkpoint. The public interface uses plain types so that GUI
// code never includes LibTorch; model and engine code reach the LibTorch
// modules through modules().
class ClipModel {
public:
    // Loads a checkpoint folder: Hugging Face CLIPModel (config.json with
    // model.safetensors, sharded safetensors or pytorch_model.bin) or OpenCLIP
    // (open_clip_config.json with open_clip_model.safetensors or
    // open_clip_pytorch_model.bin). Weights stored in float16 or bfloat16 are
    // converted to options.dtype.
    // Every tensor the architecture needs must be present with its shape.
    // Throws Error naming the file or tensor, what was found and what was expected.
    static std::unique_ptr<ClipModel> load(const std::string& folder, const ModelOptions& options = {});

    ~ClipModel();

    const ClipConfig& config() const;
    const std::string& folder() const;
    // Messages about the checkpoint worth showing once (e.g. unknown tensors).
    const std::vector<std::string>& warnings() const;

    int64_t embeddingDim() const;
    int64_t imageSize() const;
    int64_t parameterCount() const;
    std::string dtypeName() const;
    std::string deviceName() const;
    // A stable identifier of the weights and config, for embedding caches.
    const std::string& fingerprint() const;
    // The checkpoint layout, e.g. "hf-safetensors" or "open_clip-bin".
    const std::string& format() const;
    // exp(logit_scale), clamped at 100.
    float logitScale() const;

    // Encodes preprocessed pixels, float32 [count, 3, S, S] in C order, to
    // projected features float32 [count, D], not normalized.
    std::vector<float> encodeImages(const float* pixels, int64_t count) const;

    // Encodes token id sequences (start and end tokens included, of any
    // lengths up to the context length) to float32 [count, D], not normalized.
    // The batch runs only up to its longest sequence: under the causal mask the
    // features at the end token do not depend on later padding.
    std::vector<float> encodeTexts(const std::vector<std::vector<int64_t>>& tokenIds) const;

    ClipModulesImpl& modules() const;

private:
    ClipModel();
    struct Data;
    std::unique_ptr<Data> d;
};

}  // namespace fewshot
