#pragma once

#include <cstdint>
#include <string>

namespace fewshot {

// One transformer tower. Defaults are those of Hugging Face's CLIPTextConfig
// and CLIPVisionConfig (transformers 4.x), used when config.json omits a key.
struct TowerConfig {
    int64_t hiddenSize = 0;
    int64_t intermediateSize = 0;
    int64_t numHeads = 0;
    int64_t numLayers = 0;
    std::string hiddenAct = "quick_gelu";  // "quick_gelu" or "gelu"
    double layerNormEps = 1e-5;
};

struct TextConfig : TowerConfig {
    int64_t vocabSize = 49408;
    int64_t maxPositions = 77;
    // Many hub configs carry the placeholder 2 here. With 2 the features are
    // pooled at the largest token id, as the reference CLIP code does;
    // otherwise at the first occurrence of this id.
    int64_t eosTokenId = 49407;

    TextConfig();
};

struct VisionConfig : TowerConfig {
    int64_t imageSize = 224;
    int64_t patchSize = 32;
    int64_t numChannels = 3;

    VisionConfig();
    int64_t gridSize() const { return imageSize / patchSize; }
    int64_t numPositions() const { return gridSize() * gridSize() + 1; }
};

// The architecture of a CLIP checkpoint. Every number the model code uses
// comes from here.
struct ClipConfig {
    TextConfig text;
    VisionConfig vision;
    int64_t projectionDim = 512;
    double logitScaleInit = 2.6592;
    std::string name;  // e.g. "ViT-L/14", derived from the vision tower

    // Reads a Hugging Face CLIPModel `config.json`. `text_config_dict` and
    // `vision_config_dict` override `text_config` and `vision_config`.
    // Throws Error naming the file when it is malformed, describes a single
    // tower (CLIPTextModel, CLIPVisionModel), or has values the model cannot use.
    static ClipConfig fromHuggingFaceFile(const std::string& path);

    // Checks that the numbers fit together (heads divide widths, patches tile
    // the image). Throws Error with `source` in the message.
    void validate(const std::string& source) const;
};

// Reads the architecture of a checkpoint folder without its weights: a
// Hugging Face `config.json` or, failing that, OpenCLIP's `open_clip_config.json`.
ClipConfig readFolderConfig(const std::string& folder);

// Reads OpenCLIP's `open_clip_config.json` (defined in open_clip.cpp).
ClipConfig readOpenClipConfig(const std::string& path);

// A short architecture name such as "ViT-B/32" or "ViT-L/14-336", or a
// description with the widths when the shape is not a published one.
std::string describeArchitecture(const ClipConfig& config);

}  // namespace fewshot
