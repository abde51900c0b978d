#include "engine/cross_validation.h"

#include <algorithm>
#include <random>

namespace fewshot::engine::detail {

std::vector<int> assignFolds(const std::vector<int64_t>& labels, int64_t classCount, int maxFolds,
                             uint64_t seed, int& foldCount)
{
    std::vector<std::vector<int64_t>> byClass(static_cast<size_t>(classCount));
    for (size_t i = 0; i < labels.size(); ++i)
        byClass[static_cast<size_t>(labels[i])].push_back(static_cast<int64_t>(i));

    size_t largestClass = 0;
    for (const auto& members : byClass)
        largestClass = std::max(largestClass, members.size());
    // With one shot per class, classes take turns being held out.
    const size_t foldLimit = largestClass > 1 ? largestClass : labels.size();
    foldCount = static_cast<int>(std::min<size_t>(static_cast<size_t>(std::max(maxFolds, 1)), foldLimit));
    foldCount = std::max(foldCount, 1);

    std::mt19937_64 random(seed);
    std::vector<int> folds(labels.size(), 0);
    int start = 0;
    for (auto& members : byClass) {
        std::shuffle(members.begin(), members.end(), random);
        for (size_t j = 0; j < members.size(); ++j)
            folds[static_cast<size_t>(members[j])] = static_cast<int>((start + j) % static_cast<size_t>(foldCount));
        start = static_cast<int>((start + members.size()) % static_cast<size_t>(foldCount));
    }
    return folds;
}

std::vector<int64_t> foldMembers(const std::vector<int>& folds, int fold, bool heldOut)
{
    std::vector<int64_t> members;
    for (size_t i = 0; i < folds.size(); ++i)
        if ((folds[i] == fold) == heldOut)
            members.push_back(static_cast<int64_t>(i));
    return members;
}

}  // namespace fewshot::engine::detail
