#pragma once

// Helpers shared by the model tests: comparing arrays and making small
// checkpoints in scratch folders.

#include "base/npy.h"
#include "model/clip_config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace fewshot::test {

inline float maxAbsDifference(const std::vector<float>& a, const std::vector<float>& b)
{
    EXPECT_EQ(a.size(), b.size());
    float worst = 0;
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

// A CLIP architecture small enough to run in milliseconds.
inline ClipConfig tinyConfig()
{
    ClipConfig config;
    config.text.hiddenSize = 32;
    config.text.intermediateSize = 64;
    config.text.numHeads = 2;
    config.text.numLayers = 2;
    config.text.vocabSize = 300;
    config.text.maxPositions = 16;
    config.text.eosTokenId = 299;
    config.vision.hiddenSize = 32;
    config.vision.intermediateSize = 64;
    config.vision.numHeads = 4;
    config.vision.numLayers = 2;
    config.vision.imageSize = 16;
    config.vision.patchSize = 8;
    config.projectionDim = 24;
    return config;
}

}  // namespace fewshot::test
