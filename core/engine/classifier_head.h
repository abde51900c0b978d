#pragma once

#include "engine/feature_matrix.h"

#include <string>
#include <vector>

namespace fewshot::engine {

// The trained classifier every feature-based method produces, applied to
// L2-normalized image embeddings x:
//
//   logits = x W^T + b + alpha * exp(-beta * (1 - x K^T)) V
//   probabilities = softmax(logits)
//
// Zero-shot and the linear probe use only W and b. Tip-Adapter adds the cache
// term, whose keys K are support embeddings and values V their one-hot labels.
// The CLIP logit scale and any mixing with zero-shot logits are folded into W.
//
// An ensemble head has members instead: its probabilities are the mean of
// the members' probabilities, and its own W, b and cache are empty.
struct ClassifierHead {
    FeatureMatrix weight;       // W [classes, dim]
    std::vector<float> bias;    // b [classes]
    FeatureMatrix cacheKeys;    // K [cache size, dim]; empty without a cache
    FeatureMatrix cacheValues;  // V [cache size, classes]
    float cacheAlpha = 0.0f;
    float cacheBeta = 0.0f;
    std::vector<ClassifierHead> members;  // ensemble members, which have no members themselves

    int64_t classCount() const { return members.empty() ? weight.rows : members.front().classCount(); }
    int64_t dimension() const { return members.empty() ? weight.cols : members.front().dimension(); }
    bool hasCache() const { return cacheKeys.rows > 0; }
    bool isEnsemble() const { return !members.empty(); }

    // Throws Error when the shapes disagree or a value is not finite.
    void validate() const;
};

// Returns the class probabilities [rows, classes] of `features` [rows, dim].
// Rows are L2-normalized first, so raw embeddings may be passed. Throws Error
// when the feature dimension differs from the head's.
FeatureMatrix predictProbabilities(const ClassifierHead& head, const FeatureMatrix& features);

}  // namespace fewshot::engine
