#pragma once

// Makes any few-shot method that trains on cached image embeddings by name,
// including those that need the CLIP text encoder (coop) and ensembles of
// them, for the command line and the desktop application alike.

#include "engine/method.h"
#include "train/prompt_learning.h"

#include <memory>
#include <string>
#include <vector>

namespace fewshot {

class ClipModel;
class Tokenizer;

namespace train {

struct MethodSettings {
    PromptLearningOptions promptLearning;
    // Members of "ensemble": any of the other methods except fine-tune.
    std::vector<std::string> ensembleMembers = {"linear-probe", "tip-adapter-f", "coop"};
};

// Creates the method `name` for classes whose prompt texts are `classTexts`
// (the words that fill "{}", in label order). `model` and `tokenizer` may be
// null for the feature methods; coop, and ensembles with coop, need them and
// must not outlive them. Throws Error for an unknown name, for fine-tune
// (which trains on images), and for coop without a model.
std::unique_ptr<engine::FewShotMethod> makeMethod(const std::string& name, const ClipModel* model,
                                                  const Tokenizer* tokenizer, const std::vector<std::string>& classTexts,
                                                  const MethodSettings& settings = {});

}  // namespace train
}  // namespace fewshot
