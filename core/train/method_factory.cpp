#include "train/method_factory.h"

#include "base/error.h"
#include "engine/ensemble.h"

namespace fewshot::train {
namespace {

std::unique_ptr<engine::FewShotMethod> makeSingle(const std::string& name, const ClipModel* model,
                                                  const Tokenizer* tokenizer, const std::vector<std::string>& classTexts,
                                                  const MethodSettings& settings)
{
    if (name == "coop") {
        if (model == nullptr || tokenizer == nullptr)
            throw Error("the coop method trains through the CLIP text encoder; load a CLIP model first");
        return makePromptLearning(*model, *tokenizer, classTexts, settings.promptLearning);
    }
    if (name == "fine-tune")
        throw Error("the fine-tune method retrains the image encoder on images, so it cannot run on cached "
                    "embeddings; train it with 'fewshot train --project FILE --method fine-tune'");
    if (name == "ensemble")
        throw Error("an ensemble cannot contain another ensemble");
    return engine::createMethod(name);
}

}  // namespace

std::unique_ptr<engine::FewShotMethod> makeMethod(const std::string& name, const ClipModel* model,
                                                  const Tokenizer* tokenizer, const std::vector<std::string>& classTexts,
                                                  const MethodSettings& settings)
{
    if (name != "ensemble")
        return makeSingle(name, model, tokenizer, classTexts, settings);
    std::vector<std::unique_ptr<engine::FewShotMethod>> members;
    for (const std::string& member : settings.ensembleMembers)
        members.push_back(makeSingle(member, model, tokenizer, classTexts, settings));
    return engine::makeEnsemble(std::move(members));
}

}  // namespace fewshot::train
