#pragma once

#include "engine/method.h"

#include <memory>
#include <vector>

namespace fewshot::engine {

// An ensemble of few-shot methods: each member is trained on the same support
// set, and the ensemble's probabilities are the mean of theirs. Its head is an
// ensemble head (ClassifierHead::members). Throws Error for fewer than two
// members or a member that is an ensemble itself.
std::unique_ptr<FewShotMethod> makeEnsemble(std::vector<std::unique_ptr<FewShotMethod>> members);

}  // namespace fewshot::engine
