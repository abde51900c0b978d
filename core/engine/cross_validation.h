#pragma once

#include <cstdint>
#include <vector>

namespace fewshot::engine::detail {

// Assigns each support sample to one of at most `maxFolds` folds. Each class's
// samples are shuffled with `seed` and dealt round-robin, so with k shots and
// k <= maxFolds every fold holds out one sample per class (leave-one-out per
// class). A class with fewer samples than folds is spread over the folds by
// starting its round at a different fold, so every fold holds out some
// samples. Returns the fold index of each sample and sets `foldCount`; the
// count is 1 when cross-validation is impossible (a single sample).
std::vector<int> assignFolds(const std::vector<int64_t>& labels, int64_t classCount, int maxFolds,
                             uint64_t seed, int& foldCount);

// Indices of the samples in fold `fold` (held out) or not in it (training).
std::vector<int64_t> foldMembers(const std::vector<int>& folds, int fold, bool heldOut);

}  // namespace fewshot::engine::detail
