#pragma once

// Prompt learning (CoOp: Zhou et al., 2022, "Learning to Prompt for
// Vision-Language Models"): a few context vectors replace the words of the
// prompt template and are trained through the frozen text encoder, so that
// "[v1] [v2] ... [vM] <class name>." classifies the support images. The image
// encoder stays frozen too, so training runs on cached image embeddings and
// the result is a plain linear head over them (the learned class embeddings),
// exported like the other methods' heads.
//
// Learned prompts overfit with one or two shots, where CoOp falls below
// zero-shot accuracy. As in KgCoOp (Yao et al., 2023, "Visual-Language
// Prompt Tuning with Knowledge-guided Context Optimization"), a penalty keeps
// each learned class embedding near its hand-made prototype.

#include "engine/method.h"

#include <memory>
#include <string>
#include <vector>

namespace fewshot {

class ClipModel;
class Tokenizer;

namespace train {

struct PromptLearningOptions {
    // The context starts as the token embeddings of these words, so training
    // starts from the hand-made prompt "a photo of a <class name>.".
    std::string initialContext = "a photo of a";
    // One context shared by all classes (CoOp's unified context), or one per
    // class (its class-specific context, better with many shots).
    bool classSpecific = false;
    // Full-batch Adam steps over the support embeddings, with a cosine decay
    // of the learning rate to zero.
    int steps = 200;
    double learningRate = 2e-3;
    // Weight of the mean squared distance between each learned class
    // embedding and its hand-made prototype (both unit length). KgCoOp uses 8.
    double prototypePenalty = 8.0;
};

// Creates the method for a model, its tokenizer and the class names, in the
// order of the labels and prototypes passed to fit. The model and tokenizer
// must outlive the method. fit throws Error when the class names do not match
// the prototypes, or when a class name is too long for the model's context.
std::unique_ptr<engine::FewShotMethod> makePromptLearning(const ClipModel& model, const Tokenizer& tokenizer,
                                                          std::vector<std::string> classNames,
                                                          PromptLearningOptions options = {});

}  // namespace train
}  // namespace fewshot
